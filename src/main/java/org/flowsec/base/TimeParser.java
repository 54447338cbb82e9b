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

    private TimeParser() {}

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
