package org.flowsec.detect.flood;

import java.util.Arrays;

/**
 * Per home host, a ring of {@link #RING} rate buckets keyed by flow start (bucket id = start / bucket length):
 * flows, SYN-only and SYN-ACK-only flows, amplifier flows in and questions out, flows out, packets, bytes,
 * distinct sources. Flows arrive out of start order, so a flow lands in its own bucket while that bucket is in
 * the ring; a flow older than the ring is late and counts in the oldest bucket still held, so late flows still
 * push a host towards its thresholds. Buckets leave the ring in id order through {@link Finaliser}, which is
 * where baselines learn; the watermark finalises them too ({@link #finaliseThrough}).
 *
 * <p>Layout: one {@code long[]}, {@link #STRIDE} words per bucket, a host's {@link #RING} buckets side by
 * side, so counting a flow touches three adjacent cache lines instead of one line in each of twenty arrays
 * (which made the first version memory-bound at 1.7 µs per flow). Callers address a bucket by its offset
 * {@code at} and a field by the constants below.
 */
final class RateBuckets implements DestinationTable.SlotState {
    /** Buckets held per host: 40 s at 10 s buckets, enough for exporters that flush every few seconds. */
    static final int RING = 4;
    static final int BUCKET = 0;
    static final int FLOWS = 1;
    static final int SYN = 2;
    static final int SYN_ACK = 3;
    static final int AMP = 4;
    static final int AMP_OUT = 5;
    static final int OUT_FLOWS = 6;
    static final int PACKETS = 7;
    static final int BYTES = 8;
    /** Packets and bytes with each flow capped (see {@link HostGroups.Limits#packetCap()}): what is compared. */
    static final int CAPPED_PACKETS = 9;
    static final int CAPPED_BYTES = 10;
    static final int MIN_FIRST = 11;
    static final int MAX_FIRST = 12;
    /** Boyer-Moore majority vote over amplifier source ports: port in the high half, votes in the low. */
    static final int AMP_PORT_VOTE = 13;
    /** 1 when the bucket started or belongs to a flood: not learned as the host's norm. */
    static final int CROSSED = 14;
    /** Packets and bytes of the SYN-only, SYN-ACK-only and amplifier flows: what a flood of those kinds carried. */
    static final int KIND_PACKETS = 15;
    static final int KIND_BYTES = 16;
    /** TCP flows out with SYN from an ephemeral port to a lower one: connections the host opened. */
    static final int OUT_SYN = 17;
    static final int SOURCES = 18;
    static final int AMP_SOURCES = SOURCES + SourceBits.WORDS;
    static final int STRIDE = AMP_SOURCES + SourceBits.WORDS;
    private static final int SLOT = RING * STRIDE;
    private static final long EMPTY = Long.MIN_VALUE;

    /** Receives each bucket once, in id order, when it is final; gaps of buckets without flows as a count. */
    interface Finaliser {
        void bucket(int slot, int at);

        void empty(int slot, long buckets);
    }

    private final Finaliser finaliser;
    private long late;
    /** Per slot: newest bucket id seen, and the id through which buckets are final. */
    private long[] heads = new long[0];
    long[] cells = new long[0];

    RateBuckets(Finaliser finaliser) {
        this.finaliser = finaliser;
    }

    long late() { return late; }

    @Override
    public void grow(int capacity) {
        int old = heads.length / 2;
        heads = Arrays.copyOf(heads, capacity * 2);
        cells = Arrays.copyOf(cells, capacity * SLOT);
        for (int s = old; s < capacity; s++) {
            reset(s);
        }
    }

    @Override
    public void reset(int slot) {
        heads[2 * slot] = EMPTY;
        heads[2 * slot + 1] = EMPTY;
        for (int at = slot * SLOT; at < (slot + 1) * SLOT; at += STRIDE) {
            cells[at + BUCKET] = EMPTY;
        }
    }

    /**
     * The offset of the bucket that counts a flow of bucket id {@code b} for {@code slot}, moving the ring
     * forward (and finalising the buckets it drops) when {@code b} is newer than any seen.
     */
    int cell(int slot, long b) {
        long h = heads[2 * slot];
        if (h == EMPTY) {
            heads[2 * slot] = b;
            heads[2 * slot + 1] = b - 1;
        } else if (b > h) {
            finaliseThrough(slot, b - RING);
            heads[2 * slot] = b;
        } else if (b <= h - RING) {
            late++;
            b = h - RING + 1;
        }
        int at = slot * SLOT + (int) Math.floorMod(b, (long) RING) * STRIDE;
        if (cells[at + BUCKET] != b) {
            Arrays.fill(cells, at, at + STRIDE, 0);
            cells[at + BUCKET] = b;
            cells[at + MIN_FIRST] = Long.MAX_VALUE;
            cells[at + MAX_FIRST] = Long.MIN_VALUE;
        }
        return at;
    }

    /** The offset of the bucket just before the one at {@code at}, or -1 if the ring does not hold it. */
    int previous(int at) {
        long b = cells[at + BUCKET] - 1;
        int slotBase = at - at % SLOT;
        int p = slotBase + (int) Math.floorMod(b, (long) RING) * STRIDE;
        return cells[p + BUCKET] == b ? p : -1;
    }

    /** Votes for the amplifier port of a bucket (Boyer-Moore majority: the port most flows share wins). */
    void voteAmpPort(int at, int port) {
        long v = cells[at + AMP_PORT_VOTE];
        long votes = v & 0xFFFF_FFFFL;
        long candidate = v >>> 32;
        if (votes == 0) {
            cells[at + AMP_PORT_VOTE] = ((long) port << 32) | 1;
        } else if (candidate == port) {
            cells[at + AMP_PORT_VOTE] = v + 1;
        } else {
            cells[at + AMP_PORT_VOTE] = v - 1;
        }
    }

    int ampPort(int at) {
        return (int) (cells[at + AMP_PORT_VOTE] >>> 32);
    }

    /** Hands every bucket up to {@code target} that is not final yet to the finaliser, in id order. */
    void finaliseThrough(int slot, long target) {
        long f = heads[2 * slot + 1];
        if (f == EMPTY || target <= f) {
            return;
        }
        long b = f + 1;
        int base = slot * SLOT;
        while (b <= target) {
            int at = base + (int) Math.floorMod(b, (long) RING) * STRIDE;
            if (cells[at + BUCKET] == b) {
                finaliser.bucket(slot, at);
                b++;
            } else {
                long next = target + 1;
                for (int k = base; k < base + SLOT; k += STRIDE) {
                    long kb = cells[k + BUCKET];
                    if (kb > b && kb < next) {
                        next = kb;
                    }
                }
                finaliser.empty(slot, next - b);
                b = next;
            }
        }
        heads[2 * slot + 1] = target;
    }
}
