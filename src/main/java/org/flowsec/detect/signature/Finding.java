package org.flowsec.detect.signature;

/**
 * What one rule has seen of one local host in one role: counts, event-time span, the distinct remote peers
 * (exact up to {@link #MAX_PEERS}, then a lower bound) and the rule ports involved. Created only for flows
 * that matched a rule, so it may be an object.
 */
final class Finding {
    static final int MAX_PEERS = 64;
    static final int MAX_PORTS = 8;

    final int rule;
    final Role role;
    final long hostHi;
    final long hostLo;
    long flows;
    long packets;
    long bytes;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    private final long[] peers = new long[2 * MAX_PEERS];
    int peerCount;
    final int[] ports = new int[MAX_PORTS];
    int portCount;
    /** Flows and peers at the last raise; 0 = never raised. */
    long raisedFlows;
    int raisedPeers;

    Finding(int rule, Role role, long hostHi, long hostLo) {
        this.rule = rule;
        this.role = role;
        this.hostHi = hostHi;
        this.hostLo = hostLo;
    }

    void add(long peerHi, long peerLo, int port, long n, long pk, long by, long firstMs, long lastMs) {
        flows += n;
        packets += pk;
        bytes += by;
        first = Math.min(first, firstMs);
        last = Math.max(last, lastMs);
        addPeer(peerHi, peerLo);
        addPort(port);
    }

    private void addPeer(long hi, long lo) {
        for (int i = 0; i < peerCount; i++) {
            if (peers[2 * i] == hi && peers[2 * i + 1] == lo) {
                return;
            }
        }
        if (peerCount < MAX_PEERS) {
            peers[2 * peerCount] = hi;
            peers[2 * peerCount + 1] = lo;
            peerCount++;
        }
    }

    private void addPort(int port) {
        for (int i = 0; i < portCount; i++) {
            if (ports[i] == port) {
                return;
            }
        }
        if (portCount < MAX_PORTS) {
            ports[portCount++] = port;
        }
    }

    long peerHi(int i) { return peers[2 * i]; }

    long peerLo(int i) { return peers[2 * i + 1]; }

    boolean eligible(Rule r) { return flows >= r.minFlows() && peerCount >= r.minPeers(); }

    /** Raise again when flows or peers doubled since the last raise, so updates stay logarithmic in traffic. */
    boolean worthRaising(Rule r) {
        return eligible(r) && (raisedFlows == 0 || flows >= 2 * raisedFlows || peerCount >= 2 * raisedPeers);
    }

    boolean changedSinceRaise(Rule r) {
        return eligible(r) && (flows != raisedFlows || peerCount != raisedPeers);
    }
}
