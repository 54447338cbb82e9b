package org.flowsec.query;

import org.flowsec.query.filter.Filter;

/**
 * A time series (SiLK rwcount): flows, packets and bytes of the flows matching {@code filter} per bin of
 * {@code binMs}, over {@code [fromMs, toMs)} ({@code Long.MIN_VALUE}/{@code Long.MAX_VALUE}: the span of the
 * matching flows, bins aligned to multiples of the bin size since the epoch).
 *
 * @param spread spread packets and bytes over each flow's duration instead of its start bin
 * @param key one series per key value (at most 3 words), or null for one series
 * @param topKeys with a key, the series of the keys with most bytes over the whole range
 */
public record SeriesQuery(long fromMs, long toMs, Filter filter, long binMs, boolean spread, GroupKey key,
        int topKeys) {
    public static final int MAX_KEY_WORDS = 3;

    public SeriesQuery {
        if (binMs <= 0) {
            throw new IllegalArgumentException("the bin size must be positive");
        }
        if (fromMs >= toMs) {
            throw new IllegalArgumentException("the time range must start before it ends");
        }
        if (key != null && key.words() > MAX_KEY_WORDS) {
            throw new IllegalArgumentException("a series key takes at most " + MAX_KEY_WORDS
                    + " words (an address takes 2): use fewer keys than " + String.join(",", key.columns()));
        }
        if (topKeys < 0) {
            throw new IllegalArgumentException("the number of series must be 0 or more");
        }
    }

    /** Every field the engine reads (filter, key, first, last, packets, bytes): a scan may decode only these. */
    public java.util.Set<org.flowsec.flow.Field> fields() {
        var out = java.util.EnumSet.of(org.flowsec.flow.Field.FIRST, org.flowsec.flow.Field.LAST,
                org.flowsec.flow.Field.PACKETS, org.flowsec.flow.Field.BYTES);
        out.addAll(filter.fields());
        if (key != null) {
            out.addAll(key.fields(false));
        }
        return out;
    }

    /** One series of every flow over the flows' own span. */
    public static SeriesQuery of(long binMs, boolean spread) {
        return new SeriesQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.all(), binMs, spread, null, 10);
    }

    public boolean bounded() {
        return fromMs != Long.MIN_VALUE && toMs != Long.MAX_VALUE;
    }
}
