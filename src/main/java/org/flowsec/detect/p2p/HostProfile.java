package org.flowsec.detect.p2p;

/**
 * What one local host did in one P2P profile while it is a user: rendezvous contacts, distinct remote peers
 * (exact up to {@link #MAX_PEERS}, then a lower bound), flows, packets and bytes, and which kinds of flows
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
    private final long[] peers = new long[2 * MAX_PEERS];
    private final boolean[] used = new boolean[MAX_PEERS];
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

    /** Adds a peer to the open-addressing set (no allocation); past the cap, peers are no longer told apart. */
    void addPeer(long peerHi, long peerLo) {
        if (peerCount >= MAX_PEERS * 3 / 4) {
            return;
        }
        long h = peerHi * 0x9E3779B97F4A7C15L ^ peerLo * 0xC2B2AE3D27D4EB4FL;
        int i = (int) (h ^ h >>> 29) & (MAX_PEERS - 1);
        while (used[i]) {
            if (peers[2 * i] == peerHi && peers[2 * i + 1] == peerLo) {
                return;
            }
            i = (i + 1) & (MAX_PEERS - 1);
        }
        used[i] = true;
        peers[2 * i] = peerHi;
        peers[2 * i + 1] = peerLo;
        peerCount++;
    }

    boolean peersCapped() { return peerCount >= MAX_PEERS * 3 / 4; }

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
