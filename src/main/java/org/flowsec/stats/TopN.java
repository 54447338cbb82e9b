package org.flowsec.stats;

/**
 * Top or bottom N entries of a {@link LongKeyAggregator} by a score, with a bounded heap (O(keys x log N),
 * N entries of memory), ties broken by the key words in ascending order so that equal inputs always print
 * in the same order. Scores are longs; a double score (pps, bps, bpp) is mapped to a long of the same
 * order by {@link #sortable(double)}.
 *
 * <p>{@code threshold} keeps only entries whose score is at least it (top) or at most it (bottom), as
 * rwstats {@code --threshold}; with {@code n = Integer.MAX_VALUE} that lists every such entry.
 */
public final class TopN {
    /** A score for the entry at {@code slot}; the higher, the better for a top list. */
    @FunctionalInterface
    public interface Score {
        long score(LongKeyAggregator table, int slot);
    }

    /** A score computed as a double, e.g. bytes per packet. */
    @FunctionalInterface
    public interface DoubleScore {
        double score(LongKeyAggregator table, int slot);
    }

    /** No threshold. */
    public static final long NO_THRESHOLD = Long.MIN_VALUE;

    private TopN() {}

    /** Ranks by the value of one column. */
    public static Score column(int column) {
        return (t, s) -> t.value(s, column);
    }

    /** Ranks by a double score, NaN lowest. */
    public static Score ofDouble(DoubleScore score) {
        return (t, s) -> sortable(score.score(t, s));
    }

    /**
     * Per second over the entry's duration, nfdump's pps and bps: {@code value / ((last - first) / 1000)}
     * with times in ms; 0 for a duration of 0, as nfdump prints.
     */
    public static Score perSecond(int valueColumn, int firstColumn, int lastColumn) {
        return ofDouble((t, s) -> perSecond(t.value(s, valueColumn), t.value(s, lastColumn) - t.value(s, firstColumn)));
    }

    /** Bits per second from a byte column, nfdump's bps. */
    public static Score bitsPerSecond(int bytesColumn, int firstColumn, int lastColumn) {
        return ofDouble((t, s) -> 8 * perSecond(t.value(s, bytesColumn), t.value(s, lastColumn) - t.value(s, firstColumn)));
    }

    /** {@code numerator / denominator} (bpp = bytes / packets); 0 when the denominator is 0. */
    public static Score ratio(int numeratorColumn, int denominatorColumn) {
        return ofDouble((t, s) -> ratio(t.value(s, numeratorColumn), t.value(s, denominatorColumn)));
    }

    public static double perSecond(long value, long durationMs) {
        return durationMs <= 0 ? 0 : value * 1000.0 / durationMs;
    }

    public static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** A long that orders as the double does (IEEE 754 bits with the negative range flipped); NaN lowest. */
    public static long sortable(double d) {
        if (Double.isNaN(d)) {
            return Long.MIN_VALUE;
        }
        long bits = Double.doubleToLongBits(d == 0 ? 0.0 : d);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** Inverse of {@link #sortable(double)}. */
    public static double unsortable(long sortable) {
        return Double.longBitsToDouble(sortable ^ ((sortable >> 63) & Long.MAX_VALUE));
    }

    public static Result top(LongKeyAggregator table, Score score, int n) {
        return select(table, score, n, false, NO_THRESHOLD);
    }

    public static Result bottom(LongKeyAggregator table, Score score, int n) {
        return select(table, score, n, true, NO_THRESHOLD);
    }

    /**
     * The best {@code n} entries, best first: highest scores, or lowest when {@code bottom}. Entries failing
     * the threshold ({@link #NO_THRESHOLD} for none) are skipped.
     */
    public static Result select(LongKeyAggregator table, Score score, int n, boolean bottom, long threshold) {
        if (n < 0) {
            throw new IllegalArgumentException("N must be >= 0, not " + n);
        }
        int cap = Math.min(n, table.size());
        Heap heap = new Heap(table, bottom, cap);
        boolean filtered = threshold != NO_THRESHOLD;
        for (int s = table.first(); s >= 0 && cap > 0; s = table.next(s)) {
            long v = score.score(table, s);
            if (filtered && (bottom ? v > threshold : v < threshold)) {
                continue;
            }
            heap.offer(s, v);
        }
        return heap.drain();
    }

    /** A binary heap of at most {@code cap} entries whose root is the worst one kept. */
    private static final class Heap {
        private final LongKeyAggregator table;
        private final boolean bottom;
        private final int[] slots;
        private final long[] scores;
        private int size;

        Heap(LongKeyAggregator table, boolean bottom, int cap) {
            this.table = table;
            this.bottom = bottom;
            this.slots = new int[cap];
            this.scores = new long[cap];
        }

        /** Whether (sa, va) ranks before (sb, vb) in the output. */
        private boolean better(int sa, long va, int sb, long vb) {
            if (va != vb) {
                return bottom ? va < vb : va > vb;
            }
            return table.compareKeys(sa, sb) < 0;
        }

        void offer(int slot, long score) {
            if (size < slots.length) {
                int i = size++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (!better(slots[parent], scores[parent], slot, score)) {
                        break;
                    }
                    slots[i] = slots[parent];
                    scores[i] = scores[parent];
                    i = parent;
                }
                slots[i] = slot;
                scores[i] = score;
            } else if (slots.length > 0 && better(slot, score, slots[0], scores[0])) {
                siftDown(slot, score, size);
            }
        }

        /** Puts (slot, score) at the root and restores the heap over the first {@code n} entries. */
        private void siftDown(int slot, long score, int n) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    break;
                }
                if (child + 1 < n && better(slots[child], scores[child], slots[child + 1], scores[child + 1])) {
                    child++;
                }
                if (!better(slot, score, slots[child], scores[child])) {
                    break;
                }
                slots[i] = slots[child];
                scores[i] = scores[child];
                i = child;
            }
            slots[i] = slot;
            scores[i] = score;
        }

        /** Pops the worst entry to the back until empty: the arrays end up best first. */
        Result drain() {
            for (int n = size; n > 1; n--) {
                int worst = slots[0];
                long worstScore = scores[0];
                siftDown(slots[n - 1], scores[n - 1], n - 1);
                slots[n - 1] = worst;
                scores[n - 1] = worstScore;
            }
            return new Result(table, slots, scores, size);
        }
    }

    /** The selected entries, best first. */
    public static final class Result {
        private final LongKeyAggregator table;
        private final int[] slots;
        private final long[] scores;
        private final int size;

        Result(LongKeyAggregator table, int[] slots, long[] scores, int size) {
            this.table = table;
            this.slots = slots;
            this.scores = scores;
            this.size = size;
        }

        public int size() {
            return size;
        }

        /** The table slot of the i-th entry; read keys and values with {@link LongKeyAggregator#key}. */
        public int slot(int i) {
            return slots[check(i)];
        }

        public long score(int i) {
            return scores[check(i)];
        }

        /** The i-th entry's share of a SUM column's total over all keys, in percent (0 when the total is 0). */
        public double percent(int i, int column) {
            long total = table.total(column);
            return total == 0 ? 0 : 100.0 * table.value(slot(i), column) / total;
        }

        private int check(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            return i;
        }
    }
}
