package org.flowsec.detect.bigtalker;

import java.util.Arrays;

/**
 * The local hosts a {@link BigTalkerDetector} tracks: an open-addressing table (linear probing, load at most
 * 1/2, backward-shift deletion so no tombstones pile up) keyed by the two address words, with primitive
 * columns per host. Each host has a ring of {@code ring} interval counters (bytes in, bytes out, packets,
 * flows) shared by index with the detector's open intervals, plus its baseline and streak state.
 * Nothing is allocated per flow; the table grows by doubling until it can hold {@code maxHosts}.
 */
final class TalkerTable {
    static final int BYTES_IN = 0;
    static final int BYTES_OUT = 1;
    static final int PACKETS = 2;
    static final int FLOWS = 3;
    /**
     * Most already-finalised intervals that one late flow of the host covered: a long transfer exported at its
     * end (active timeout longer than the interval) lands in the open interval, but it ran during those too.
     */
    static final int MISSED = 4;
    private static final int COUNTERS = 5;

    private final int ring;
    private final int maxHosts;
    private int mask;
    private int size;

    /** Per slot: 0 when free, else 7 bits of the address's hash; a byte each, so it stays cached. */
    private byte[] tags;
    /** Per slot, side by side: address high and low words (one cache line read per match). */
    private long[] keys;
    int[] network;
    /** Exponentially weighted mean of bytes per interval (not yet corrected for the detector's age). */
    double[] ewma;
    /** Consecutive intervals the host has been a jumped top talker. */
    int[] streak;
    /** The baseline when the current streak started: the streak is judged against it, not a moving one. */
    double[] streakBaseline;
    long[] streakFirst;
    long[] streakBytes;
    long[] streakPackets;
    long[] streakFlows;
    /** Index of the last interval in which the host ranked in its network's top N. */
    long[] topInterval;
    /** Per host, ring x COUNTERS longs. */
    long[] counters;

    TalkerTable(int ring, int maxHosts) {
        this.ring = ring;
        this.maxHosts = maxHosts;
        allocate(Math.max(16, Integer.highestOneBit(Math.min(maxHosts, 1024)) * 2));
    }

    int size() { return size; }

    int capacity() { return tags.length; }

    boolean used(int slot) { return tags[slot] != 0; }

    long hi(int slot) { return keys[2 * slot]; }

    long lo(int slot) { return keys[2 * slot + 1]; }

    /** Bits of the hash above any mask's (the slot comes from the low bits), never 0. */
    private static byte tag(int hash) {
        return (byte) (hash >>> 25 | 0x80);
    }

    boolean full() { return size >= maxHosts; }

    /** The slot holding the host, or -1. */
    int find(long h, long l) {
        int x = hash(h, l);
        byte tag = tag(x);
        int i = x & mask;
        for (byte t = tags[i]; t != 0; t = tags[i]) {
            if (t == tag && keys[2 * i] == h && keys[2 * i + 1] == l) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Adds a host that {@link #find} did not find; -1 when the table holds {@code maxHosts} already. */
    int insert(long h, long l, int net) {
        if (size >= maxHosts) {
            return -1;
        }
        if (2 * (size + 1) > tags.length) {
            grow();
        }
        int x = hash(h, l);
        int i = x & mask;
        while (tags[i] != 0) {
            i = (i + 1) & mask;
        }
        tags[i] = tag(x);
        keys[2 * i] = h;
        keys[2 * i + 1] = l;
        network[i] = net;
        topInterval[i] = Long.MIN_VALUE;
        size++;
        return i;
    }

    void add(int slot, int ringSlot, int counter, long value) {
        counters[(slot * ring + ringSlot) * COUNTERS + counter] += value;
    }

    void max(int slot, int ringSlot, int counter, long value) {
        int at = (slot * ring + ringSlot) * COUNTERS + counter;
        counters[at] = Math.max(counters[at], value);
    }

    long get(int slot, int ringSlot, int counter) {
        return counters[(slot * ring + ringSlot) * COUNTERS + counter];
    }

    long bytes(int slot, int ringSlot) {
        int base = (slot * ring + ringSlot) * COUNTERS;
        return counters[base + BYTES_IN] + counters[base + BYTES_OUT];
    }

    void clearRingSlot(int slot, int ringSlot) {
        int base = (slot * ring + ringSlot) * COUNTERS;
        Arrays.fill(counters, base, base + COUNTERS, 0);
    }

    /** True when any open interval of the host has traffic. */
    boolean active(int slot) {
        int base = slot * ring * COUNTERS;
        for (int k = 0; k < ring * COUNTERS; k++) {
            if (counters[base + k] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Removes the host at {@code slot}, shifting later entries of its probe run back into the gap. */
    void remove(int slot) {
        int gap = slot;
        int i = (slot + 1) & mask;
        while (tags[i] != 0) {
            int home = hash(hi(i), lo(i)) & mask;
            // move i into the gap unless its home lies cyclically in (gap, i]
            boolean stays = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (!stays) {
                move(i, gap);
                gap = i;
            }
            i = (i + 1) & mask;
        }
        tags[gap] = 0;
        Arrays.fill(counters, gap * ring * COUNTERS, (gap + 1) * ring * COUNTERS, 0);
        size--;
    }

    private void move(int from, int to) {
        tags[to] = tags[from];
        keys[2 * to] = keys[2 * from];
        keys[2 * to + 1] = keys[2 * from + 1];
        network[to] = network[from];
        ewma[to] = ewma[from];
        streak[to] = streak[from];
        streakBaseline[to] = streakBaseline[from];
        streakFirst[to] = streakFirst[from];
        streakBytes[to] = streakBytes[from];
        streakPackets[to] = streakPackets[from];
        streakFlows[to] = streakFlows[from];
        topInterval[to] = topInterval[from];
        System.arraycopy(counters, from * ring * COUNTERS, counters, to * ring * COUNTERS, ring * COUNTERS);
        tags[from] = 0;
    }

    private void grow() {
        TalkerTable bigger = new TalkerTable(ring, maxHosts, tags.length * 2);
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != 0) {
                int j = bigger.insert(hi(i), lo(i), network[i]);
                bigger.ewma[j] = ewma[i];
                bigger.streak[j] = streak[i];
                bigger.streakBaseline[j] = streakBaseline[i];
                bigger.streakFirst[j] = streakFirst[i];
                bigger.streakBytes[j] = streakBytes[i];
                bigger.streakPackets[j] = streakPackets[i];
                bigger.streakFlows[j] = streakFlows[i];
                bigger.topInterval[j] = topInterval[i];
                System.arraycopy(counters, i * ring * COUNTERS, bigger.counters, j * ring * COUNTERS, ring * COUNTERS);
            }
        }
        mask = bigger.mask;
        tags = bigger.tags;
        keys = bigger.keys;
        network = bigger.network;
        ewma = bigger.ewma;
        streak = bigger.streak;
        streakBaseline = bigger.streakBaseline;
        streakFirst = bigger.streakFirst;
        streakBytes = bigger.streakBytes;
        streakPackets = bigger.streakPackets;
        streakFlows = bigger.streakFlows;
        topInterval = bigger.topInterval;
        counters = bigger.counters;
    }

    private TalkerTable(int ring, int maxHosts, int capacity) {
        this.ring = ring;
        this.maxHosts = maxHosts;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        tags = new byte[capacity];
        keys = new long[2 * capacity];
        network = new int[capacity];
        ewma = new double[capacity];
        streak = new int[capacity];
        streakBaseline = new double[capacity];
        streakFirst = new long[capacity];
        streakBytes = new long[capacity];
        streakPackets = new long[capacity];
        streakFlows = new long[capacity];
        topInterval = new long[capacity];
        counters = new long[capacity * ring * COUNTERS];
    }

    private static int hash(long h, long l) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) x;
    }
}
