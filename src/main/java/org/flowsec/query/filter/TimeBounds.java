package org.flowsec.query.filter;

/**
 * Inclusive bounds that every flow matching a filter satisfies: {@code firstMin <= first <= firstMax} and
 * {@code lastMin <= last <= lastMax}. {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} mean unbounded.
 * A store can skip any block whose time range cannot meet them.
 */
public record TimeBounds(long firstMin, long firstMax, long lastMin, long lastMax) {
    public static final TimeBounds UNBOUNDED =
            new TimeBounds(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);

    /** Both of a conjunction hold. A flow ends no earlier than it starts, so each side tightens the other. */
    TimeBounds intersect(TimeBounds o) {
        long fMin = Math.max(firstMin, o.firstMin);
        long lMax = Math.min(lastMax, o.lastMax);
        long lMin = Math.max(Math.max(lastMin, o.lastMin), fMin);
        long fMax = Math.min(Math.min(firstMax, o.firstMax), lMax);
        return new TimeBounds(fMin, fMax, lMin, lMax);
    }

    /** One of a disjunction holds. */
    TimeBounds hull(TimeBounds o) {
        return new TimeBounds(Math.min(firstMin, o.firstMin), Math.max(firstMax, o.firstMax),
                Math.min(lastMin, o.lastMin), Math.max(lastMax, o.lastMax));
    }

    /** No flow can match (e.g. {@code first > T and last < T}). */
    public boolean isEmpty() {
        return firstMin > firstMax || lastMin > lastMax;
    }

    /**
     * True when a block whose flows start in [firstLo, firstHi] and end in [lastLo, lastHi] may hold
     * matches; false means the block can be skipped.
     */
    public boolean mayMatch(long firstLo, long firstHi, long lastLo, long lastHi) {
        return mayMatchFirst(firstLo, firstHi) && lastHi >= lastMin && lastLo <= lastMax;
    }

    /** True when a block whose flows start in [blockFirstMin, blockFirstMax] may hold matches. */
    public boolean mayMatchFirst(long blockFirstMin, long blockFirstMax) {
        return !isEmpty() && blockFirstMax >= firstMin && blockFirstMin <= firstMax;
    }
}
