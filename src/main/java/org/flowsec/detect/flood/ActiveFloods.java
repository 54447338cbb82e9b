package org.flowsec.detect.flood;

/**
 * The floods being followed, at most {@code max_floods} (each holds a 4 KiB source counter): a fixed table
 * with a free list, indexed from the per-host state so a victim's flow finds its flood in one array read.
 */
final class ActiveFloods {
    private final Flood[] floods;
    private final int[] free;
    private int freeCount;
    private long started;
    private long notTracked;

    ActiveFloods(int max) {
        int n = Math.max(1, max);
        floods = new Flood[n];
        free = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            free[freeCount++] = i;
        }
    }

    /** Its index, or -1 (counted) when the table is full. */
    int start(Flood f) {
        if (freeCount == 0) {
            notTracked++;
            return -1;
        }
        int i = free[--freeCount];
        floods[i] = f;
        started++;
        return i;
    }

    /** The flood at {@code i}, or null. */
    Flood get(int i) { return floods[i]; }

    void release(int i) {
        floods[i] = null;
        free[freeCount++] = i;
    }

    int capacity() { return floods.length; }

    long active() { return floods.length - freeCount; }

    long started() { return started; }

    long notTracked() { return notTracked; }
}
