package org.flowsec.detect.scan;

import java.util.Arrays;
import org.flowsec.stats.KeyHash;

/**
 * A bounded map from 64-bit key fingerprints to entry ids, in least-recently-touched order. Subclasses keep
 * their per-entry fields in parallel primitive arrays indexed by id and grow them in {@link #growFields}.
 *
 * <p>Keys are fingerprints (a 64-bit hash of the real key): two keys collide with probability about
 * n²/2⁶⁵, negligible for a million entries. The index is open addressing with linear probing over entry ids,
 * deleted by backward shift, so no tombstones accumulate. Arrays start small and double up to
 * {@code maxEntries}; nothing is allocated per lookup or insert once grown.
 *
 * <p>An entry's key, time and list links sit side by side in one array ({@link #STRIDE} longs): a lookup
 * and touch of an entry then reads one cache line for the entry and one for each list neighbour, where four
 * parallel arrays cost a miss each.
 */
abstract class LruTable {
    private static final int NONE = -1;

    private static final int STRIDE = 4;
    private static final int KEY = 0;
    private static final int TOUCHED = 1;
    private static final int OLDER = 2;
    private static final int NEWER = 3;

    private final int maxEntries;
    /** Per id: key, touched, older, newer. */
    private long[] entries;
    private int capacity;
    private int[] index;
    private int mask;
    private int size;
    private int allocated;
    private int freeHead = NONE;
    private int oldest = NONE;
    private int newest = NONE;

    LruTable(int maxEntries) {
        if (maxEntries < 1 || maxEntries > 1 << 28) {
            throw new IllegalArgumentException("table size must be within 1..2^28, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        int cap = Math.min(maxEntries, 1024);
        entries = new long[cap * STRIDE];
        capacity = cap;
        index = new int[tableSizeFor(cap)];
        mask = index.length - 1;
    }

    /** Called with the new capacity before an id at or beyond the old one is handed out. */
    protected abstract void growFields(int capacity);

    final int size() { return size; }

    final boolean isFull() { return size >= maxEntries; }

    /** The entry with this key, or -1. */
    final int find(long key) {
        int slot = (int) KeyHash.mix(key) & mask;
        for (;;) {
            int e = index[slot];
            if (e == 0) {
                return NONE;
            }
            if (entries[(e - 1) * STRIDE + KEY] == key) {
                return e - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Adds a key that is not present; the caller makes room first when {@link #isFull()}. Returns its id. */
    final int add(long key, long time) {
        int id;
        if (freeHead != NONE) {
            id = freeHead;
            freeHead = (int) entries[id * STRIDE + NEWER];
        } else {
            if (allocated == capacity) {
                grow();
            }
            id = allocated++;
        }
        entries[id * STRIDE + KEY] = key;
        entries[id * STRIDE + TOUCHED] = time;
        linkNewest(id);
        int slot = (int) KeyHash.mix(key) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = id + 1;
        size++;
        return id;
    }

    /** Marks the entry most recently used; {@code time} is the event time of the activity. */
    final void touch(int id, long time) {
        if (time > entries[id * STRIDE + TOUCHED]) {
            entries[id * STRIDE + TOUCHED] = time;
        }
        if (id != newest) {
            unlink(id);
            linkNewest(id);
        }
    }

    /** Event time of the entry's latest activity. */
    final long touchedAt(int id) { return entries[id * STRIDE + TOUCHED]; }

    /** The least recently touched entry, or -1 when empty. */
    final int oldest() { return oldest; }

    final void remove(int id) {
        unlink(id);
        removeFromIndex(id);
        entries[id * STRIDE + NEWER] = freeHead;
        freeHead = id;
        size--;
    }

    private void linkNewest(int id) {
        entries[id * STRIDE + OLDER] = newest;
        entries[id * STRIDE + NEWER] = NONE;
        if (newest != NONE) {
            entries[newest * STRIDE + NEWER] = id;
        } else {
            oldest = id;
        }
        newest = id;
    }

    private void unlink(int id) {
        int o = (int) entries[id * STRIDE + OLDER];
        int n = (int) entries[id * STRIDE + NEWER];
        if (o != NONE) {
            entries[o * STRIDE + NEWER] = n;
        } else {
            oldest = n;
        }
        if (n != NONE) {
            entries[n * STRIDE + OLDER] = o;
        } else {
            newest = o;
        }
    }

    /** Backward-shift deletion: later entries of the probe run move up so lookups never stop early. */
    private void removeFromIndex(int id) {
        int i = (int) KeyHash.mix(entries[id * STRIDE + KEY]) & mask;
        while (index[i] != id + 1) {
            i = (i + 1) & mask;
        }
        int j = i;
        for (;;) {
            index[i] = 0;
            for (;;) {
                j = (j + 1) & mask;
                int e = index[j];
                if (e == 0) {
                    return;
                }
                int home = (int) KeyHash.mix(entries[(e - 1) * STRIDE + KEY]) & mask;
                boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
                if (!stays) {
                    index[i] = e;
                    i = j;
                    break;
                }
            }
        }
    }

    private void grow() {
        int cap = (int) Math.min(maxEntries, Math.max(16L, capacity * 2L));
        entries = Arrays.copyOf(entries, cap * STRIDE);
        capacity = cap;
        growFields(cap);
        index = new int[tableSizeFor(cap)];
        mask = index.length - 1;
        // growth happens only when no id is free, so every allocated id is live
        for (int id = 0; id < allocated; id++) {
            int slot = (int) KeyHash.mix(entries[id * STRIDE + KEY]) & mask;
            while (index[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            index[slot] = id + 1;
        }
    }

    /** Index slots: at least twice the entries (load ≤ 0.5), a power of two. */
    private static int tableSizeFor(int entries) {
        return Integer.highestOneBit(Math.max(2, entries) * 2 - 1) * 2;
    }
}
