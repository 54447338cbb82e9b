package org.flowsec.decode;

import java.util.Arrays;

/**
 * An open-addressing map from a key of four longs (typically exporter hi/lo, domain, id) to an int
 * handle chosen by the owner, who keeps its values in arrays indexed by handle. Lookups allocate nothing;
 * removal uses backward-shift deletion, so there are no tombstones and handles never move.
 */
public final class KeyIndex {
    private static final int EMPTY = -1;
    private long[] keys;
    private int[] handles;
    private int mask;
    private int size;

    public KeyIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        keys = new long[cap * 4];
        handles = new int[cap];
        Arrays.fill(handles, EMPTY);
        mask = cap - 1;
    }

    public int size() { return size; }

    /** The handle stored for the key, or -1. */
    public int get(long a, long b, long c, long d) {
        for (int i = hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
            int h = handles[i];
            if (h == EMPTY) {
                return EMPTY;
            }
            int k = i * 4;
            if (keys[k] == a && keys[k + 1] == b && keys[k + 2] == c && keys[k + 3] == d) {
                return h;
            }
        }
    }

    /** Maps the key to {@code handle}, replacing any previous mapping. */
    public void put(long a, long b, long c, long d, int handle) {
        if ((size + 1) * 2 > handles.length) {
            grow();
        }
        for (int i = hash(a, b, c, d) & mask; ; i = (i + 1) & mask) {
            int k = i * 4;
            if (handles[i] == EMPTY) {
                keys[k] = a;
                keys[k + 1] = b;
                keys[k + 2] = c;
                keys[k + 3] = d;
                handles[i] = handle;
                size++;
                return;
            }
            if (keys[k] == a && keys[k + 1] == b && keys[k + 2] == c && keys[k + 3] == d) {
                handles[i] = handle;
                return;
            }
        }
    }

    /** Removes the key; returns its handle, or -1 when absent. */
    public int remove(long a, long b, long c, long d) {
        int i = hash(a, b, c, d) & mask;
        for (; ; i = (i + 1) & mask) {
            if (handles[i] == EMPTY) {
                return EMPTY;
            }
            int k = i * 4;
            if (keys[k] == a && keys[k + 1] == b && keys[k + 2] == c && keys[k + 3] == d) {
                break;
            }
        }
        int removed = handles[i];
        // backward shift: pull later entries of the probe run into the hole when their home allows it
        int hole = i;
        for (int j = (hole + 1) & mask; handles[j] != EMPTY; j = (j + 1) & mask) {
            int k = j * 4;
            int home = hash(keys[k], keys[k + 1], keys[k + 2], keys[k + 3]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                System.arraycopy(keys, k, keys, hole * 4, 4);
                handles[hole] = handles[j];
                hole = j;
            }
        }
        handles[hole] = EMPTY;
        size--;
        return removed;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHandles = handles;
        allocate(handles.length * 2);
        size = 0;
        for (int i = 0; i < oldHandles.length; i++) {
            if (oldHandles[i] != EMPTY) {
                int k = i * 4;
                put(oldKeys[k], oldKeys[k + 1], oldKeys[k + 2], oldKeys[k + 3], oldHandles[i]);
            }
        }
    }

    private static int hash(long a, long b, long c, long d) {
        long h = a * 0x9E3779B97F4A7C15L;
        h = (h ^ b) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ c) * 0x165667B19E3779F9L;
        h = (h ^ d) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }
}
