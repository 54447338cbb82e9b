package org.flowsec.detect.bruteforce;

import java.util.Arrays;
import org.flowsec.stats.KeyHash;

/**
 * A bounded hash table from keys of {@code keyWords} longs to {@code valueWords} longs, all in one flat
 * {@code long[]} (row = key words, then value words): no object per entry, nothing allocated per lookup.
 * Linear probing; removal shifts the following cluster back, so there are no tombstones and a table that
 * churns keeps its probe lengths. Grows by doubling at half load up to the slots that {@code maxEntries}
 * needs, and refuses new keys beyond {@code maxEntries} ({@link #insert} returns -1) so memory is bounded.
 *
 * <pre>
 * row r starts at r * stride          stride = keyWords + valueWords
 * data[r*stride + w]                  key word w
 * data[r*stride + keyWords + v]       value word v
 * tags[r]                             0: free; else 7 bits of the key's hash
 * </pre>
 * The tags, a byte per row, stay cached where the rows do not: a lookup reads a row only when its tag
 * matches, so looking up an absent key (a new pair) rarely costs more than the first row's miss.
 */
public final class FlatTable {
    private final int keyWords;
    private final int stride;
    private final int maxEntries;
    private long[] data;
    private byte[] tags;
    private int mask;
    private int size;

    public FlatTable(int keyWords, int valueWords, int maxEntries) {
        if (keyWords < 1 || keyWords > 5 || valueWords < 0 || maxEntries < 1) {
            throw new IllegalArgumentException("bad table shape");
        }
        this.keyWords = keyWords;
        this.stride = keyWords + valueWords;
        this.maxEntries = maxEntries;
        allocate(64);
    }

    private void allocate(int slots) {
        data = new long[slots * stride];
        tags = new byte[slots];
        mask = slots - 1;
    }

    public int size() { return size; }

    public int maxEntries() { return maxEntries; }

    /** Rows (occupied or not); iterate 0..rows()-1 with {@link #isUsed}. */
    public int rows() { return tags.length; }

    public boolean isUsed(int row) { return tags[row] != 0; }

    public long key(int row, int word) { return data[row * stride + word]; }

    public long get(int row, int word) { return data[row * stride + keyWords + word]; }

    public void set(int row, int word, long v) { data[row * stride + keyWords + word] = v; }

    public void add(int row, int word, long v) { data[row * stride + keyWords + word] += v; }

    private static long hash(long k0, long k1, long k2, long k3, long k4) {
        return KeyHash.mix(KeyHash.hash(k0, k1, k2, k3) ^ KeyHash.mix(k4 + 0x9E3779B97F4A7C15L));
    }

    /** Bits of the hash above any mask's (the row comes from the low bits), never 0. */
    private static byte tag(long hash) {
        return (byte) (hash >>> 57 | 0x80);
    }

    private boolean matches(int row, long k0, long k1, long k2, long k3, long k4) {
        int at = row * stride;
        return data[at] == k0 && (keyWords < 2 || data[at + 1] == k1) && (keyWords < 3 || data[at + 2] == k2)
                && (keyWords < 4 || data[at + 3] == k3) && (keyWords < 5 || data[at + 4] == k4);
    }

    /** The row of the key, or -1. Unused key words must be passed as 0. */
    public int find(long k0, long k1, long k2, long k3, long k4) {
        long h = hash(k0, k1, k2, k3, k4);
        byte tag = tag(h);
        int r = (int) h & mask;
        for (byte t = tags[r]; t != 0; t = tags[r]) {
            if (t == tag && matches(r, k0, k1, k2, k3, k4)) {
                return r;
            }
            r = (r + 1) & mask;
        }
        return -1;
    }

    /** The row of the key, inserted with zero values if new; -1 when the table is full. */
    public int insert(long k0, long k1, long k2, long k3, long k4) {
        int found = find(k0, k1, k2, k3, k4);
        if (found >= 0) {
            return found;
        }
        if (size >= maxEntries) {
            return -1;
        }
        if ((size + 1) * 2 > tags.length) {
            grow();
        }
        long h = hash(k0, k1, k2, k3, k4);
        int r = (int) h & mask;
        while (tags[r] != 0) {
            r = (r + 1) & mask;
        }
        tags[r] = tag(h);
        int at = r * stride;
        data[at] = k0;
        if (keyWords > 1) {
            data[at + 1] = k1;
        }
        if (keyWords > 2) {
            data[at + 2] = k2;
        }
        if (keyWords > 3) {
            data[at + 3] = k3;
        }
        if (keyWords > 4) {
            data[at + 4] = k4;
        }
        Arrays.fill(data, at + keyWords, at + stride, 0L);
        size++;
        return r;
    }

    private void grow() {
        long[] oldData = data;
        byte[] oldTags = tags;
        allocate(oldTags.length * 2);
        for (int r = 0; r < oldTags.length; r++) {
            if (oldTags[r] != 0) {
                int at = r * stride;
                int n = (int) hashRow(oldData, at) & mask;
                while (tags[n] != 0) {
                    n = (n + 1) & mask;
                }
                tags[n] = oldTags[r];
                System.arraycopy(oldData, at, data, n * stride, stride);
            }
        }
    }

    private long hashRow(long[] d, int at) {
        return hash(d[at], keyWords > 1 ? d[at + 1] : 0, keyWords > 2 ? d[at + 2] : 0,
                keyWords > 3 ? d[at + 3] : 0, keyWords > 4 ? d[at + 4] : 0);
    }

    /**
     * Removes the entry at {@code row} and shifts later rows of its cluster back into place. The entry that
     * moves into {@code row} (if any) has not been visited by a forward scan yet, so a caller removing while
     * iterating must look at {@code row} again: {@code if (expired(r)) { remove(r); r--; }}.
     */
    public void remove(int row) {
        int hole = row;
        int r = (row + 1) & mask;
        while (tags[r] != 0) {
            int home = (int) hashRow(data, r * stride) & mask;
            // move r into the hole when its home is not in (hole, r] (cyclically)
            boolean between = hole <= r ? home > hole && home <= r : home > hole || home <= r;
            if (!between) {
                System.arraycopy(data, r * stride, data, hole * stride, stride);
                tags[hole] = tags[r];
                hole = r;
            }
            r = (r + 1) & mask;
        }
        tags[hole] = 0;
        size--;
    }
}
