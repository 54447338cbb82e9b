package org.flowsec.detect.scan;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * What horizontal and vertical scan entries share: the source, the attempt outcomes, the time span, the count
 * at the last alert, and how an entry is found or made (evicting the least recently active one, whose alert
 * gets its final update first, when the table is full).
 */
abstract class ScanEntries extends LruTable {
    long[] srcHi = new long[0];
    long[] srcLo = new long[0];
    int[] attempts = new int[0];
    int[] refused = new int[0];
    int[] unanswered = new int[0];
    long[] first = new long[0];
    long[] last = new long[0];
    /** Main count at the last alert (0 = never raised); -1 when folded into the source's alert budget. */
    int[] raisedAt = new int[0];
    private final IntConsumer retire;
    private long evictions;
    private boolean created;

    /** @param retire called with an entry about to be evicted, so its alert gets a final update */
    ScanEntries(int maxEntries, IntConsumer retire) {
        super(maxEntries);
        this.retire = retire;
    }

    @Override
    protected final void growFields(int c) {
        srcHi = Arrays.copyOf(srcHi, c);
        srcLo = Arrays.copyOf(srcLo, c);
        attempts = Arrays.copyOf(attempts, c);
        refused = Arrays.copyOf(refused, c);
        unanswered = Arrays.copyOf(unanswered, c);
        first = Arrays.copyOf(first, c);
        last = Arrays.copyOf(last, c);
        raisedAt = Arrays.copyOf(raisedAt, c);
        growOwnFields(c);
    }

    /** Grows the subclass's own per-entry arrays to {@code capacity}. */
    protected abstract void growOwnFields(int capacity);

    /**
     * The key's entry with its time span widened to [f, l], or -1 when missing and {@code create} is false. A new
     * entry has its shared fields reset; {@link #created} says so, for the subclass to reset its own.
     */
    final int entry(long key, long sHi, long sLo, long f, long l, boolean create) {
        created = false;
        int id = find(key);
        if (id >= 0) {
            touch(id, l);
            first[id] = Math.min(first[id], f);
            last[id] = Math.max(last[id], l);
            return id;
        }
        if (!create) {
            return -1;
        }
        if (isFull()) {
            int victim = oldest();
            retire.accept(victim);
            remove(victim);
            evictions++;
        }
        id = add(key, l);
        srcHi[id] = sHi;
        srcLo[id] = sLo;
        attempts[id] = 0;
        refused[id] = 0;
        unanswered[id] = 0;
        first[id] = f;
        last[id] = l;
        raisedAt[id] = 0;
        created = true;
        return id;
    }

    /** Whether the last {@link #entry} call made a new entry. */
    final boolean created() { return created; }

    final long evictions() { return evictions; }
}
