package org.flowsec.detect.flood;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;

/**
 * FlowScan's in/out heuristic per home host and protocol (TCP, UDP, ICMP, other): over an interval keyed by
 * flow start, a host that receives many flows from many hosts and answers almost none is being flooded
 * (or hit by a slow attack no rate threshold sees), and one that sends many and hears nothing back is
 * flooding or probing. Interval-finalised: checked when the host's next interval starts, when the watermark
 * passes the interval's end, or at the end of input. A late flow counts in the host's current interval.
 */
final class Discrepancy implements DestinationTable.SlotState {
    private static final String[] PROTOCOL = {"TCP", "UDP", "ICMP", "other IP"};
    private static final String[] FILTER = {" and proto tcp", " and proto udp", " and (proto icmp or proto icmp6)",
        " and not (proto tcp or proto udp or proto icmp or proto icmp6)"};
    private static final String[] KEY = {"tcp", "udp", "icmp", "other"};
    private static final long EMPTY = Long.MIN_VALUE;

    private final long intervalMs;
    private final long minFlows;
    private final double ratio;
    private final int minSources;
    private final AlertEmitter out;
    private long raised;

    // one long[] with STRIDE words per host, so counting a flow touches one or two cache lines
    private static final int INTERVAL = 0;
    private static final int FIRST = 1;
    private static final int LAST = 2;
    /** 1 when a flood alert already names this host in the interval; the discrepancy would only repeat it. */
    private static final int FLOODED = 3;
    private static final int IN = 4;          // + protocol class
    private static final int OUT = 8;         // + protocol class
    private static final int IN_PEERS = 12;   // remote sources, all protocols
    private static final int OUT_PEERS = IN_PEERS + SourceBits.WORDS;
    private static final int STRIDE = OUT_PEERS + SourceBits.WORDS;
    private long[] state = new long[0];

    Discrepancy(FloodParams p, AlertEmitter out) {
        this.intervalMs = Math.max(1, p.discrepancyIntervalSeconds) * 1000L;
        this.minFlows = p.discrepancyMinFlows;
        this.ratio = p.discrepancyRatio;
        this.minSources = p.discrepancyMinSources;
        this.out = out;
    }

    long raised() { return raised; }

    static int protocolClass(long proto) {
        return proto == 6 ? 0 : proto == 17 ? 1 : proto == 1 || proto == 58 ? 2 : 3;
    }

    @Override
    public void grow(int capacity) {
        state = Arrays.copyOf(state, capacity * STRIDE);
    }

    @Override
    public void reset(int slot) {
        state[slot * STRIDE + INTERVAL] = EMPTY;
        clear(slot);
    }

    private void clear(int slot) {
        int at = slot * STRIDE;
        Arrays.fill(state, at + FIRST, at + STRIDE, 0);
        state[at + FIRST] = Long.MAX_VALUE;
        state[at + LAST] = Long.MIN_VALUE;
    }

    /** A flow of protocol class {@code pc} to ({@code inbound}) or from the home host in {@code slot}. */
    void count(int slot, long hostHi, long hostLo, boolean inbound, int pc, long start, long peerHash) {
        if (minFlows <= 0) {
            return;
        }
        int at = slot * STRIDE;
        long i = Math.floorDiv(start, intervalMs);
        if (state[at + INTERVAL] == EMPTY) {
            state[at + INTERVAL] = i;
        } else if (i > state[at + INTERVAL]) {
            finish(slot, hostHi, hostLo);
            state[at + INTERVAL] = i;
        }
        state[at + FIRST] = Math.min(state[at + FIRST], start);
        state[at + LAST] = Math.max(state[at + LAST], start);
        if (inbound) {
            state[at + IN + pc]++;
            SourceBits.add(state, at + IN_PEERS, peerHash);
        } else {
            state[at + OUT + pc]++;
            SourceBits.add(state, at + OUT_PEERS, peerHash);
        }
    }

    /** The host is a flood victim in its current interval. */
    void markFlooded(int slot) {
        state[slot * STRIDE + FLOODED] = 1;
    }

    /** Finalises the host's interval if it ends at or before the watermark. */
    void advance(int slot, long hostHi, long hostLo, long watermark) {
        long i = state[slot * STRIDE + INTERVAL];
        if (i != EMPTY && (i + 1) * intervalMs <= watermark) {
            finish(slot, hostHi, hostLo);
            state[slot * STRIDE + INTERVAL] = EMPTY;
        }
    }

    /** Checks and clears the host's current interval. */
    void finish(int slot, long hostHi, long hostLo) {
        int at = slot * STRIDE;
        if (state[at + INTERVAL] == EMPTY || state[at + FLOODED] != 0) {
            clear(slot);
            return;
        }
        long inSources = SourceBits.estimate(state, at + IN_PEERS);
        long outSources = SourceBits.estimate(state, at + OUT_PEERS);
        for (int pc = 0; pc < 4; pc++) {
            long a = state[at + IN + pc];
            long b = state[at + OUT + pc];
            if (a >= minFlows && a >= ratio * (b + 1) && inSources >= minSources) {
                raise(slot, hostHi, hostLo, pc, true, a, b, inSources);
            } else if (b >= minFlows && b >= ratio * (a + 1) && outSources >= minSources) {
                raise(slot, hostHi, hostLo, pc, false, b, a, outSources);
            }
        }
        clear(slot);
    }

    private void raise(int slot, long hi, long lo, int pc, boolean inbound, long busy, long quiet, long peers) {
        String host = Addresses.format(hi, lo);
        long first = state[slot * STRIDE + FIRST];
        long last = state[slot * STRIDE + LAST];
        long minutes = Math.max(1, Math.round((last - first) / 60_000.0));
        String summary = inbound
                ? host + " received " + busy + " " + PROTOCOL[pc] + " flows from " + peers + " hosts in " + minutes
                        + " min and sent " + quiet + " back (inbound/outbound discrepancy)"
                : host + " sent " + busy + " " + PROTOCOL[pc] + " flows to " + peers + " hosts in " + minutes
                        + " min and received " + quiet + " back (outbound/inbound discrepancy)";
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(inbound ? "flows_in" : "flows_out", busy);
        counts.put(inbound ? "flows_out" : "flows_in", quiet);
        counts.put(inbound ? "sources" : "destinations", peers);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("min_flows", (double) minFlows);
        thresholds.put("ratio", ratio);
        thresholds.put("min_sources", (double) minSources);
        thresholds.put("interval_seconds", intervalMs / 1000.0);
        String evidence = (inbound ? "dst ip " : "src ip ") + host + FILTER[pc];
        Integer proto = pc == 0 ? 6 : pc == 1 ? 17 : null;
        raised++;
        out.raise(Alert.raised("flood", "flood/" + host + "/discrepancy-" + (inbound ? "in" : "out") + "/" + KEY[pc],
                busy >= 10 * minFlows ? Severity.MEDIUM : Severity.LOW, first, last, summary,
                inbound ? null : host, inbound ? host : null, proto, List.of(), counts, thresholds, evidence));
    }
}
