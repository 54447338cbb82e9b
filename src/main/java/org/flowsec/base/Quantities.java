package org.flowsec.base;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations and sizes of command-line options: {@code 90d}, {@code 5m}, {@code 500G}. */
public final class Quantities {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)i?b?");

    private Quantities() {}

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 12h}, {@code 90d}, {@code 2w}; a bare number is seconds. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text + "': use e.g. 30s, 5m, 12h, 90d, 2w");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Bytes from {@code 4194304}, {@code 4M}, {@code 500G}, {@code 1.5T} (binary multiples: 1K = 1024). */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size '" + text + "': use e.g. 4194304, 16M, 500G, 2T");
        }
        double n = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }

    /** Counts for people, 1000-based as nfdump prints them: {@code 999}, {@code 1.2 k}, {@code 35.0 M}. */
    public static String human(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T", "P", "E"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
