package org.flowsec.base;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the times users type: ISO-8601 ({@code 2026-11-26T10:00:00Z}, with an offset, or without a zone,
 * read as UTC), nfdump's {@code 2026/11/26.10:00:00} (seconds, minutes or the time may be left off;
 * read as UTC, where nfdump uses local time) and epoch seconds.
 */
public final class TimeParser {
    private static final Pattern NFDUMP =
            Pattern.compile("(\\d{4})/(\\d{1,2})/(\\d{1,2})(?:\\.(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2}))?)?)?");

    /** {@code now}, or {@code now-} and a duration ({@code now-90m}, {@code now-2h}, {@code now-7d}). */
    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\S+))?");
    private static final long DAY_MS = 86_400_000L;

    private TimeParser() {}

    /**
     * As {@link #parseMillis(String)}, and also relative to {@code nowMs}: {@code now}, {@code now-2h} (any
     * duration: 90m, 12h, 7d, 2w), {@code today} and {@code yesterday} (their start, 00:00 UTC), the way an
     * analyst asks for "the last hour".
     */
    public static long parseMillis(String text, long nowMs) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher r = RELATIVE.matcher(t);
        if (r.matches()) {
            if (r.group(1) == null) {
                return nowMs;
            }
            try {
                return nowMs - Quantities.duration(r.group(1)).toMillis();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad time '" + text + "': write now-DURATION, e.g. now-90m, now-2h, now-7d");
            }
        }
        if (t.equals("today")) {
            return Math.floorDiv(nowMs, DAY_MS) * DAY_MS;
        }
        if (t.equals("yesterday")) {
            return Math.floorDiv(nowMs, DAY_MS) * DAY_MS - DAY_MS;
        }
        try {
            return parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad time '" + text + "': use ISO-8601 (2026-11-26T10:00:00Z), nfdump's "
                    + "form (2026/11/26.10:00:00) or a time relative to now (now-2h, today, yesterday)");
        }
    }

    /** UTC milliseconds; throws IllegalArgumentException with the accepted forms when the text is none of them. */
    public static long parseMillis(String text) {
        String t = text.trim();
        Matcher m = NFDUMP.matcher(t);
        try {
            if (m.matches()) {
                LocalDateTime ldt = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), group(m, 4), group(m, 5), group(m, 6));
                return ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (t.matches("\\d{9,10}")) {
                return Long.parseLong(t) * 1000;
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase()).toEpochMilli();
            }
            if (t.matches(".*T.*[+-]\\d{2}:?\\d{2}$")) {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            if (t.contains("T")) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("bad time '" + text
                    + "': use ISO-8601 (2026-11-26T10:00:00Z) or nfdump's form (2026/11/26.10:00:00)");
        }
    }

    private static int group(Matcher m, int g) {
        return m.group(g) == null ? 0 : Integer.parseInt(m.group(g));
    }
}
