package org.flowsec.detect.p2p;

/**
 * What one local host did in one P2P profile while it is a user: rendezvous contacts, distinct remote peers
 * (exact up to three quarters of {@link #MAX_PEERS}, then a lower bound; only peers the local host
 * exchanged traffic with count), flows, packets and bytes, and which kinds of flows
 * counted (for the evidence filter). Created when a host first shows P2P traffic, so it may be an object.
 */
final class HostProfile {
    static final int MAX_PEERS = 64;
    /** A flow of at least this many packets averaging at least {@link #BULK_BYTES_PER_PACKET} moves file data. */
    static final long BULK_PACKETS = 10;
    static final long BULK_BYTES_PER_PACKET = 1000;

    final int profile;
    final long hi;
    final long lo;
    long rendezvousContacts;
    long rendezvousHi;
    long rendezvousLo;
    int rendezvousPort = -1;
    int rendezvousProto;
    long flows;
    long packets;
    long bytes;
    /** Flows that carried file data (full-size packets), as opposed to control and keep-alive messages. */
    long bulkFlows;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    boolean portFlows;
    boolean meshFlows;
    /**
     * The local port a host listens on for peers, fixed by its first peer flow that matched only on the local
     * side; -1 until then. A client's ephemeral port that happens to fall in a profile's range changes with
     * every connection, a P2P client's listening port does not.
     */
    int listenPort = -1;
    private final long[] peers = new long[2 * MAX_PEERS];
    private final boolean[] used = new boolean[MAX_PEERS];
    private final byte[] seen = new byte[MAX_PEERS];
    /** Peers in the set, exchanged with or not yet (one-way so far). */
    int entries;
    /** Peers the local host exchanged traffic with. */
    int peerCount;
    int raisedPeers = -1;
    long raisedFlows;

    HostProfile(int profile, long hi, long lo) {
        this.profile = profile;
        this.hi = hi;
        this.lo = lo;
    }

    void seen(long firstMs, long lastMs, long pk, long by) {
        flows++;
        packets += pk;
        bytes += by;
        if (pk >= BULK_PACKETS && by >= pk * BULK_BYTES_PER_PACKET) {
            bulkFlows++;
        }
        first = Math.min(first, firstMs);
        last = Math.max(last, lastMs);
    }

    /** The local host sent the peer a flow of its own (an attempt, data, ACKs): the peer counts at once. */
    static final int SENT = 1;
    /** The local host sent the peer UDP (on high ports: could be a one-way scan, so it needs an answer). */
    static final int UDP_OUT = 2;
    /** The peer sent the local host UDP (on its own: could be a flood or reflection, so it needs a request). */
    static final int UDP_IN = 4;

    /**
     * Records what one flow shows of a peer ({@link #SENT}, {@link #UDP_OUT}, {@link #UDP_IN}) in the
     * open-addressing set (no allocation). A peer counts in {@link #peerCount} once the local host is seen
     * exchanging traffic with it: it sent the peer something, or UDP went both ways. Past the cap, new peers are
     * no longer told apart.
     */
    void addPeer(long peerHi, long peerLo, int what) {
        long h = peerHi * 0x9E3779B97F4A7C15L ^ peerLo * 0xC2B2AE3D27D4EB4FL;
        int i = (int) (h ^ h >>> 29) & (MAX_PEERS - 1);
        while (used[i]) {
            if (peers[2 * i] == peerHi && peers[2 * i + 1] == peerLo) {
                mark(i, what);
                return;
            }
            i = (i + 1) & (MAX_PEERS - 1);
        }
        if (entries >= MAX_PEERS * 3 / 4) {
            return;
        }
        used[i] = true;
        peers[2 * i] = peerHi;
        peers[2 * i + 1] = peerLo;
        entries++;
        mark(i, what);
    }

    private void mark(int i, int what) {
        boolean before = exchanged(seen[i]);
        seen[i] |= (byte) what;
        if (!before && exchanged(seen[i])) {
            peerCount++;
        }
    }

    private static boolean exchanged(int what) {
        return (what & SENT) != 0 || (what & (UDP_OUT | UDP_IN)) == (UDP_OUT | UDP_IN);
    }

    boolean peersCapped() { return entries >= MAX_PEERS * 3 / 4; }

    boolean eligible(int minPeers) { return rendezvousContacts > 0 || peerCount >= minPeers; }

    /** Raise again when peers or flows doubled since the last raise. */
    boolean worthRaising(int minPeers) {
        return eligible(minPeers) && (raisedPeers < 0 || peerCount >= 2 * Math.max(1, raisedPeers)
                || flows >= 2 * raisedFlows);
    }

    boolean changedSinceRaise(int minPeers) {
        return eligible(minPeers) && (raisedPeers < 0 || peerCount != raisedPeers || flows != raisedFlows);
    }
}
