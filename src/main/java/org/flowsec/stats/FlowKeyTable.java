package org.flowsec.stats;

import java.util.Arrays;

/**
 * One thread's table of flow keys: open addressing with linear probing, each key with its
 * {@link KeyHash} and five values combined as flow statistics are: flows, packets and bytes summed, first
 * the minimum, last the maximum. No locks, no eviction: the owner {@link #drainTo drains} it into the shared
 * tables when it has grown as large as it should, and at the end.
 *
 * <p>Meant for entries already combined per key (one per key and block), which a {@link HotKeyCache} would
 * mostly evict again; lean on purpose: one flat array, the hash compared before the key, the slots of the
 * next rows loaded ahead so that their cache misses overlap.
 *
 * <pre>
 * slot i at i * stride, stride = 1 + keyWords + 5; i starts at {@link #home}: hash bits [32 - bits, 32)
 * slots[at]                  the key's hash
 * slots[at + 1 + w]          key word w
 * slots[at + 1 + keyWords]   flows, packets, bytes, first, last
 * </pre>
 * The layout is that of {@link KeyRows}, so draining is one copy per key.
 */
public final class FlowKeyTable {
    private static final int AHEAD = 16;
    private static final int COLUMNS = 5;
    private final int keyWords;
    private final int stride;
    private int bits;
    private int size;
    private long[] slots;
    private long[] used;
    private long touched;

    public FlowKeyTable(int keyWords) {
        if (keyWords < 1 || keyWords > 4) {
            throw new IllegalArgumentException("keys have 1..4 words, not " + keyWords);
        }
        this.keyWords = keyWords;
        this.stride = 1 + keyWords + COLUMNS;
        allocate(10);
    }

    private void allocate(int slotBits) {
        bits = slotBits;
        slots = new long[stride << slotBits];
        used = new long[Math.max(1, (1 << slotBits) >>> 6)];
        size = 0;
    }

    public int size() {
        return size;
    }

    /**
     * Adds entries {@code [0, n)}: entry r has hash {@code hashes[r]} ({@link KeyHash#hash} of its key words
     * {@code keys[w][r]}) and values {@code values[0..5)[r]}: flows, packets, bytes, first, last.
     */
    public void add(int n, long[] hashes, long[][] keys, long[][] values) {
        if (keys.length != keyWords || values.length != COLUMNS) {
            throw new IllegalArgumentException("need " + keyWords + " key columns and 5 value columns");
        }
        long[] c0 = keys[0];
        long[] c1 = keyWords > 1 ? keys[1] : c0;
        long[] c2 = keyWords > 2 ? keys[2] : c0;
        long[] c3 = keyWords > 3 ? keys[3] : c0;
        long[] flows = values[0];
        long[] packets = values[1];
        long[] bytes = values[2];
        long[] first = values[3];
        long[] last = values[4];
        long sink = 0;
        for (int r = 0; r < n; r++) {
            if ((size + 1) * 2L > 1L << bits) {
                grow();
            }
            if ((r & (AHEAD - 1)) == 0) {
                for (int q = r, end = Math.min(n, r + AHEAD); q < end; q++) {
                    sink += slots[home(hashes[q]) * stride];
                }
            }
            long h = hashes[r];
            int mask = (1 << bits) - 1;
            int i = home(h);
            while (true) {
                int at = i * stride;
                if ((used[i >>> 6] & (1L << i)) == 0) {
                    used[i >>> 6] |= 1L << i;
                    PackedKeys.put(slots, at, keyWords, h, c0[r], c1[r], c2[r], c3[r]);
                    int v = at + 1 + keyWords;
                    slots[v] = flows[r];
                    slots[v + 1] = packets[r];
                    slots[v + 2] = bytes[r];
                    slots[v + 3] = first[r];
                    slots[v + 4] = last[r];
                    size++;
                    break;
                }
                if (PackedKeys.holds(slots, at, keyWords, h, c0[r], c1[r], c2[r], c3[r])) {
                    int v = at + 1 + keyWords;
                    slots[v] += flows[r];
                    slots[v + 1] += packets[r];
                    slots[v + 2] += bytes[r];
                    slots[v + 3] = Math.min(slots[v + 3], first[r]);
                    slots[v + 4] = Math.max(slots[v + 4], last[r]);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        touched += sink;
    }

    /**
     * Where a key's probe starts: hash bits {@code [32 - bits, 32)}. Not the high bits, from which a
     * {@link LongKeyAggregator} picks its slots: a drain walks this table in slot order, and keys arriving in
     * the order of a table's own slots pile up into one long probe run as it grows (adding 51,000 keys took
     * 10 µs each, 200,000 keys 45 µs each).
     */
    private int home(long hash) {
        return (int) (hash >>> (32 - bits)) & ((1 << bits) - 1);
    }

    /** Doubles the slots and re-inserts every key by its stored hash. */
    private void grow() {
        long[] old = slots;
        long[] oldUsed = used;
        int oldSlots = 1 << bits;
        allocate(bits + 1);
        int mask = (1 << bits) - 1;
        for (int j = 0; j < oldSlots; j++) {
            if ((oldUsed[j >>> 6] & (1L << j)) != 0) {
                int from = j * stride;
                int i = home(old[from]);
                while ((used[i >>> 6] & (1L << i)) != 0) {
                    i = (i + 1) & mask;
                }
                used[i >>> 6] |= 1L << i;
                System.arraycopy(old, from, slots, i * stride, stride);
                size++;
            }
        }
    }

    /**
     * Appends every key with its values to {@code parts[KeyHash.partition(hash, parts.length)]} (rows of this
     * table's key words and 5 columns) and empties the table, keeping its size.
     */
    public void drainTo(KeyRows[] parts) {
        for (int w = 0; w < used.length; w++) {
            long b = used[w];
            while (b != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(b);
                b &= b - 1;
                int at = i * stride;
                parts[KeyHash.partition(slots[at], parts.length)].addPacked(slots, at);
            }
        }
        Arrays.fill(used, 0);
        size = 0;
    }
}
