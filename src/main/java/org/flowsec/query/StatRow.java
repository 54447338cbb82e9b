package org.flowsec.query;

import org.flowsec.stats.TopN;

/**
 * One key of a statistic and its values. {@code percent} is the key's share of the total of the order's
 * column (flows, packets or bytes; over all keys, so either-side keys add up to 200 %).
 *
 * @param key the key words, read with {@link GroupKey#text(long[])}
 * @param distinct distinct counts, in the order of the query's distinct fields
 */
public record StatRow(long[] key, long flows, long packets, long bytes, long first, long last, double percent,
        long[] distinct) {

    public long durationMs() {
        return last - first;
    }

    /** Packets per second over the key's span from first start to last end; 0 for a span of 0, as nfdump. */
    public double pps() {
        return TopN.perSecond(packets, durationMs());
    }

    public double bps() {
        return 8 * TopN.perSecond(bytes, durationMs());
    }

    public double bpp() {
        return TopN.ratio(bytes, packets);
    }
}
