package org.flowsec.stats;

import java.util.Arrays;

/**
 * A hash table from keys of 1..4 long words to a fixed row of long accumulators, in flat arrays: no object
 * per key, nothing allocated per add. Open addressing with linear probing, a full-avalanche hash of the key
 * words, growth by doubling at 3/4 load. Key and values of a slot are adjacent, so that a lookup in a table
 * far larger than the CPU caches costs one or two cache-line misses, not one per array.
 *
 * <pre>
 * page = pages[slot &gt;&gt;&gt; 12], at = (slot &amp; 4095) * stride      stride = keyWords + columns
 * page[at + w]              key word w in 0..keyWords-1
 * page[at + keyWords + c]   value column c in 0..columns-1, combined per {@link Accumulator}
 * used[slot &gt;&gt;&gt; 6] bit (slot &amp; 63)
 * </pre>
 *
 * <p>Rows live in pages of 4,096 slots (at most 384 KiB: below half a G1 region, so never a humongous
 * object that needs contiguous free heap). The probe starts at a multiply-shift of the hash, which is
 * monotone in the hash, so a table is roughly sorted by hash: growing walks the old pages in order, fills
 * the new pages nearly in order and drops each old page once moved. Growth therefore needs the new table
 * plus a few pages, not old plus new.
 *
 * <p>Memory: (keyWords + columns) x 8 bytes per slot, 1.33 to 2.67 slots per key (the table doubles at 3/4
 * load). A 3-word key with 5 columns takes 64 bytes per slot, 85 to 171 bytes per key. Slots need not be a
 * power of two, so the last growth under a memory limit takes whatever the limit leaves instead of giving
 * up when a full doubling does not fit.
 *
 * <p>Memory limit: a growth that would take the table (new pages, the few old pages still in use, room for
 * the weights below) past {@code memoryLimitBytes} does not happen. The limit must be heap the caller can
 * spare (say 3/4 of what is free when the query starts); small pages keep fragmentation from mattering.
 * Instead of growing, the table turns into a bounded heavy-hitter summary over the same pages (Misra-Gries with weighted updates, one extra weight per slot): when full, every weight drops by the
 * sampled median weight {@code t}, entries at or below zero are evicted, and {@code t} is added to the
 * error bound {@code E}. Afterwards, for the heavy-hitter column, each listed key's value is at most
 * {@code E} below its true total (values count only since the key's last insertion) and every key not
 * listed has a true total of at most {@code E}; since each purge removes about half the entries, E stays
 * below about 2 x total / slots. The other columns are lower bounds. {@link #approximation()} says so.
 */
public final class LongKeyAggregator {
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;
    static final int PAGE_SHIFT = 12;
    private static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_SLOTS - 1;
    /** Pages that may be allocated ahead of the freed old ones while growing (clusters, wrap-around). */
    private static final int GROWTH_SLACK_PAGES = 16;
    private static final int SAMPLE = 1024;
    private static final long ARRAY_HEADER = 16;

    // the table's layout and state are package-private for ChunkedAdds, which adds batches to it
    final int keyWords;
    final int columns;
    final int stride;
    final Accumulator[] kinds;
    /** Columns SUM, SUM, SUM, MIN, MAX: a flow count, packets, bytes, first and last time. */
    final boolean flowColumns;
    private final long[] identities;
    final int heavyColumn;
    private final long memoryLimitBytes;
    final long[] totals;
    private final long[] sample = new long[SAMPLE];
    private final ChunkedAdds batches = new ChunkedAdds(this);

    long[][] pages;
    long[] used;
    private int capacity;
    private int size;
    private int maxFill;

    /** Heavy-hitter weights in pages like the rows, allocated when the memory limit is first reached. */
    long[][] weights;
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
        this.flowColumns = Arrays.equals(kinds, new Accumulator[] {Accumulator.SUM, Accumulator.SUM,
            Accumulator.SUM, Accumulator.MIN, Accumulator.MAX});
        this.identities = new long[columns];
        for (int c = 0; c < columns; c++) {
            identities[c] = kinds[c].identity();
        }
        this.heavyColumn = heavyColumn;
        this.memoryLimitBytes = memoryLimitBytes;
        this.totals = identities.clone();
        int cap = MIN_CAPACITY;
        while (cap < MAX_CAPACITY && cap * 3L / 4 < expectedKeys) {
            cap <<= 1;
        }
        if (tableBytes(cap) + 8L * cap > memoryLimitBytes) {
            throw new IllegalArgumentException("a memory limit of " + memoryLimitBytes
                    + " bytes cannot hold a table of " + cap + " slots (" + (tableBytes(cap) + 8L * cap)
                    + " bytes); raise the limit or lower the expected keys");
        }
        setCapacity(cap);
        pages = new long[pageCount(cap)][];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = newPage(p, stride);
        }
    }

    private void setCapacity(int cap) {
        capacity = cap;
        maxFill = (int) (cap * 3L / 4);
        used = new long[(cap + 63) >>> 6];
    }

    private static int pageCount(int cap) {
        return (cap + PAGE_SLOTS - 1) >>> PAGE_SHIFT;
    }

    /** Page {@code p} of the current capacity, {@code width} longs per slot; the last one may be short. */
    private long[] newPage(int p, int width) {
        int slots = Math.min(PAGE_SLOTS, capacity - (p << PAGE_SHIFT));
        return new long[slots * width];
    }

    /** Bytes of the pages, page table and bitmap of a table with {@code cap} slots. */
    private long tableBytes(int cap) {
        int n = pageCount(cap);
        return 8L * cap * stride + n * (ARRAY_HEADER + 8L) + 8L * ((cap + 63) >>> 6) + 2 * ARRAY_HEADER;
    }

    /** Bytes of the heavy-hitter weights of a table with {@code cap} slots. */
    private static long weightBytes(int cap) {
        return 8L * cap + pageCount(cap) * (ARRAY_HEADER + 8L) + ARRAY_HEADER;
    }

    /** Most bytes held while growing from {@code oldCap} to {@code cap} slots, or held once degraded. */
    private long peakBytes(int oldCap, int cap) {
        // while moving: the new pages, plus old pages not yet dropped, at most a few more than moved
        long slack = Math.min(tableBytes(oldCap), GROWTH_SLACK_PAGES * (8L * PAGE_SLOTS * stride + ARRAY_HEADER)
                + 8L * ((oldCap + 63) >>> 6) + pageCount(oldCap) * 8L);
        return tableBytes(cap) + Math.max(slack, weightBytes(cap));
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
        return tableBytes(capacity) + (weights == null ? 0 : weightBytes(capacity));
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

    /**
     * Adds rows {@code [0, n)} of column arrays (a batch's columns): key word w of row r is
     * {@code keys[w][r]}; value column c gets {@code values[c][r]}, or 1 where {@code values[c]} is null
     * (a flow count). Same result as {@code add(slot(key), ...)} row by row, but faster on tables larger
     * than the CPU caches ({@link ChunkedAdds}).
     */
    public void addColumns(int n, long[][] keys, long[][] values) {
        batches.addColumns(n, keys, values);
    }

    /**
     * Adds every row of {@code rows} like {@link #addColumns}, with the hashes they carry; the common column
     * layout SUM, SUM, SUM, MIN, MAX is combined without a dispatch per column.
     */
    public void addRows(KeyRows rows) {
        batches.addRows(rows);
    }

    int slot(long hash, long k0, long k1, long k2, long k3) {
        int s = probe(hash, k0, k1, k2, k3, true);
        while (s < 0) {
            makeRoom();
            s = probe(hash, k0, k1, k2, k3, true);
        }
        return s;
    }

    /** Finds the key; if absent and {@code insert}, claims the free slot when below the fill limit. */
    int probe(long hash, long k0, long k1, long k2, long k3, boolean insert) {
        int i = home(hash);
        while ((used[i >>> 6] & (1L << i)) != 0) {
            long[] rows = pages[i >>> PAGE_SHIFT];
            int b = (i & PAGE_MASK) * stride;
            if (rows[b] == k0 && (keyWords < 2 || rows[b + 1] == k1) && (keyWords < 3 || rows[b + 2] == k2)
                    && (keyWords < 4 || rows[b + 3] == k3)) {
                return i;
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
        if (!insert || size >= maxFill) {
            return -1;
        }
        long[] rows = pages[i >>> PAGE_SHIFT];
        int b = (i & PAGE_MASK) * stride;
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
            weights[i >>> PAGE_SHIFT][i & PAGE_MASK] = 0;
        }
        used[i >>> 6] |= 1L << i;
        size++;
        return i;
    }

    // ---- adding values ----

    /** Combines {@code v} into one column of the entry at {@code slot}. */
    public void add(int slot, int column, long v) {
        long[] rows = pages[slot >>> PAGE_SHIFT];
        int at = (slot & PAGE_MASK) * stride + keyWords + column;
        switch (kinds[column]) {
            case SUM -> {
                rows[at] += v;
                totals[column] += v;
                if (column == heavyColumn && weights != null) {
                    weights[slot >>> PAGE_SHIFT][slot & PAGE_MASK] += v;
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
        return pages[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * stride + word];
    }

    public long value(int slot, int column) {
        return pages[slot >>> PAGE_SHIFT][(slot & PAGE_MASK) * stride + keyWords + column];
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
        for (int w = 0; w < keyWords; w++) {
            int c = Long.compare(key(a, w), key(b, w));
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
     * Twice the slots if the limit allows, else as many as it allows if that is at least 1.25 times more
     * (after which no growth fits any more), else 0. What fits leaves room for the heavy-hitter weights.
     */
    private int biggerCapacity() {
        long want = Math.min(2L * capacity, MAX_CAPACITY);
        if (want <= capacity) {
            return 0;
        }
        if (peakBytes(capacity, (int) want) <= memoryLimitBytes) {
            return (int) want;
        }
        // peakBytes(cap) is about cap x (8 stride + 8) + constant: start there, step down to a fit
        long room = memoryLimitBytes - peakBytes(capacity, 0);
        long cap = room <= 0 ? 0 : Math.min(want, room / (8L * stride + 9));
        while (cap > capacity && peakBytes(capacity, (int) cap) > memoryLimitBytes) {
            cap -= 64;
        }
        return cap >= capacity + capacity / 4 ? (int) cap : 0;
    }

    /** Slot where a key's probe starts: Lemire's multiply-shift range reduction, for any capacity. */
    int home(long hash) {
        return (int) (((hash >>> 32) * capacity) >>> 32);
    }

    /**
     * Moves every entry to a table of {@code newCapacity} slots, old pages in order, each dropped once
     * emptied; new pages are allocated on first use, so the new table fills while the old one empties.
     */
    private void grow(int newCapacity) {
        long[][] oldPages = pages;
        long[] oldUsed = used;
        int oldCap = capacity;
        long[][] newPages = new long[pageCount(newCapacity)][];
        setCapacity(newCapacity);
        pages = newPages;
        for (int p = 0; p < oldPages.length; p++) {
            long[] page = oldPages[p];
            int end = Math.min(oldCap, (p + 1) << PAGE_SHIFT);
            for (int s = p << PAGE_SHIFT; s < end; s++) {
                if ((oldUsed[s >>> 6] & (1L << s)) != 0) {
                    moveIn(page, (s & PAGE_MASK) * stride);
                }
            }
            oldPages[p] = null;
        }
        for (int p = 0; p < newPages.length; p++) {
            if (newPages[p] == null) {
                newPages[p] = newPage(p, stride);
            }
        }
    }

    /** Inserts the row at {@code page[at]} into the current table, allocating its page if needed. */
    private void moveIn(long[] page, int at) {
        int i = home(hashOfRow(page, at));
        while ((used[i >>> 6] & (1L << i)) != 0) {
            i = i + 1 == capacity ? 0 : i + 1;
        }
        long[] target = pages[i >>> PAGE_SHIFT];
        if (target == null) {
            target = newPage(i >>> PAGE_SHIFT, stride);
            pages[i >>> PAGE_SHIFT] = target;
        }
        System.arraycopy(page, at, target, (i & PAGE_MASK) * stride, stride);
        used[i >>> 6] |= 1L << i;
    }

    private long hashOf(long[][] ps, int s) {
        return hashOfRow(ps[s >>> PAGE_SHIFT], (s & PAGE_MASK) * stride);
    }

    private long hashOfRow(long[] ks, int b) {
        return switch (keyWords) {
            case 1 -> KeyHash.hash(ks[b]);
            case 2 -> KeyHash.hash(ks[b], ks[b + 1]);
            case 3 -> KeyHash.hash(ks[b], ks[b + 1], ks[b + 2]);
            default -> KeyHash.hash(ks[b], ks[b + 1], ks[b + 2], ks[b + 3]);
        };
    }

    private void startHeavyHitters() {
        weights = new long[pageCount(capacity)][];
        for (int p = 0; p < weights.length; p++) {
            weights[p] = newPage(p, 1);
        }
        keysAtLimit = size;
        for (int s = first(); s >= 0; s = next(s)) {
            weights[s >>> PAGE_SHIFT][s & PAGE_MASK] = value(s, heavyColumn);
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
            sample[n++] = weights[s >>> PAGE_SHIFT][s & PAGE_MASK];
        }
        Arrays.sort(sample, 0, n);
        // The median sample's own entry drops to <= 0, so every purge frees at least one slot.
        long t = Math.max(0, sample[n / 2]);
        for (int s = first(); s >= 0; s = next(s)) {
            weights[s >>> PAGE_SHIFT][s & PAGE_MASK] -= t;
        }
        errorBound += t;
        for (int i = 0; i < capacity; ) {
            if ((used[i >>> 6] & (1L << i)) != 0 && weights[i >>> PAGE_SHIFT][i & PAGE_MASK] <= 0) {
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
            int home = home(hashOf(pages, j));
            if (distance(home, j) >= distance(hole, j)) {
                System.arraycopy(pages[j >>> PAGE_SHIFT], (j & PAGE_MASK) * stride, pages[hole >>> PAGE_SHIFT],
                        (hole & PAGE_MASK) * stride, stride);
                weights[hole >>> PAGE_SHIFT][hole & PAGE_MASK] = weights[j >>> PAGE_SHIFT][j & PAGE_MASK];
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
