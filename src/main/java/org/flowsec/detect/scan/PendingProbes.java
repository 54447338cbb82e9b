package org.flowsec.detect.scan;

import java.util.Arrays;
import org.flowsec.stats.KeyHash;

/**
 * Probes and replies waiting for the other direction of their 5-tuple, until the watermark passes their
 * deadline ({@code last + pair wait}). The reverse flow of a probe may arrive before or after it, so replies
 * that find no probe wait here too, and ICMP unreachables wait as markers of their host pair.
 *
 * <p>Two structures over one pool of entries (parallel primitive arrays, a free list): a chained hash index by
 * 5-tuple fingerprint, and a timer wheel of 1-second buckets by deadline ({@value #WHEEL} buckets, about 68
 * minutes; a later deadline sits in the last bucket and is looked at again). {@link #advance} hands every due
 * entry to {@link Decisions} in deadline order, bucket by bucket, so outcomes reach the sequential test in
 * about event order whatever the arrival order was. When the pool is full the entry with the earliest deadline
 * is decided early with what is known (counted as an eviction).
 */
final class PendingProbes {
    /** Receives each entry when it is due or evicted; the entry is freed right after the call. */
    interface Decisions {
        void decided(PendingProbes pending, int id);
    }

    private static final int NONE = -1;
    private static final int WHEEL = 4096;
    private static final long BUCKET_MS = 1000;

    private final int maxEntries;
    private final Decisions decisions;
    private long[] key = new long[0];
    private long[] srcHi = new long[0];
    private long[] srcLo = new long[0];
    private long[] dstHi = new long[0];
    private long[] dstLo = new long[0];
    private long[] first = new long[0];
    private long[] last = new long[0];
    private long[] deadline = new long[0];
    private int[] ports = new int[0];
    private int[] proto = new int[0];
    private int[] shape = new int[0];
    private int[] outcome = new int[0];
    private int[] hashNext = new int[0];
    private int[] wheelNext = new int[0];
    private int[] wheelPrev = new int[0];
    private int[] wheelSlot = new int[0];
    private int[] heads;
    private int headMask;
    private final int[] wheel = new int[WHEEL];
    private final int[] wheelTail = new int[WHEEL];
    /** Bucket number (deadline / 1 s) of the first bucket not yet fully passed by the watermark. */
    private long cursor = Long.MIN_VALUE;
    /** No bucket before this one (and not before the cursor) holds an entry: where eviction starts looking. */
    private long scanFrom = Long.MIN_VALUE;
    private int allocated;
    private int freeHead = NONE;
    private int size;
    private long evictions;

    PendingProbes(int maxEntries, Decisions decisions) {
        if (maxEntries < 1 || maxEntries > 1 << 28) {
            throw new IllegalArgumentException("pending size must be within 1..2^28, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.decisions = decisions;
        Arrays.fill(wheel, NONE);
        Arrays.fill(wheelTail, NONE);
        heads = new int[16];
        Arrays.fill(heads, NONE);
        headMask = heads.length - 1;
    }

    /** Fingerprint of a directed 5-tuple; {@code proto} above 255 marks special keys (unreachable markers). */
    static long key(long sHi, long sLo, long dHi, long dLo, int sPort, int dPort, int proto) {
        long h = KeyHash.hash(sHi, sLo, dHi, dLo);
        return KeyHash.hash(h, ((long) proto << 32) | ((long) sPort << 16) | dPort);
    }

    int size() { return size; }

    long evictions() { return evictions; }

    int find(long k) {
        for (int e = heads[(int) KeyHash.mix(k) & headMask]; e != NONE; e = hashNext[e]) {
            if (key[e] == k) {
                return e;
            }
        }
        return NONE;
    }

    /** Adds an entry, deciding the earliest one first when the pool is full. Returns its id. */
    int add(long k, long sHi, long sLo, long dHi, long dLo, int sPort, int dPort, int p, int flowShape,
            int flowOutcome, long flowFirst, long flowLast, long due) {
        if (size >= maxEntries) {
            evictEarliest();
        }
        int id = allocate();
        key[id] = k;
        srcHi[id] = sHi;
        srcLo[id] = sLo;
        dstHi[id] = dHi;
        dstLo[id] = dLo;
        ports[id] = sPort << 16 | dPort;
        proto[id] = p;
        shape[id] = flowShape;
        outcome[id] = flowOutcome;
        first[id] = flowFirst;
        last[id] = flowLast;
        deadline[id] = due;
        int b = (int) KeyHash.mix(k) & headMask;
        hashNext[id] = heads[b];
        heads[b] = id;
        if (cursor == Long.MIN_VALUE) {
            cursor = Math.floorDiv(due, BUCKET_MS);
        }
        link(id);
        size++;
        return id;
    }

    /** Frees an entry without deciding it (a stored reply that found its probe). */
    void remove(int id) {
        unlinkWheel(id);
        free(id);
    }

    /** Decides and frees every entry whose deadline is at or before the watermark. */
    void advance(long watermark) {
        if (size == 0) {
            if (cursor != Long.MIN_VALUE) {
                cursor = Math.max(cursor, Math.floorDiv(watermark, BUCKET_MS));
            }
            return;
        }
        long wb = Math.floorDiv(watermark, BUCKET_MS);
        if (wb < cursor) {
            rebase(wb);
        }
        long end = Math.min(wb, cursor + WHEEL - 1);
        int notDue = NONE;
        int notDueTail = NONE;
        for (long b = cursor; b <= end; b++) {
            int slot = (int) Math.floorMod(b, (long) WHEEL);
            int e = wheel[slot];
            wheel[slot] = NONE;
            wheelTail[slot] = NONE;
            while (e != NONE) {
                int next = wheelNext[e];
                if (deadline[e] <= watermark) {
                    decisions.decided(this, e);
                    free(e);
                } else {
                    wheelNext[e] = NONE;
                    if (notDueTail == NONE) {
                        notDue = e;
                    } else {
                        wheelNext[notDueTail] = e;
                    }
                    notDueTail = e;
                }
                e = next;
            }
        }
        cursor = wb;
        while (notDue != NONE) {
            int next = wheelNext[notDue];
            link(notDue);
            notDue = next;
        }
    }

    /**
     * Moves the wheel back to the watermark's bucket. The cursor starts at the first entry's deadline, which is
     * normally ahead of the watermark (and can be anywhere for a record with a corrupt time); entries linked
     * meanwhile were clamped to it. Re-linking them once puts each where its own deadline says.
     */
    private void rebase(long wb) {
        int all = NONE;
        for (int s = 0; s < WHEEL; s++) {
            int e = wheel[s];
            while (e != NONE) {
                int next = wheelNext[e];
                wheelNext[e] = all;
                all = e;
                e = next;
            }
            wheel[s] = NONE;
            wheelTail[s] = NONE;
        }
        cursor = wb;
        scanFrom = Long.MIN_VALUE;
        while (all != NONE) {
            int next = wheelNext[all];
            link(all);
            all = next;
        }
    }

    /** Decides everything still waiting, earliest deadline first (end of input). */
    void drain() {
        advance(Long.MAX_VALUE);
    }

    private void evictEarliest() {
        for (long b = Math.max(cursor, scanFrom); b < cursor + WHEEL; b++) {
            int slot = (int) Math.floorMod(b, (long) WHEEL);
            int e = wheel[slot];
            if (e != NONE) {
                scanFrom = b;
                unlinkWheel(e);
                evictions++;
                decisions.decided(this, e);
                free(e);
                return;
            }
        }
    }

    private int allocate() {
        if (freeHead != NONE) {
            int id = freeHead;
            freeHead = hashNext[id];
            return id;
        }
        if (allocated == key.length) {
            grow();
        }
        return allocated++;
    }

    private void free(int id) {
        int b = (int) KeyHash.mix(key[id]) & headMask;
        if (heads[b] == id) {
            heads[b] = hashNext[id];
        } else {
            int e = heads[b];
            while (hashNext[e] != id) {
                e = hashNext[e];
            }
            hashNext[e] = hashNext[id];
        }
        hashNext[id] = freeHead;
        freeHead = id;
        size--;
    }

    private void link(int id) {
        long b = Math.floorDiv(deadline[id], BUCKET_MS);
        if (b < cursor) {
            b = cursor;
        } else if (b > cursor + WHEEL - 1) {
            b = cursor + WHEEL - 1;
        }
        if (b < scanFrom) {
            scanFrom = b;
        }
        // appended at the tail: entries of one bucket are decided in arrival order
        int slot = (int) Math.floorMod(b, (long) WHEEL);
        int t = wheelTail[slot];
        wheelSlot[id] = slot;
        wheelNext[id] = NONE;
        wheelPrev[id] = t;
        if (t != NONE) {
            wheelNext[t] = id;
        } else {
            wheel[slot] = id;
        }
        wheelTail[slot] = id;
    }

    private void unlinkWheel(int id) {
        int p = wheelPrev[id];
        int n = wheelNext[id];
        if (p != NONE) {
            wheelNext[p] = n;
        } else {
            wheel[wheelSlot[id]] = n;
        }
        if (n != NONE) {
            wheelPrev[n] = p;
        } else {
            wheelTail[wheelSlot[id]] = p;
        }
    }

    private void grow() {
        int cap = (int) Math.min(maxEntries, Math.max(64L, key.length * 2L));
        key = Arrays.copyOf(key, cap);
        srcHi = Arrays.copyOf(srcHi, cap);
        srcLo = Arrays.copyOf(srcLo, cap);
        dstHi = Arrays.copyOf(dstHi, cap);
        dstLo = Arrays.copyOf(dstLo, cap);
        first = Arrays.copyOf(first, cap);
        last = Arrays.copyOf(last, cap);
        deadline = Arrays.copyOf(deadline, cap);
        ports = Arrays.copyOf(ports, cap);
        proto = Arrays.copyOf(proto, cap);
        shape = Arrays.copyOf(shape, cap);
        outcome = Arrays.copyOf(outcome, cap);
        hashNext = Arrays.copyOf(hashNext, cap);
        wheelNext = Arrays.copyOf(wheelNext, cap);
        wheelPrev = Arrays.copyOf(wheelPrev, cap);
        wheelSlot = Arrays.copyOf(wheelSlot, cap);
        int buckets = Integer.highestOneBit(cap * 2 - 1);
        heads = new int[buckets];
        Arrays.fill(heads, NONE);
        headMask = buckets - 1;
        // growth happens only when no id is free: every allocated id is live and re-chained here
        for (int id = 0; id < allocated; id++) {
            int b = (int) KeyHash.mix(key[id]) & headMask;
            hashNext[id] = heads[b];
            heads[b] = id;
        }
    }

    long srcHi(int id) { return srcHi[id]; }
    long srcLo(int id) { return srcLo[id]; }
    long dstHi(int id) { return dstHi[id]; }
    long dstLo(int id) { return dstLo[id]; }
    int srcPort(int id) { return ports[id] >>> 16; }
    int dstPort(int id) { return ports[id] & 0xFFFF; }
    int proto(int id) { return proto[id]; }
    int shape(int id) { return shape[id]; }
    int outcome(int id) { return outcome[id]; }
    long first(int id) { return first[id]; }
    long last(int id) { return last[id]; }

    void setOutcome(int id, int o) { outcome[id] = o; }

    /** A second record of the same probe (a retransmission exported separately) widens its time span. */
    void merge(int id, long flowFirst, long flowLast) {
        first[id] = Math.min(first[id], flowFirst);
        last[id] = Math.max(last[id], flowLast);
    }
}
