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

    private long[] interval = new long[0];
    private long[] first = new long[0];
    private long[] last = new long[0];
    private long[] in = new long[0];   // slot * 4 + protocol class
    private long[] outbound = new long[0];
    private long[] inPeers = new long[0];  // slot * 4 words: remote sources, all protocols
    private long[] outPeers = new long[0];
    /** A flood alert already names this host in the interval; the discrepancy would only repeat it. */
    private boolean[] flooded = new boolean[0];

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
        interval = Arrays.copyOf(interval, capacity);
        first = Arrays.copyOf(first, capacity);
        last = Arrays.copyOf(last, capacity);
        in = Arrays.copyOf(in, capacity * 4);
        outbound = Arrays.copyOf(outbound, capacity * 4);
        inPeers = Arrays.copyOf(inPeers, capacity * SourceBits.WORDS);
        outPeers = Arrays.copyOf(outPeers, capacity * SourceBits.WORDS);
        flooded = Arrays.copyOf(flooded, capacity);
    }

    @Override
    public void reset(int slot) {
        interval[slot] = EMPTY;
        clear(slot);
    }

    private void clear(int slot) {
        first[slot] = Long.MAX_VALUE;
        last[slot] = Long.MIN_VALUE;
        flooded[slot] = false;
        for (int i = slot * 4; i < slot * 4 + 4; i++) {
            in[i] = 0;
            outbound[i] = 0;
        }
        SourceBits.clear(inPeers, slot * SourceBits.WORDS);
        SourceBits.clear(outPeers, slot * SourceBits.WORDS);
    }

    /** A flow of protocol class {@code pc} to ({@code inbound}) or from the home host in {@code slot}. */
    void count(int slot, long hostHi, long hostLo, boolean inbound, int pc, long start, long peerHash) {
        if (minFlows <= 0) {
            return;
        }
        long i = Math.floorDiv(start, intervalMs);
        if (interval[slot] == EMPTY) {
            interval[slot] = i;
        } else if (i > interval[slot]) {
            finish(slot, hostHi, hostLo);
            interval[slot] = i;
        }
        if (start < first[slot]) {
            first[slot] = start;
        }
        if (start > last[slot]) {
            last[slot] = start;
        }
        if (inbound) {
            in[slot * 4 + pc]++;
            SourceBits.add(inPeers, slot * SourceBits.WORDS, peerHash);
        } else {
            outbound[slot * 4 + pc]++;
            SourceBits.add(outPeers, slot * SourceBits.WORDS, peerHash);
        }
    }

    /** The host is a flood victim in its current interval. */
    void markFlooded(int slot) {
        flooded[slot] = true;
    }

    /** Finalises the host's interval if it ends at or before the watermark. */
    void advance(int slot, long hostHi, long hostLo, long watermark) {
        if (interval[slot] != EMPTY && (interval[slot] + 1) * intervalMs <= watermark) {
            finish(slot, hostHi, hostLo);
            interval[slot] = EMPTY;
        }
    }

    /** Checks and clears the host's current interval. */
    void finish(int slot, long hostHi, long hostLo) {
        if (interval[slot] == EMPTY || flooded[slot]) {
            clear(slot);
            return;
        }
        long inSources = SourceBits.estimate(inPeers, slot * SourceBits.WORDS);
        long outSources = SourceBits.estimate(outPeers, slot * SourceBits.WORDS);
        for (int pc = 0; pc < 4; pc++) {
            long a = in[slot * 4 + pc];
            long b = outbound[slot * 4 + pc];
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
        long minutes = Math.max(1, Math.round((last[slot] - first[slot]) / 60_000.0));
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
                busy >= 10 * minFlows ? Severity.MEDIUM : Severity.LOW, first[slot], last[slot], summary,
                inbound ? null : host, inbound ? host : null, proto, List.of(), counts, thresholds, evidence));
    }
}
