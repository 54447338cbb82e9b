package org.flowsec.detect.scan;

import java.util.Arrays;
import org.flowsec.stats.KeyHash;

/**
 * Probes and replies waiting for the other direction of their 5-tuple, until the watermark passes their
 * deadline ({@code last + pair wait}). The reverse flow of a probe may arrive before or after it, so replies
 * that find no probe wait here too, and ICMP unreachables wait as markers of their host pair.
 *
 * <p>Two structures over one pool of entries (a free list): an open-addressing index by 5-tuple fingerprint,
 * and a timer wheel of 1-second buckets by deadline ({@value #WHEEL} buckets, about 68
 * minutes; a later deadline sits in the last bucket and is looked at again). {@link #advance} hands every due
 * entry to {@link Decisions} in deadline order, bucket by bucket, so outcomes reach the sequential test in
 * about event order whatever the arrival order was. When the pool is full the entry with the earliest deadline
 * is decided early with what is known (counted as an eviction).
 *
 * <p>Layout, for the caches: the pool is far larger than them, so each cache line touched per flow can cost a
 * miss. An entry's fields sit together (eight longs in {@code words}, eight ints in {@code ints}: two lines,
 * not one in each of sixteen parallel arrays); the index holds the fingerprint next to the entry id, and a
 * byte of tag per index slot, small enough to stay cached, answers most lookups of absent keys (a probe
 * finds no reply waiting) without reading the index itself.
 */
final class PendingProbes {
    /** Receives each entry when it is due or evicted; the entry is freed right after the call. */
    interface Decisions {
        void decided(PendingProbes pending, int id);
    }

    private static final int NONE = -1;
    private static final int WHEEL = 4096;
    private static final long BUCKET_MS = 1000;

    // long fields of an entry, at id * LONGS + field
    private static final int LONGS = 8;
    private static final int KEY = 0;
    private static final int SRC_HI = 1;
    private static final int SRC_LO = 2;
    private static final int DST_HI = 3;
    private static final int DST_LO = 4;
    private static final int FIRST = 5;
    private static final int LAST = 6;
    private static final int DEADLINE = 7;
    // int fields of an entry, at id * INTS + field
    private static final int INTS = 8;
    private static final int PORTS = 0;
    private static final int PROTO = 1;
    private static final int SHAPE = 2;
    private static final int OUTCOME = 3;
    private static final int WHEEL_NEXT = 4;
    private static final int WHEEL_PREV = 5;
    private static final int WHEEL_SLOT = 6;
    private static final int FREE_NEXT = 7;

    private final int maxEntries;
    private final Decisions decisions;
    private long[] words = new long[0];
    private int[] ints = new int[0];
    private int capacity;
    /** Open addressing, linear probing, load at most 1/2: slot s holds the key at 2s and id + 1 at 2s + 1. */
    private long[] index;
    /**
     * Per index slot: 0 when free, else 7 bits of the key. Small enough to stay cached, so a lookup of an
     * absent key (most probes find no reply waiting) rarely reads the index itself.
     */
    private byte[] tags;
    private int indexMask;
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
        index = new long[2 * 16];
        tags = new byte[16];
        indexMask = 15;
    }

    /** Fingerprint of a directed 5-tuple; {@code proto} above 255 marks special keys (unreachable markers). */
    static long key(long sHi, long sLo, long dHi, long dLo, int sPort, int dPort, int proto) {
        long h = KeyHash.hash(sHi, sLo, dHi, dLo);
        return KeyHash.hash(h, ((long) proto << 32) | ((long) sPort << 16) | dPort);
    }

    int size() { return size; }

    long evictions() { return evictions; }

    /** The fingerprint is already a full-avalanche hash: its bits pick the home slot as they are. */
    private int home(long k) {
        return (int) (k ^ (k >>> 32)) & indexMask;
    }

    /** Bits of the key above any mask's (the slot comes from the low bits), never 0. */
    private static byte tag(long k) {
        return (byte) (k >>> 57 | 0x80);
    }

    int find(long k) {
        byte tag = tag(k);
        for (int s = home(k); ; s = (s + 1) & indexMask) {
            byte t = tags[s];
            if (t == 0) {
                return NONE;
            }
            if (t == tag && index[2 * s] == k) {
                return (int) index[2 * s + 1] - 1;
            }
        }
    }

    /** Adds an entry, deciding the earliest one first when the pool is full. Returns its id. */
    int add(long k, long sHi, long sLo, long dHi, long dLo, int sPort, int dPort, int p, int flowShape,
            int flowOutcome, long flowFirst, long flowLast, long due) {
        if (size >= maxEntries) {
            evictEarliest();
        }
        int id = allocate();
        int w = id * LONGS;
        words[w + KEY] = k;
        words[w + SRC_HI] = sHi;
        words[w + SRC_LO] = sLo;
        words[w + DST_HI] = dHi;
        words[w + DST_LO] = dLo;
        words[w + FIRST] = flowFirst;
        words[w + LAST] = flowLast;
        words[w + DEADLINE] = due;
        int n = id * INTS;
        ints[n + PORTS] = sPort << 16 | dPort;
        ints[n + PROTO] = p;
        ints[n + SHAPE] = flowShape;
        ints[n + OUTCOME] = flowOutcome;
        indexAdd(k, id);
        if (cursor == Long.MIN_VALUE) {
            cursor = Math.floorDiv(due, BUCKET_MS);
        }
        link(id);
        size++;
        return id;
    }

    private void indexAdd(long k, int id) {
        int s = home(k);
        while (tags[s] != 0) {
            s = (s + 1) & indexMask;
        }
        tags[s] = tag(k);
        index[2 * s] = k;
        index[2 * s + 1] = id + 1;
    }

    /** Backward-shift deletion: later entries of the probe run move up so lookups never stop early. */
    private void indexRemove(long k, int id) {
        int i = home(k);
        while (index[2 * i + 1] != id + 1) {
            i = (i + 1) & indexMask;
        }
        int j = i;
        for (;;) {
            index[2 * i + 1] = 0;
            tags[i] = 0;
            for (;;) {
                j = (j + 1) & indexMask;
                if (tags[j] == 0) {
                    return;
                }
                int h = home(index[2 * j]);
                boolean stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
                if (!stays) {
                    index[2 * i] = index[2 * j];
                    index[2 * i + 1] = index[2 * j + 1];
                    tags[i] = tags[j];
                    i = j;
                    break;
                }
            }
        }
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
                int next = ints[e * INTS + WHEEL_NEXT];
                if (words[e * LONGS + DEADLINE] <= watermark) {
                    decisions.decided(this, e);
                    free(e);
                } else {
                    ints[e * INTS + WHEEL_NEXT] = NONE;
                    if (notDueTail == NONE) {
                        notDue = e;
                    } else {
                        ints[notDueTail * INTS + WHEEL_NEXT] = e;
                    }
                    notDueTail = e;
                }
                e = next;
            }
        }
        cursor = wb;
        while (notDue != NONE) {
            int next = ints[notDue * INTS + WHEEL_NEXT];
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
                int next = ints[e * INTS + WHEEL_NEXT];
                ints[e * INTS + WHEEL_NEXT] = all;
                all = e;
                e = next;
            }
            wheel[s] = NONE;
            wheelTail[s] = NONE;
        }
        cursor = wb;
        scanFrom = Long.MIN_VALUE;
        while (all != NONE) {
            int next = ints[all * INTS + WHEEL_NEXT];
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
            freeHead = ints[id * INTS + FREE_NEXT];
            return id;
        }
        if (allocated == capacity) {
            grow();
        }
        return allocated++;
    }

    private void free(int id) {
        indexRemove(words[id * LONGS + KEY], id);
        ints[id * INTS + FREE_NEXT] = freeHead;
        freeHead = id;
        size--;
    }

    private void link(int id) {
        long b = Math.floorDiv(words[id * LONGS + DEADLINE], BUCKET_MS);
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
        int n = id * INTS;
        ints[n + WHEEL_SLOT] = slot;
        ints[n + WHEEL_NEXT] = NONE;
        ints[n + WHEEL_PREV] = t;
        if (t != NONE) {
            ints[t * INTS + WHEEL_NEXT] = id;
        } else {
            wheel[slot] = id;
        }
        wheelTail[slot] = id;
    }

    private void unlinkWheel(int id) {
        int p = ints[id * INTS + WHEEL_PREV];
        int n = ints[id * INTS + WHEEL_NEXT];
        int slot = ints[id * INTS + WHEEL_SLOT];
        if (p != NONE) {
            ints[p * INTS + WHEEL_NEXT] = n;
        } else {
            wheel[slot] = n;
        }
        if (n != NONE) {
            ints[n * INTS + WHEEL_PREV] = p;
        } else {
            wheelTail[slot] = p;
        }
    }

    private void grow() {
        int cap = (int) Math.min(maxEntries, Math.max(64L, capacity * 2L));
        words = Arrays.copyOf(words, cap * LONGS);
        ints = Arrays.copyOf(ints, cap * INTS);
        capacity = cap;
        int slots = Integer.highestOneBit(Math.max(2, cap) * 2 - 1) * 2;
        index = new long[2 * slots];
        tags = new byte[slots];
        indexMask = slots - 1;
        // growth happens only when no id is free: every allocated id is live and indexed again here
        for (int id = 0; id < allocated; id++) {
            indexAdd(words[id * LONGS + KEY], id);
        }
    }

    long srcHi(int id) { return words[id * LONGS + SRC_HI]; }
    long srcLo(int id) { return words[id * LONGS + SRC_LO]; }
    long dstHi(int id) { return words[id * LONGS + DST_HI]; }
    long dstLo(int id) { return words[id * LONGS + DST_LO]; }
    int srcPort(int id) { return ints[id * INTS + PORTS] >>> 16; }
    int dstPort(int id) { return ints[id * INTS + PORTS] & 0xFFFF; }
    int proto(int id) { return ints[id * INTS + PROTO]; }
    int shape(int id) { return ints[id * INTS + SHAPE]; }
    int outcome(int id) { return ints[id * INTS + OUTCOME]; }
    long first(int id) { return words[id * LONGS + FIRST]; }
    long last(int id) { return words[id * LONGS + LAST]; }

    void setOutcome(int id, int o) { ints[id * INTS + OUTCOME] = o; }

    /** A second record of the same probe (a retransmission exported separately) widens its time span. */
    void merge(int id, long flowFirst, long flowLast) {
        int w = id * LONGS;
        words[w + FIRST] = Math.min(words[w + FIRST], flowFirst);
        words[w + LAST] = Math.max(words[w + LAST], flowLast);
    }
}
