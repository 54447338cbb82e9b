package org.flowsec.detect.flood;

import java.util.Arrays;

/**
 * Per home host, a ring of {@link #RING} rate buckets keyed by flow start (bucket id = start / bucket length):
 * flows, SYN-only and SYN-ACK-only flows, amplifier flows in and questions out, packets, bytes, distinct
 * sources. Flows arrive out of start order, so a flow lands in its own bucket while that bucket is in the
 * ring; a flow older than the ring is late and counts in the oldest bucket still held, so late flows still
 * push a host towards its thresholds. Buckets leave the ring in id order through {@link Finaliser}, which is
 * where baselines learn; the watermark finalises them too ({@link #finaliseThrough}).
 */
final class RateBuckets implements DestinationTable.SlotState {
    /** Buckets held per host: 40 s at 10 s buckets, enough for exporters that flush every few seconds. */
    static final int RING = 4;
    private static final long EMPTY = Long.MIN_VALUE;

    /** Receives each bucket once, in id order, when it is final; gaps of buckets without flows as a count. */
    interface Finaliser {
        void bucket(int slot, int cell);

        void empty(int slot, long buckets);
    }

    private final Finaliser finaliser;
    private long late;

    // per slot
    private long[] head = new long[0];
    private long[] finalised = new long[0];
    // per cell (slot * RING + bucket % RING)
    long[] bucket = new long[0];
    long[] flows = new long[0];
    long[] syn = new long[0];
    long[] synAck = new long[0];
    long[] amp = new long[0];
    long[] ampOut = new long[0];
    /** Flows the host sent in the bucket: a busy host answers, a flood victim mostly does not. */
    long[] outFlows = new long[0];
    long[] packets = new long[0];
    long[] bytes = new long[0];
    /** Packets and bytes with each flow capped (see {@link HostGroups.Limits#packetCap()}): what is compared. */
    long[] cappedPackets = new long[0];
    long[] cappedBytes = new long[0];
    long[] minFirst = new long[0];
    long[] maxFirst = new long[0];
    int[] ampPort = new int[0];
    int[] ampVotes = new int[0];
    boolean[] crossed = new boolean[0];
    long[] sources = new long[0];
    long[] ampSources = new long[0];

    RateBuckets(Finaliser finaliser) {
        this.finaliser = finaliser;
    }

    long late() { return late; }

    @Override
    public void grow(int capacity) {
        head = grown(head, capacity, EMPTY);
        finalised = grown(finalised, capacity, EMPTY);
        int cells = capacity * RING;
        bucket = grown(bucket, cells, EMPTY);
        flows = Arrays.copyOf(flows, cells);
        syn = Arrays.copyOf(syn, cells);
        synAck = Arrays.copyOf(synAck, cells);
        amp = Arrays.copyOf(amp, cells);
        ampOut = Arrays.copyOf(ampOut, cells);
        outFlows = Arrays.copyOf(outFlows, cells);
        packets = Arrays.copyOf(packets, cells);
        bytes = Arrays.copyOf(bytes, cells);
        cappedPackets = Arrays.copyOf(cappedPackets, cells);
        cappedBytes = Arrays.copyOf(cappedBytes, cells);
        minFirst = Arrays.copyOf(minFirst, cells);
        maxFirst = Arrays.copyOf(maxFirst, cells);
        ampPort = Arrays.copyOf(ampPort, cells);
        ampVotes = Arrays.copyOf(ampVotes, cells);
        crossed = Arrays.copyOf(crossed, cells);
        sources = Arrays.copyOf(sources, cells * SourceBits.WORDS);
        ampSources = Arrays.copyOf(ampSources, cells * SourceBits.WORDS);
    }

    private static long[] grown(long[] a, int n, long fill) {
        int old = a.length;
        long[] b = Arrays.copyOf(a, n);
        Arrays.fill(b, old, n, fill);
        return b;
    }

    @Override
    public void reset(int slot) {
        head[slot] = EMPTY;
        finalised[slot] = EMPTY;
        for (int c = slot * RING; c < slot * RING + RING; c++) {
            bucket[c] = EMPTY;
        }
    }

    /**
     * The cell that counts a flow of bucket {@code b} for {@code slot}, moving the ring forward (and
     * finalising the buckets it drops) when {@code b} is newer than any seen.
     */
    int cell(int slot, long b) {
        long h = head[slot];
        if (h == EMPTY) {
            head[slot] = b;
            finalised[slot] = b - 1;
        } else if (b > h) {
            finaliseThrough(slot, b - RING);
            head[slot] = b;
        } else if (b <= h - RING) {
            late++;
            b = h - RING + 1;
        }
        int c = slot * RING + (int) Math.floorMod(b, (long) RING);
        if (bucket[c] != b) {
            clear(c, b);
        }
        return c;
    }

    private void clear(int c, long b) {
        bucket[c] = b;
        flows[c] = 0;
        syn[c] = 0;
        synAck[c] = 0;
        amp[c] = 0;
        ampOut[c] = 0;
        outFlows[c] = 0;
        packets[c] = 0;
        bytes[c] = 0;
        cappedPackets[c] = 0;
        cappedBytes[c] = 0;
        minFirst[c] = Long.MAX_VALUE;
        maxFirst[c] = Long.MIN_VALUE;
        ampPort[c] = 0;
        ampVotes[c] = 0;
        crossed[c] = false;
        SourceBits.clear(sources, c * SourceBits.WORDS);
        SourceBits.clear(ampSources, c * SourceBits.WORDS);
    }

    /** The cell holding the bucket just before cell {@code c}'s, or -1. */
    int previous(int c) {
        long b = bucket[c] - 1;
        int p = c - (int) Math.floorMod(bucket[c], (long) RING) + (int) Math.floorMod(b, (long) RING);
        return bucket[p] == b ? p : -1;
    }

    /** Votes for the amplifier port of a cell (Boyer-Moore majority: the port most flows share wins). */
    void voteAmpPort(int c, int port) {
        if (ampVotes[c] == 0) {
            ampPort[c] = port;
            ampVotes[c] = 1;
        } else if (ampPort[c] == port) {
            ampVotes[c]++;
        } else {
            ampVotes[c]--;
        }
    }

    /** Hands every bucket up to {@code target} that is not final yet to the finaliser, in id order. */
    void finaliseThrough(int slot, long target) {
        long f = finalised[slot];
        if (f == EMPTY || target <= f) {
            return;
        }
        long b = f + 1;
        int base = slot * RING;
        while (b <= target) {
            int c = base + (int) Math.floorMod(b, (long) RING);
            if (bucket[c] == b) {
                finaliser.bucket(slot, c);
                b++;
            } else {
                long next = target + 1;
                for (int k = base; k < base + RING; k++) {
                    if (bucket[k] > b && bucket[k] < next) {
                        next = bucket[k];
                    }
                }
                finaliser.empty(slot, next - b);
                b = next;
            }
        }
        finalised[slot] = target;
    }
}
