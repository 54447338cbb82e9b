package org.flowsec.stats;

/**
 * Pre-aggregation in front of {@link LongKeyAggregator}s: a small direct-mapped table of the keys seen
 * last, small enough to stay in a core's own cache. A row whose key is in its slot combines there; a row
 * whose slot holds another key evicts that entry to the {@link KeyRows} of its partition
 * ({@link KeyHash#partition}) and takes the slot. Flow keys have heavy hitters (a few busy hosts and
 * services make most flows), so most rows combine here and only evictions reach the big tables, which are
 * shared between threads and often far larger than the caches.
 *
 * <p>SUM, MIN and MAX are associative and commutative, so adding the evicted and finally the
 * {@link #drain drained} entries to a table gives exactly the values of adding every row: an evicted entry
 * is one weighted update of its key (the heavy-hitter summary of a limited table takes weighted updates).
 *
 * <pre>
 * slot i at i * stride, stride = 1 + keyWords + columns; i = hash bits [32 - slotBits, 32)
 * slots[at]                    the key's hash (compared first: a match is almost always the key)
 * slots[at + 1 + w]            key word w
 * slots[at + 1 + keyWords + c] value column c, combined per {@link Accumulator}
 * used[i &gt;&gt;&gt; 6] bit (i &amp; 63)
 * </pre>
 */
public final class HotKeyCache {
    /** Rows whose slots are loaded ahead at once. */
    private static final int AHEAD = 32;
    private final int keyWords;
    private final int columns;
    private final int stride;
    /** Slots come from hash bits [32 - slotBits, 32), not the high bits a LongKeyAggregator uses (see {@link #drain}). */
    private final int shift;
    private final int mask;
    private final Accumulator[] kinds;
    /** Columns SUM, SUM, SUM, MIN, MAX: a flow count, packets, bytes, first and last time. */
    private final boolean flowColumns;
    private final long[] slots;
    private final long[] used;
    private final KeyRows[] evicted;
    private long hits;
    /** Sink for the loads that warm the cache ahead, so the JIT cannot drop them. */
    private long touched;
    private long misses;

    /**
     * @param slotBits the cache has 2^slotBits slots
     * @param partitions how many {@link KeyRows} evicted entries are split into by {@link KeyHash#partition}
     */
    public HotKeyCache(int keyWords, Accumulator[] kinds, int slotBits, int partitions) {
        if (keyWords < 1 || keyWords > 4 || slotBits < 1 || slotBits > 24 || partitions < 1) {
            throw new IllegalArgumentException("keys have 1..4 words, caches 2^1..2^24 slots, at least one partition");
        }
        this.keyWords = keyWords;
        this.columns = kinds.length;
        this.stride = 1 + keyWords + columns;
        this.shift = 32 - slotBits;
        this.mask = (1 << slotBits) - 1;
        this.kinds = kinds.clone();
        this.flowColumns = java.util.Arrays.equals(kinds, new Accumulator[] {Accumulator.SUM, Accumulator.SUM,
            Accumulator.SUM, Accumulator.MIN, Accumulator.MAX});
        this.slots = new long[stride << slotBits];
        this.used = new long[Math.max(1, (1 << slotBits) >>> 6)];
        this.evicted = new KeyRows[partitions];
        for (int p = 0; p < partitions; p++) {
            evicted[p] = new KeyRows(keyWords, columns);
        }
    }

    /** The entries evicted to partition {@code p} since its buffer was last cleared. */
    public KeyRows evicted(int p) {
        return evicted[p];
    }

    /** Rows that combined into a cached entry. */
    public long hits() {
        return hits;
    }

    /** Rows that took a slot, evicting its entry if it held one. */
    public long misses() {
        return misses;
    }

    /**
     * Adds rows {@code [0, n)}: row r has hash {@code hashes[r]}, which must be {@link KeyHash#hash} of its
     * key words {@code keys[w][r]}, and values {@code values[c][r]}, or 1 where {@code values[c]} is null.
     */
    public void add(int n, long[] hashes, long[][] keys, long[][] values) {
        add(0, n, hashes, keys, values);
    }

    /** {@link #add(int, long[], long[][], long[][])} for rows {@code [from, to)} only. */
    public void add(int from, int to, long[] hashes, long[][] keys, long[][] values) {
        if (keys.length != keyWords || values.length != columns) {
            throw new IllegalArgumentException("need " + keyWords + " key columns and " + columns + " value columns");
        }
        long[] c0 = keys[0];
        long[] c1 = keyWords > 1 ? keys[1] : c0;
        long[] c2 = keyWords > 2 ? keys[2] : c0;
        long[] c3 = keyWords > 3 ? keys[3] : c0;
        boolean spelled = flowColumns && values[1] != null && values[2] != null && values[3] != null
                && values[4] != null;
        long hit = 0;
        long sink = 0;
        for (int r = from; r < to; r++) {
            if (((r - from) & (AHEAD - 1)) == 0) {
                // load the slots of the next rows together: their misses overlap instead of queueing
                for (int q = r, end = Math.min(to, r + AHEAD); q < end; q++) {
                    sink += slots[((int) (hashes[q] >>> shift) & mask) * stride];
                }
            }
            long h = hashes[r];
            int i = (int) (h >>> shift) & mask;
            int at = i * stride;
            boolean full = (used[i >>> 6] & (1L << i)) != 0;
            if (full && PackedKeys.holds(slots, at, keyWords, h, c0[r], c1[r], c2[r], c3[r])) {
                combine(at + 1 + keyWords, values, r, spelled);
                hit++;
                continue;
            }
            if (full) {
                evicted[KeyHash.partition(slots[at], evicted.length)].addPacked(slots, at);
            }
            used[i >>> 6] |= 1L << i;
            PackedKeys.put(slots, at, keyWords, h, c0[r], c1[r], c2[r], c3[r]);
            int v = at + 1 + keyWords;
            for (int c = 0; c < columns; c++) {
                long[] col = values[c];
                slots[v + c] = col == null ? 1 : col[r]; // the identity combined with the value
            }
        }
        hits += hit;
        touched += sink;
        misses += to - from - hit;
    }

    /** {@code spelled}: flow columns, and values given for all but the flow count. */
    private void combine(int v, long[][] values, int r, boolean spelled) {
        if (spelled) {
            // the common layout spelled out: no dispatch per column
            long[] c0 = values[0];
            slots[v] += c0 == null ? 1 : c0[r];
            slots[v + 1] += values[1][r];
            slots[v + 2] += values[2][r];
            slots[v + 3] = Math.min(slots[v + 3], values[3][r]);
            slots[v + 4] = Math.max(slots[v + 4], values[4][r]);
            return;
        }
        for (int c = 0; c < columns; c++) {
            long[] col = values[c];
            long x = col == null ? 1 : col[r];
            switch (kinds[c]) {
                case SUM -> slots[v + c] += x;
                case MIN -> slots[v + c] = Math.min(slots[v + c], x);
                case MAX -> slots[v + c] = Math.max(slots[v + c], x);
            }
        }
    }

    /**
     * Moves every cached entry to its partition's evicted rows, in slot order, and empties the cache. Slot order
     * is not the order of a LongKeyAggregator's slots (high hash bits): keys added in that order would pile up
     * into one long probe run while the table grows.
     */
    public void drain() {
        for (int w = 0; w < used.length; w++) {
            long bits = used[w];
            while (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int at = i * stride;
                evicted[KeyHash.partition(slots[at], evicted.length)].addPacked(slots, at);
            }
            used[w] = 0;
        }
    }
}
