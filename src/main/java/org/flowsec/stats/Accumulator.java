package org.flowsec.stats;

/** How a value column of a {@link LongKeyAggregator} combines the values added for one key. */
public enum Accumulator {
    /** Sum (flows, packets, bytes); starts at 0. Wraps silently past 2^63, which no flow count reaches. */
    SUM(0),
    /** Smallest value seen (first timestamp); starts at {@code Long.MAX_VALUE}. */
    MIN(Long.MAX_VALUE),
    /** Largest value seen (last timestamp); starts at {@code Long.MIN_VALUE}. */
    MAX(Long.MIN_VALUE);

    private final long identity;

    Accumulator(long identity) {
        this.identity = identity;
    }

    /** The value a new key's column holds before its first add: the identity of the combination. */
    public long identity() {
        return identity;
    }

    public long combine(long current, long value) {
        return switch (this) {
            case SUM -> current + value;
            case MIN -> Math.min(current, value);
            case MAX -> Math.max(current, value);
        };
    }
}
