package org.flowsec.render;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats UTC milliseconds for tables ({@code 2026-11-26 10:00:00.123}; CSV and JSON use {@link IsoTimeBytes}).
 * The date and time of the last second is cached: printed flows come in runs of nearby times, and java.time
 * would otherwise dominate the cost of printing many rows.
 */
final class TimeText {
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedTable = "";

    /** {@code 2026-11-26 10:00:00.123}, the form of nfdump's tables. */
    void appendTable(StringBuilder sb, long millis) {
        prepare(millis);
        sb.append(cachedTable);
        appendMillis(sb, millis);
    }

    private void prepare(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            StringBuilder sb = new StringBuilder(20);
            pad(sb, t.getYear(), 4).append('-');
            pad(sb, t.getMonthValue(), 2).append('-');
            pad(sb, t.getDayOfMonth(), 2).append(' ');
            pad(sb, t.getHour(), 2).append(':');
            pad(sb, t.getMinute(), 2).append(':');
            pad(sb, t.getSecond(), 2).append('.');
            cachedTable = sb.toString();
            cachedSecond = second;
        }
    }

    private static StringBuilder appendMillis(StringBuilder sb, long millis) {
        return pad(sb, (int) Math.floorMod(millis, 1000), 3);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
