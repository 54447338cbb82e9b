package org.flowsec.query;

import java.util.Locale;
import org.flowsec.stats.TopN;

/** What a statistic is ranked by (nfdump {@code -s KEY/ORDER}); the rates are per second of the key's span. */
public enum Order {
    FLOWS, PACKETS, BYTES, PPS, BPS, BPP;

    /** The value column whose share of the total is printed as a percentage. */
    int sumColumn() {
        return switch (this) {
            case FLOWS -> StatResult.FLOWS;
            case PACKETS, PPS -> StatResult.PACKETS;
            case BYTES, BPS, BPP -> StatResult.BYTES;
        };
    }

    /** Whether the order needs each key's first and last times (a rate over the key's duration). */
    boolean needsTimes() {
        return this == PPS || this == BPS;
    }

    TopN.Score score() {
        return switch (this) {
            case FLOWS, PACKETS, BYTES -> TopN.column(sumColumn());
            case PPS -> TopN.perSecond(StatResult.PACKETS, StatResult.FIRST, StatResult.LAST);
            case BPS -> TopN.bitsPerSecond(StatResult.BYTES, StatResult.FIRST, StatResult.LAST);
            case BPP -> TopN.ratio(StatResult.BYTES, StatResult.PACKETS);
        };
    }

    /**
     * A threshold in this order's unit as a score of {@link #score()}: counts are whole, so "at least 2.5"
     * is at least 3 and "at most 2.5" (bottom) at most 2.
     */
    long thresholdScore(double v, boolean bottom) {
        return switch (this) {
            case FLOWS, PACKETS, BYTES -> (long) (bottom ? Math.floor(v) : Math.ceil(v));
            default -> TopN.sortable(v);
        };
    }

    public String columnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Order parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown order '" + text + "': use flows, packets, bytes, pps, bps or bpp");
        }
    }
}
