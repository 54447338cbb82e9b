package org.flowsec.stats;

import java.util.Arrays;

/**
 * A hash table from keys of 1..4 long words to a fixed row of long accumulators, in flat arrays: no object
 * per key, nothing allocated per add. Open addressing with linear probing, a full-avalanche hash of the key
 * words, growth by doubling at 3/4 load. Key and values of a slot are adjacent, so that a lookup in a table
 * far larger than the CPU caches costs one or two cache-line misses, not one per array.
 *
 * <pre>
 * rows [slot * stride + w]             key word w in 0..keyWords-1
 * rows [slot * stride + keyWords + c]  value column c in 0..columns-1, combined per {@link Accumulator}
 * used [slot >>> 6] bit (slot &amp; 63)      stride = keyWords + columns
 * </pre>
 *
 * <p>Memory: (keyWords + columns) x 8 bytes per slot, 1.33 to 2.67 slots per key (the table doubles at 3/4
 * load); while growing, old and new arrays coexist (x 1.5). A 3-word key with 5 columns takes 64 bytes per
 * slot, 85 to 171 bytes per key. Slots need not be a power of two (the probe start is a multiply-shift of
 * the hash), so the last growth under a memory limit takes whatever the limit leaves instead of giving up
 * when a full doubling does not fit.
 *
 * <p>Memory limit: a doubling that would take the table (old + new arrays) past {@code memoryLimitBytes}
 * does not happen. The table instead turns into a bounded heavy-hitter summary over the same arrays
 * (Misra-Gries with weighted updates, one extra weight per slot): when full, every weight drops by the
 * sampled median weight {@code t}, entries at or below zero are evicted, and {@code t} is added to the
 * error bound {@code E}. Afterwards, for the heavy-hitter column, each listed key's value is at most
 * {@code E} below its true total (values count only since the key's last insertion) and every key not
 * listed has a true total of at most {@code E}; since each purge removes about half the entries, E stays
 * below about 2 x total / slots. The other columns are lower bounds. {@link #approximation()} says so.
 */
public final class LongKeyAggregator {
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int SAMPLE = 1024;
    private static final long ARRAY_HEADER = 16;

    private final int keyWords;
    private final int columns;
    private final int stride;
    private final Accumulator[] kinds;
    private final long[] identities;
    private final int heavyColumn;
    private final long memoryLimitBytes;
    private final long[] totals;
    private final long[] sample = new long[SAMPLE];

    private long[] rows;
    private long[] used;
    private int capacity;
    private int size;
    private int maxFill;

    /** Heavy-hitter weights, allocated when the memory limit is first reached. */
    private long[] weights;
    private long keysAtLimit;
    private long evictions;
    private long errorBound;

    /**
     * A table without memory limit: it grows until 2^30 slots, and the first SUM column (if any) becomes the
     * heavy-hitter column only beyond that.
     */
    public LongKeyAggregator(int keyWords, Accumulator... kinds) {
        this(keyWords, kinds, firstSum(kinds), MIN_CAPACITY, Long.MAX_VALUE);
    }

    private static int firstSum(Accumulator[] kinds) {
        for (int c = 0; c < kinds.length; c++) {
            if (kinds[c] == Accumulator.SUM) {
                return c;
            }
        }
        return -1;
    }

    /**
     * @param heavyColumn the SUM column ranked by the heavy-hitter summary once the memory limit is reached;
     *     -1 for none: then reaching the limit throws {@link IllegalStateException}
     * @param expectedKeys sizes the first table so that this many keys fit without a resize
     * @param memoryLimitBytes the most the table's arrays may take, including the copy made while doubling
     */
    public LongKeyAggregator(int keyWords, Accumulator[] kinds, int heavyColumn, int expectedKeys,
            long memoryLimitBytes) {
        if (keyWords < 1 || keyWords > 4) {
            throw new IllegalArgumentException("keys have 1..4 words, not " + keyWords);
        }
        if (kinds.length < 1 || heavyColumn < -1 || heavyColumn >= kinds.length
                || (heavyColumn >= 0 && kinds[heavyColumn] != Accumulator.SUM)) {
            throw new IllegalArgumentException("the heavy-hitter column must be a SUM column or -1, not " + heavyColumn);
        }
        this.keyWords = keyWords;
        this.columns = kinds.length;
        this.stride = keyWords + columns;
        this.kinds = kinds.clone();
        this.identities = new long[columns];
        for (int c = 0; c < columns; c++) {
            identities[c] = kinds[c].identity();
        }
        this.heavyColumn = heavyColumn;
        this.memoryLimitBytes = memoryLimitBytes;
        this.totals = identities.clone();
        int cap = MIN_CAPACITY;
        while (cap < MAX_CAPACITY && 2L * cap * stride <= MAX_ARRAY && cap * 3L / 4 < expectedKeys) {
            cap <<= 1;
        }
        if (tableBytes(cap) + 8L * cap > memoryLimitBytes) {
            throw new IllegalArgumentException("a memory limit of " + memoryLimitBytes
                    + " bytes cannot hold a table of " + cap + " slots (" + (tableBytes(cap) + 8L * cap)
                    + " bytes); raise the limit or lower the expected keys");
        }
        allocate(cap);
    }

    private void allocate(int cap) {
        capacity = cap;
        maxFill = (int) (cap * 3L / 4);
        rows = new long[cap * stride];
        used = new long[(cap + 63) >>> 6];
    }

    /** Bytes of the arrays of a table with {@code cap} slots. */
    private long tableBytes(int cap) {
        return 8L * cap * stride + 8L * ((cap + 63) >>> 6) + 2 * ARRAY_HEADER;
    }

    public int keyWords() {
        return keyWords;
    }

    public int columns() {
        return columns;
    }

    public Accumulator kind(int column) {
        return kinds[column];
    }

    /** Number of keys held. */
    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Bytes held by the table's arrays now. */
    public long memoryBytes() {
        return tableBytes(capacity) + (weights == null ? 0 : 8L * capacity + ARRAY_HEADER);
    }

    /** Sum of everything added to a SUM column, evicted keys included; for MIN/MAX the extreme seen. */
    public long total(int column) {
        return totals[column];
    }

    // ---- finding and inserting keys: the returned slot is valid until the next insertion ----

    public int slot(long k0) {
        requireWords(1);
        return slot(KeyHash.hash(k0), k0, 0, 0, 0);
    }

    public int slot(long k0, long k1) {
        requireWords(2);
        return slot(KeyHash.hash(k0, k1), k0, k1, 0, 0);
    }

    public int slot(long k0, long k1, long k2) {
        requireWords(3);
        return slot(KeyHash.hash(k0, k1, k2), k0, k1, k2, 0);
    }

    public int slot(long k0, long k1, long k2, long k3) {
        requireWords(4);
        return slot(KeyHash.hash(k0, k1, k2, k3), k0, k1, k2, k3);
    }

    /** The slot of a key given as an array of {@link #keyWords()} words, inserting it if absent. */
    public int slot(long[] key) {
        return switch (keyWords) {
            case 1 -> slot(key[0]);
            case 2 -> slot(key[0], key[1]);
            case 3 -> slot(key[0], key[1], key[2]);
            default -> slot(key[0], key[1], key[2], key[3]);
        };
    }

    /** The slot of a key, or -1 if absent; never inserts. */
    public int find(long k0) {
        requireWords(1);
        return probe(KeyHash.hash(k0), k0, 0, 0, 0, false);
    }

    public int find(long k0, long k1) {
        requireWords(2);
        return probe(KeyHash.hash(k0, k1), k0, k1, 0, 0, false);
    }

    public int find(long k0, long k1, long k2) {
        requireWords(3);
        return probe(KeyHash.hash(k0, k1, k2), k0, k1, k2, 0, false);
    }

    public int find(long k0, long k1, long k2, long k3) {
        requireWords(4);
        return probe(KeyHash.hash(k0, k1, k2, k3), k0, k1, k2, k3, false);
    }

    private void requireWords(int n) {
        if (n != keyWords) {
            throw new IllegalArgumentException("this table's keys have " + keyWords + " words, not " + n);
        }
    }

    private int slot(long hash, long k0, long k1, long k2, long k3) {
        int s = probe(hash, k0, k1, k2, k3, true);
        while (s < 0) {
            makeRoom();
            s = probe(hash, k0, k1, k2, k3, true);
        }
        return s;
    }

    /** Finds the key; if absent and {@code insert}, claims the free slot when below the fill limit. */
    private int probe(long hash, long k0, long k1, long k2, long k3, boolean insert) {
        int i = home(hash);
        while ((used[i >>> 6] & (1L << i)) != 0) {
            int b = i * stride;
            if (rows[b] == k0 && (keyWords < 2 || rows[b + 1] == k1) && (keyWords < 3 || rows[b + 2] == k2)
                    && (keyWords < 4 || rows[b + 3] == k3)) {
                return i;
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
        if (!insert || size >= maxFill) {
            return -1;
        }
        int b = i * stride;
        rows[b] = k0;
        if (keyWords > 1) {
            rows[b + 1] = k1;
            if (keyWords > 2) {
                rows[b + 2] = k2;
                if (keyWords > 3) {
                    rows[b + 3] = k3;
                }
            }
        }
        System.arraycopy(identities, 0, rows, b + keyWords, columns);
        if (weights != null) {
            weights[i] = 0;
        }
        used[i >>> 6] |= 1L << i;
        size++;
        return i;
    }

    // ---- adding values ----

    /** Combines {@code v} into one column of the entry at {@code slot}. */
    public void add(int slot, int column, long v) {
        int at = slot * stride + keyWords + column;
        switch (kinds[column]) {
            case SUM -> {
                rows[at] += v;
                totals[column] += v;
                if (column == heavyColumn && weights != null) {
                    weights[slot] += v;
                }
            }
            case MIN -> {
                rows[at] = Math.min(rows[at], v);
                totals[column] = Math.min(totals[column], v);
            }
            case MAX -> {
                rows[at] = Math.max(rows[at], v);
                totals[column] = Math.max(totals[column], v);
            }
        }
    }

    /** Adds {@code v0..} to columns 0.. of the entry at {@code slot}: {@code add(slot(k), 1, packets, bytes)}. */
    public void add(int slot, long v0) {
        add(slot, 0, v0);
    }

    public void add(int slot, long v0, long v1) {
        add(slot, 0, v0);
        add(slot, 1, v1);
    }

    public void add(int slot, long v0, long v1, long v2) {
        add(slot, 0, v0);
        add(slot, 1, v1);
        add(slot, 2, v2);
    }

    public void add(int slot, long v0, long v1, long v2, long v3) {
        add(slot, 0, v0);
        add(slot, 1, v1);
        add(slot, 2, v2);
        add(slot, 3, v3);
    }

    public void add(int slot, long v0, long v1, long v2, long v3, long v4) {
        add(slot, 0, v0);
        add(slot, 1, v1);
        add(slot, 2, v2);
        add(slot, 3, v3);
        add(slot, 4, v4);
    }

    // ---- reading entries ----

    public long key(int slot, int word) {
        return rows[slot * stride + word];
    }

    public long value(int slot, int column) {
        return rows[slot * stride + keyWords + column];
    }

    /** First occupied slot, or -1: {@code for (int s = t.first(); s >= 0; s = t.next(s))}. */
    public int first() {
        return nextFrom(0);
    }

    /** Next occupied slot after {@code slot}, or -1. */
    public int next(int slot) {
        return nextFrom(slot + 1);
    }

    private int nextFrom(int from) {
        if (from >= capacity) {
            return -1;
        }
        int w = from >>> 6;
        long bits = used[w] & (-1L << from);
        while (bits == 0) {
            if (++w == used.length) {
                return -1;
            }
            bits = used[w];
        }
        int s = (w << 6) + Long.numberOfTrailingZeros(bits);
        return s < capacity ? s : -1;
    }

    /** Compares the keys of two slots word by word as signed longs; the tie-break of {@link TopN}. */
    public int compareKeys(int a, int b) {
        int ba = a * stride;
        int bb = b * stride;
        for (int w = 0; w < keyWords; w++) {
            int c = Long.compare(rows[ba + w], rows[bb + w]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ---- growth and the heavy-hitter fallback ----

    private void makeRoom() {
        int bigger = weights == null ? biggerCapacity() : 0;
        if (bigger > 0) {
            grow(bigger);
            return;
        }
        if (heavyColumn < 0) {
            throw new IllegalStateException("the table of " + size + " keys reached its memory limit of "
                    + Approximation.bytesText(memoryLimitBytes) + " and has no SUM column to rank heavy hitters by");
        }
        if (weights == null) {
            startHeavyHitters();
        }
        purge();
    }

    /**
     * Twice the slots if the limit allows the old and new arrays side by side, else as many as it allows
     * if that is at least 1.25 times more (this happens at most once: afterwards not even the old arrays
     * would fit twice), else 0. Whatever fits also leaves room for the heavy-hitter weights later, since
     * the old arrays alone take more than the weights of the new table.
     */
    private int biggerCapacity() {
        long want = Math.min(2L * capacity, Math.min(MAX_CAPACITY, MAX_ARRAY / stride));
        if (want <= capacity) {
            return 0;
        }
        if (tableBytes(capacity) + tableBytes((int) want) <= memoryLimitBytes) {
            return (int) want;
        }
        // tableBytes(cap) is about cap x (8 stride + 1/8) + 2 headers + 8: start there, step down to a fit
        long room = memoryLimitBytes - tableBytes(capacity) - 2 * ARRAY_HEADER - 8;
        long cap = room <= 0 ? 0 : Math.min(want, room * 8 / (64L * stride + 1));
        while (cap > capacity && tableBytes((int) cap) + tableBytes(capacity) > memoryLimitBytes) {
            cap--;
        }
        return cap >= capacity + capacity / 4 ? (int) cap : 0;
    }

    /** Slot where a key's probe starts: Lemire's multiply-shift range reduction, for any capacity. */
    private int home(long hash) {
        return (int) (((hash >>> 32) * capacity) >>> 32);
    }

    private void grow(int newCapacity) {
        long[] oldRows = rows;
        long[] oldUsed = used;
        int oldCap = capacity;
        allocate(newCapacity);
        for (int s = 0; s < oldCap; s++) {
            if ((oldUsed[s >>> 6] & (1L << s)) == 0) {
                continue;
            }
            int i = home(hashOf(oldRows, s));
            while ((used[i >>> 6] & (1L << i)) != 0) {
                i = i + 1 == capacity ? 0 : i + 1;
            }
            System.arraycopy(oldRows, s * stride, rows, i * stride, stride);
            used[i >>> 6] |= 1L << i;
        }
    }

    private long hashOf(long[] ks, int s) {
        int b = s * stride;
        return switch (keyWords) {
            case 1 -> KeyHash.hash(ks[b]);
            case 2 -> KeyHash.hash(ks[b], ks[b + 1]);
            case 3 -> KeyHash.hash(ks[b], ks[b + 1], ks[b + 2]);
            default -> KeyHash.hash(ks[b], ks[b + 1], ks[b + 2], ks[b + 3]);
        };
    }

    private void startHeavyHitters() {
        weights = new long[capacity];
        keysAtLimit = size;
        for (int s = first(); s >= 0; s = next(s)) {
            weights[s] = value(s, heavyColumn);
        }
    }

    /** One Misra-Gries decrement: lower every weight by the sampled median, evict those at or below 0. */
    private void purge() {
        int n = 0;
        for (int j = 0; j < SAMPLE; j++) {
            int s = nextFrom((int) ((long) j * capacity / SAMPLE));
            if (s < 0) {
                s = first();
            }
            sample[n++] = weights[s];
        }
        Arrays.sort(sample, 0, n);
        // The median sample's own entry drops to <= 0, so every purge frees at least one slot.
        long t = Math.max(0, sample[n / 2]);
        for (int s = first(); s >= 0; s = next(s)) {
            weights[s] -= t;
        }
        errorBound += t;
        for (int i = 0; i < capacity; ) {
            if ((used[i >>> 6] & (1L << i)) != 0 && weights[i] <= 0) {
                removeAt(i);
                evictions++;
            } else {
                i++;
            }
        }
    }

    /** Knuth's deletion for linear probing: shift later members of the cluster back into the hole. */
    private void removeAt(int i) {
        int hole = i;
        int j = i;
        while (true) {
            j = j + 1 == capacity ? 0 : j + 1;
            if ((used[j >>> 6] & (1L << j)) == 0) {
                break;
            }
            int home = home(hashOf(rows, j));
            if (distance(home, j) >= distance(hole, j)) {
                System.arraycopy(rows, j * stride, rows, hole * stride, stride);
                weights[hole] = weights[j];
                hole = j;
            }
        }
        used[hole >>> 6] &= ~(1L << hole);
        size--;
    }

    /** Probe steps from slot {@code from} forward to slot {@code to}, wrapping at the end. */
    private int distance(int from, int to) {
        return to >= from ? to - from : to - from + capacity;
    }

    /** Whether the memory limit was reached, and how far the results may be from the exact ones. */
    public Approximation approximation() {
        return new Approximation(weights != null, heavyColumn, keysAtLimit, evictions, errorBound,
                memoryLimitBytes);
    }

    /** Upper bound of the heavy-hitter column's true total for the key at {@code slot}. */
    public long upperBound(int slot, int column) {
        long v = value(slot, column);
        return column == heavyColumn ? v + errorBound : v;
    }
}
