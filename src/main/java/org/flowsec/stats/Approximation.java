package org.flowsec.stats;

import java.util.Locale;

/**
 * What a {@link LongKeyAggregator} that reached its memory limit can still promise. When {@code approximate},
 * each listed key's value in {@code column} is at most {@code errorBound} below its true total, and any key
 * not listed has a true total of at most {@code errorBound}.
 *
 * @param keysAtLimit keys held when the limit was reached (the exact table could hold no more)
 * @param evictions entries evicted since (a key evicted twice counts twice)
 */
public record Approximation(boolean approximate, int column, long keysAtLimit, long evictions, long errorBound,
        long memoryLimitBytes) {

    /** One line for users, empty when the results are exact. */
    public String message(String columnName) {
        if (!approximate) {
            return "";
        }
        return String.format(Locale.ROOT,
                "results are approximate: more than %,d keys exceeded the %s memory limit (%,d entries evicted);"
                        + " each %s value may be low by at most %,d and keys not listed have at most %,d;"
                        + " raise the heap (-Xmx) or narrow the query for exact results",
                keysAtLimit, bytesText(memoryLimitBytes), evictions, columnName, errorBound, errorBound);
    }

    static String bytesText(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
