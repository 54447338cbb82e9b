package org.flowsec.detect.flood;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Severity;

/**
 * FlowScan's per-protocol graph watched for jumps: packets into the home network per protocol class and
 * interval, against an EWMA mean and variance of past intervals (research §2.2-2.3). An interval is final
 * when the newest flow start moves past it or the watermark passes its end; late flows count in the current
 * interval. Catches floods spread over many victims, which no per-host threshold sees.
 */
final class ProtocolChange {
    private static final String[] NAME = {"TCP", "UDP", "ICMP", "other IP"};
    private static final String[] KEY = {"tcp", "udp", "icmp", "other"};
    private static final String[] FILTER = {"proto tcp", "proto udp", "proto icmp or proto icmp6",
        "not (proto tcp or proto udp or proto icmp or proto icmp6)"};
    private static final int MAX_EMPTY_STEPS = 100;

    private final long intervalMs;
    private final double k;
    private final double ratio;
    private final double floorPerInterval;
    /** Most packets one flow adds to an interval: a home-wide jump needs many flows, never one elephant. */
    private final long flowCap;
    private final int warmup;
    private final double alpha;
    private final String homeFilter;
    private final AlertEmitter out;

    private long current = Long.MIN_VALUE;
    private final long[] packets = new long[4];
    private final double[] mean = new double[4];
    private final double[] var = new double[4];
    private int learned;
    private long raised;

    ProtocolChange(FloodParams p, String homeFilter, AlertEmitter out) {
        this.intervalMs = Math.max(1, p.protocolIntervalSeconds) * 1000L;
        this.k = p.protocolK;
        this.ratio = p.protocolRatio;
        this.floorPerInterval = p.protocolMinPacketsPerSecond * Math.max(1, p.protocolIntervalSeconds);
        this.flowCap = Math.max(1, (long) (floorPerInterval / Math.max(1, p.thresholds.minSources)));
        this.warmup = Math.max(1, p.protocolWarmupIntervals);
        this.alpha = 0.1;
        this.homeFilter = homeFilter;
        this.out = out;
    }

    long raised() { return raised; }

    /** Packets of one inbound flow of protocol class {@code pc} starting at {@code start}. */
    void add(int pc, long start, long pkts) {
        if (floorPerInterval <= 0) {
            return;
        }
        long i = Math.floorDiv(start, intervalMs);
        if (current == Long.MIN_VALUE) {
            current = i;
        } else if (i > current) {
            finish();
            long empty = Math.min(i - current - 1, MAX_EMPTY_STEPS);
            for (long e = 0; e < empty; e++) {
                learnAll();
            }
            current = i;
        }
        packets[pc] += Math.min(pkts, flowCap);
    }

    void advance(long watermark) {
        if (current != Long.MIN_VALUE && (current + 1) * intervalMs <= watermark) {
            finish();
            current = Long.MIN_VALUE;
        }
    }

    /** Checks the current interval, learns it unless it alerted, and clears it. */
    void finish() {
        if (current == Long.MIN_VALUE) {
            return;
        }
        boolean any = false;
        for (int pc = 0; pc < 4; pc++) {
            double sigma = Math.sqrt(var[pc]);
            // a jump needs an established usual volume: against a near-empty baseline every busy minute is "n
            // times the usual" (a network just switched on, an exporter that starts sending)
            if (learned >= warmup && packets[pc] >= floorPerInterval && packets[pc] > mean[pc] + k * sigma
                    && packets[pc] >= ratio * mean[pc] && mean[pc] >= floorPerInterval / ratio) {
                raise(pc, sigma);
                any = true;
            }
        }
        if (!any) {
            learnAll();
        }
        for (int pc = 0; pc < 4; pc++) {
            packets[pc] = 0;
        }
    }

    private void learnAll() {
        for (int pc = 0; pc < 4; pc++) {
            double d = packets[pc] - mean[pc];
            double inc = alpha * d;
            mean[pc] += inc;
            var[pc] = (1 - alpha) * (var[pc] + d * inc);
            packets[pc] = 0;
        }
        learned++;
    }

    private void raise(int pc, double sigma) {
        long seconds = intervalMs / 1000;
        long usual = Math.round(mean[pc]);
        String summary = "the home network received " + packets[pc] + " " + NAME[pc] + " packets in " + seconds
                + " s, " + Math.round(packets[pc] / Math.max(1.0, mean[pc])) + " times the usual " + usual
                + " (per-protocol change)";
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("packets", packets[pc]);
        counts.put("usual_packets", usual);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("k", k);
        thresholds.put("sigma", sigma);
        thresholds.put("ratio", ratio);
        thresholds.put("min_packets", floorPerInterval);
        thresholds.put("interval_seconds", (double) seconds);
        raised++;
        long from = current * intervalMs;
        out.raise(Alert.raised("flood", "flood/home/" + KEY[pc] + "/change", Severity.MEDIUM, from,
                from + intervalMs - 1, summary, null, null, pc == 0 ? 6 : pc == 1 ? 17 : null, List.of(), counts,
                thresholds, "(" + FILTER[pc] + ") and " + homeFilter));
    }
}
