package org.flowsec.query;

import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.query.filter.Filter;

/**
 * A statistic: flows overlapping {@code [fromMs, toMs)} that match {@code filter}, grouped by {@code key},
 * ranked by {@code order}, the {@code limit} best (or worst when {@code bottom}) listed; with a
 * {@code threshold} (NaN for none) only keys whose order value is at least it (at most it when bottom).
 *
 * @param distinct fields whose distinct values are counted per key (SiLK rwuniq --distinct)
 * @param bidirectional both directions of a 5-tuple count as one key (nfdump -B)
 * @param memoryLimitBytes the most the key table may take before degrading to approximate heavy hitters
 */
public record StatQuery(long fromMs, long toMs, Filter filter, GroupKey key, Order order, int limit, boolean bottom,
        double threshold, List<Field> distinct, boolean bidirectional, long memoryLimitBytes) {

    public StatQuery {
        if (fromMs >= toMs) {
            throw new IllegalArgumentException("the time range must start before it ends");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("the limit must be 0 or more, not " + limit);
        }
        distinct = List.copyOf(distinct);
    }

    /**
     * Every field the engine reads: the filter's, the key's, the distinct fields, and first, last, packets
     * and bytes (the values of every key). A scan may decode only these.
     */
    public java.util.Set<Field> fields() {
        java.util.EnumSet<Field> out = java.util.EnumSet.of(Field.FIRST, Field.LAST, Field.PACKETS, Field.BYTES);
        out.addAll(filter.fields());
        out.addAll(key.fields(bidirectional));
        out.addAll(distinct);
        return out;
    }

    /** The most keys listed for which a scan leaves first and last to a second look ({@link #timesDeferrable}). */
    static final int MAX_DEFERRED_KEYS = 1000;

    /**
     * Whether a scan may leave first and last out and find them afterwards for the listed keys alone: when the
     * ranking and the listing do not depend on them (a sum or bytes per packet, no distinct counts), few keys
     * are listed and the key is one field (either side or not). Bidirectional keys are left out: their rows'
     * orientation needs the ports and addresses anyway. So are prefixes and several fields together: their
     * many keys make the aggregation, not the decoding, the larger cost, and a listed prefix or pair that is
     * busy only part of the time sends the second look through many blocks (on the benchmark's 100 million
     * flows, {@code srcip4/24,dst_port} read a third of them again and took longer than one pass).
     */
    public boolean timesDeferrable() {
        return distinct.isEmpty() && !bidirectional && !order.needsTimes() && limit > 0 && limit <= MAX_DEFERRED_KEYS
                && key.parts().size() == 1
                && (key.parts().get(0).kind() == KeyPart.Kind.FIELD || key.parts().get(0).kind() == KeyPart.Kind.EITHER);
    }

    /**
     * Whether a store's totals per address may stand for the rows of whole segments: every flow counts (no
     * filter), nothing is counted per row (no distinct counts, not bidirectional), and the key is one address
     * of one side ({@code src_addr}, {@code dst_addr}), a prefix of one ({@code srcip4/24}), or {@code ip}
     * (either side: a flow counts once for each, so the two sides' totals add up to the same).
     */
    public boolean addressTotalsUsable() {
        if (!(filter.expr() instanceof org.flowsec.query.filter.Expr.Any) || !distinct.isEmpty() || bidirectional
                || key.parts().size() != 1) {
            return false;
        }
        KeyPart p = key.parts().get(0);
        return switch (p.kind()) {
            case FIELD, PREFIX -> p.src().isAddress();
            case EITHER -> p.src() == Field.SRC_ADDR;
            case PAIR -> false;
        };
    }

    /** {@link #fields()} without first and last, unless the filter or the key reads them. */
    public java.util.Set<Field> fieldsWithoutTimes() {
        java.util.EnumSet<Field> out = java.util.EnumSet.of(Field.PACKETS, Field.BYTES);
        out.addAll(filter.fields());
        out.addAll(key.fields(false));
        return out;
    }

    /**
     * The fields whose dictionary codes let a scan group rows before hashing ({@link CodedGroups}): the key's,
     * when flows add to keys as stored (not bidirectional) and nothing is counted per row (no distinct
     * counts); else none.
     */
    public java.util.Set<Field> codedFields() {
        if (bidirectional || !distinct.isEmpty()) {
            return java.util.Set.of();
        }
        return key.fields(false);
    }

    /** Every flow, top {@code limit} by {@code order}, no threshold, no distinct counts, no memory limit. */
    public static StatQuery of(GroupKey key, Order order, int limit) {
        return new StatQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.all(), key, order, limit, false, Double.NaN,
                List.of(), false, Long.MAX_VALUE);
    }

    public StatQuery withFilter(Filter f) {
        return new StatQuery(fromMs, toMs, f, key, order, limit, bottom, threshold, distinct, bidirectional, memoryLimitBytes);
    }

    public StatQuery withBottom(boolean b) {
        return new StatQuery(fromMs, toMs, filter, key, order, limit, b, threshold, distinct, bidirectional, memoryLimitBytes);
    }

    public StatQuery withThreshold(double t) {
        return new StatQuery(fromMs, toMs, filter, key, order, limit, bottom, t, distinct, bidirectional, memoryLimitBytes);
    }

    public StatQuery withDistinct(List<Field> d) {
        return new StatQuery(fromMs, toMs, filter, key, order, limit, bottom, threshold, d, bidirectional, memoryLimitBytes);
    }

    public StatQuery withBidirectional(boolean b) {
        return new StatQuery(fromMs, toMs, filter, key, order, limit, bottom, threshold, distinct, b, memoryLimitBytes);
    }

    public StatQuery withRange(long from, long to) {
        return new StatQuery(from, to, filter, key, order, limit, bottom, threshold, distinct, bidirectional, memoryLimitBytes);
    }

    public StatQuery withMemoryLimit(long bytes) {
        return new StatQuery(fromMs, toMs, filter, key, order, limit, bottom, threshold, distinct, bidirectional, bytes);
    }
}
