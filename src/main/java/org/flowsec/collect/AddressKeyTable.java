package org.flowsec.collect;

/**
 * A bounded open-addressing index from (address high word, low word, tag) to a dense slot number
 * 0..capacity-1, allocating nothing after construction. Keys are never removed: the tables it serves
 * (exporters, rejected sources) hold state for the collector's lifetime, and the bound makes their
 * memory fixed. Not thread-safe.
 */
final class AddressKeyTable {
    private final int capacity;
    private final int mask;
    private final long[] keyHi;
    private final long[] keyLo;
    private final long[] keyTag;
    private final int[] slot; // slot + 1; 0 = empty
    private int size;

    AddressKeyTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        int buckets = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2; // load factor <= 0.5
        mask = buckets - 1;
        keyHi = new long[buckets];
        keyLo = new long[buckets];
        keyTag = new long[buckets];
        slot = new int[buckets];
    }

    /** The slot of the key, adding it if there is room; -1 when the table is full and the key is new. */
    int indexOf(long hi, long lo, long tag) {
        int b = bucket(hi, lo, tag);
        while (slot[b] != 0) {
            if (keyHi[b] == hi && keyLo[b] == lo && keyTag[b] == tag) {
                return slot[b] - 1;
            }
            b = (b + 1) & mask;
        }
        if (size == capacity) {
            return -1;
        }
        keyHi[b] = hi;
        keyLo[b] = lo;
        keyTag[b] = tag;
        slot[b] = ++size;
        return size - 1;
    }

    int size() { return size; }

    int capacity() { return capacity; }

    private int bucket(long hi, long lo, long tag) {
        long h = hi * 0x9E37_79B9_7F4A_7C15L ^ lo * 0xC2B2_AE3D_27D4_EB4FL ^ tag * 0x1656_67B1_9E37_79F9L;
        h ^= h >>> 29;
        h *= 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 32;
        return (int) h & mask;
    }
}
