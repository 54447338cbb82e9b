package org.flowsec.detect.flood;

import java.util.Arrays;
import org.flowsec.stats.KeyHash;

/**
 * Home hosts (two-long addresses) mapped to dense slots 0..capacity-1 that index the per-host arrays of the
 * rate buckets, baselines and discrepancy counters. Open addressing with linear probing and backward-shift
 * deletion (no tombstones, so lookups stay short after many evictions). Capped: when full, the least recently
 * seen of a few sampled slots is evicted, Redis's approximate LRU, so eviction costs O(1) and is deterministic.
 * Only home hosts are ever keys, so spoofed sources cannot grow it.
 */
final class DestinationTable {
    /** Whoever keeps per-slot arrays: grows them with the table and clears a slot before reuse. */
    interface SlotState {
        void grow(int capacity);

        void reset(int slot);
    }

    private static final int EVICTION_SAMPLES = 8;

    private final int maxSlots;
    private final SlotState[] states;
    /** Per slot, side by side: address high and low words, last event time seen (MIN_VALUE = free). */
    private long[] keys = new long[0];
    private int[] index; // slot + 1, 0 = empty
    private int[] freeSlots;
    private int free;
    private int used;
    private int capacity;
    private long evictions;
    private long sampler;

    DestinationTable(int maxSlots, SlotState... states) {
        if (maxSlots < 1) {
            throw new IllegalArgumentException("flood.max_destinations must be 1 or more, was " + maxSlots);
        }
        this.maxSlots = maxSlots;
        this.states = states;
        resize(Math.min(maxSlots, 1024));
    }

    int size() { return used; }

    long evictions() { return evictions; }

    long hi(int slot) { return keys[3 * slot]; }

    long lo(int slot) { return keys[3 * slot + 1]; }

    int capacity() { return capacity; }

    boolean inUse(int slot) { return keys[3 * slot + 2] != Long.MIN_VALUE; }

    long lastSeen(int slot) { return keys[3 * slot + 2]; }

    /** The slot of a host or -1. */
    int find(long h, long l) {
        int m = index.length - 1;
        for (int i = bucket(h, l, m); index[i] != 0; i = (i + 1) & m) {
            int s = index[i] - 1;
            if (keys[3 * s] == h && keys[3 * s + 1] == l) {
                return s;
            }
        }
        return -1;
    }

    /** The slot of a host, created (possibly evicting another) if absent; {@code created[0]} tells which. */
    int slot(long h, long l, long eventTime, boolean[] created) {
        int s = find(h, l);
        if (s >= 0) {
            if (eventTime > keys[3 * s + 2]) {
                keys[3 * s + 2] = eventTime;
            }
            created[0] = false;
            return s;
        }
        if (free == 0) {
            if (capacity < maxSlots) {
                resize(Math.min(maxSlots, capacity * 2));
            } else {
                remove(leastRecentlySeen());
                evictions++;
            }
        }
        s = freeSlots[--free];
        keys[3 * s] = h;
        keys[3 * s + 1] = l;
        keys[3 * s + 2] = eventTime;
        insert(s);
        used++;
        for (SlotState st : states) {
            st.reset(s);
        }
        created[0] = true;
        return s;
    }

    /** Frees a slot (idle expiry); its per-slot state is reset when it is handed out again. */
    void remove(int s) {
        int m = index.length - 1;
        int i = bucket(hi(s), lo(s), m);
        while (index[i] != s + 1) {
            i = (i + 1) & m;
        }
        // backward-shift deletion: move later entries of the probe run into the hole
        int hole = i;
        for (int j = (hole + 1) & m; index[j] != 0; j = (j + 1) & m) {
            int t = index[j] - 1;
            int home = bucket(hi(t), lo(t), m);
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                index[hole] = index[j];
                hole = j;
            }
        }
        index[hole] = 0;
        keys[3 * s + 2] = Long.MIN_VALUE;
        freeSlots[free++] = s;
        used--;
    }

    private int leastRecentlySeen() {
        int best = -1;
        for (int k = 0; k < EVICTION_SAMPLES; k++) {
            sampler = sampler * 6364136223846793005L + 1442695040888963407L;
            int s = (int) ((sampler >>> 33) % capacity);
            if (best < 0 || lastSeen(s) < lastSeen(best)) {
                best = s;
            }
        }
        return best;
    }

    private void insert(int s) {
        int m = index.length - 1;
        int i = bucket(hi(s), lo(s), m);
        while (index[i] != 0) {
            i = (i + 1) & m;
        }
        index[i] = s + 1;
    }

    private static int bucket(long h, long l, int mask) {
        return (int) KeyHash.hash(h, l) & mask;
    }

    private void resize(int newCapacity) {
        int old = capacity;
        keys = Arrays.copyOf(keys, newCapacity * 3);
        for (int s = old; s < newCapacity; s++) {
            keys[3 * s + 2] = Long.MIN_VALUE;
        }
        int[] newFree = new int[newCapacity];
        System.arraycopy(freeSlots == null ? new int[0] : freeSlots, 0, newFree, 0, free);
        for (int s = newCapacity - 1; s >= old; s--) {
            newFree[free++] = s;
        }
        freeSlots = newFree;
        capacity = newCapacity;
        index = new int[Integer.highestOneBit(Math.max(4, newCapacity * 2 - 1)) << 1];
        for (int s = 0; s < old; s++) {
            if (inUse(s)) {
                insert(s);
            }
        }
        for (SlotState st : states) {
            st.grow(newCapacity);
        }
    }
}
