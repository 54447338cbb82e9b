package org.flowsec.detect.flood;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;
import org.flowsec.stats.DistinctCounter;

/**
 * One flood on one victim while it lasts: the flows of its kind since the bucket that crossed a threshold,
 * their sources (a HyperLogLog, 1.6 % error, 4 KiB at most), peak per-second rates of the victim's buckets,
 * and what to say about it. Allocated when a flood starts, never per flow.
 */
final class Flood {
    private static final int PRECISION = 12;

    final long hi;
    final long lo;
    final FloodKind kind;
    final int ampPort;
    final boolean baseline;
    private final String victim;
    private final HostGroups.Limits limits;
    private final int bucketSeconds;
    private final double usualPerBucket;
    private final double decidingPerSecond;
    private final DistinctCounter sources = new DistinctCounter(PRECISION);
    private final long seedSources;
    long first;
    long last;
    long flows;
    long packets;
    long bytes;
    long peakFlows;
    long peakKind;
    long peakPackets;
    long peakBytes;
    long flowsAtRaise;

    /**
     * @param usualPerBucket    the victim's learned mean per bucket (baseline floods), else 0
     * @param decidingPerSecond the per-second limit that was crossed, for the severity
     */
    Flood(long hi, long lo, FloodKind kind, int ampPort, boolean baseline, double usualPerBucket,
          double decidingPerSecond, HostGroups.Limits limits, int bucketSeconds, long seedSources) {
        this.hi = hi;
        this.lo = lo;
        this.kind = kind;
        this.ampPort = ampPort;
        this.baseline = baseline;
        this.usualPerBucket = usualPerBucket;
        this.decidingPerSecond = decidingPerSecond;
        this.victim = Addresses.format(hi, lo);
        this.limits = limits;
        this.bucketSeconds = bucketSeconds;
        this.seedSources = seedSources;
    }

    void add(long start, long srcHi, long srcLo, long pkts, long octets) {
        flows++;
        packets += pkts;
        bytes += octets;
        if (start < first) {
            first = start;
        }
        if (start > last) {
            last = start;
        }
        sources.add(srcHi, srcLo);
    }

    /** @param bucketKind the bucket's flows of this flood's kind (SYN-only, SYN-ACK-only, amplified) */
    void peaks(long bucketKind, long bucketFlows, long bucketPackets, long bucketBytes) {
        peakFlows = Math.max(peakFlows, bucketFlows);
        peakKind = Math.max(peakKind, bucketKind);
        peakPackets = Math.max(peakPackets, bucketPackets);
        peakBytes = Math.max(peakBytes, bucketBytes);
    }

    long sourceCount() {
        return Math.max(seedSources, sources.estimate());
    }

    String key() {
        return "flood/" + victim + "/" + kind.keyPart + (kind == FloodKind.AMPLIFICATION ? "-" + ampPort : "");
    }

    String evidence() {
        return switch (kind) {
            case SYN -> "dst ip " + victim + " and proto tcp and flags S and not flags A";
            case SYN_ACK -> "dst ip " + victim + " and proto tcp and flags SA and not flags FPR";
            case AMPLIFICATION -> "dst ip " + victim + " and proto udp and src port " + ampPort;
            default -> "dst ip " + victim;
        };
    }

    /** The victim's peak rate over the limit that decided the flood. */
    double magnitude() {
        double peak = switch (kind) {
            case SYN, SYN_ACK, AMPLIFICATION -> peakKind;
            case FLOWS -> peakFlows;
            case PACKETS -> peakPackets;
            case BITS -> peakBytes * 8.0;
        };
        return peak / bucketSeconds / decidingPerSecond;
    }

    Alert alert() {
        double m = magnitude();
        Severity severity = m >= 20 ? Severity.CRITICAL : m >= 5 ? Severity.HIGH : Severity.MEDIUM;
        long seconds = Math.max(1, Math.round((last - first) / 1000.0));
        String label = kind == FloodKind.AMPLIFICATION ? AmplificationPorts.service(ampPort) + " amplification" : kind.label;
        String what = kind == FloodKind.AMPLIFICATION ? "UDP flows from port " + ampPort : kind.what;
        StringBuilder summary = new StringBuilder().append(victim).append(" received ").append(flows).append(' ')
                .append(what).append('/').append(seconds).append(" s");
        if (kind == FloodKind.PACKETS || kind == FloodKind.BITS) {
            summary.append(" (").append(packets).append(" packets, ").append(bytes).append(" bytes)");
        }
        summary.append(" from ").append(sourceCount()).append(" sources (").append(label);
        if (baseline) {
            summary.append(", ").append(Math.round(usualPerBucket / bucketSeconds)).append(kind == FloodKind.PACKETS
                    ? " packets/s usually" : " flows/s usually");
        }
        summary.append(')');
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("flows", flows);
        counts.put("packets", packets);
        counts.put("bytes", bytes);
        counts.put("sources", sourceCount());
        counts.put("peak_flows_per_second", peakFlows / bucketSeconds);
        if (kind == FloodKind.SYN || kind == FloodKind.SYN_ACK || kind == FloodKind.AMPLIFICATION) {
            counts.put("peak_" + kind.keyPart + "_flows_per_second", peakKind / bucketSeconds);
        }
        counts.put("peak_packets_per_second", peakPackets / bucketSeconds);
        counts.put("peak_bits_per_second", peakBytes * 8 / bucketSeconds);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("flows_per_second", limits.flowsPerSecond());
        thresholds.put("packets_per_second", limits.packetsPerSecond());
        thresholds.put("bits_per_second", limits.bitsPerSecond());
        thresholds.put("syn_per_second", limits.synPerSecond());
        thresholds.put("min_sources", (double) limits.minSources());
        thresholds.put("bucket_seconds", (double) bucketSeconds);
        thresholds.put("deciding_per_second", decidingPerSecond);
        if (baseline) {
            thresholds.put("usual_per_second", usualPerBucket / bucketSeconds);
        }
        Integer proto = switch (kind) {
            case SYN, SYN_ACK -> 6;
            case AMPLIFICATION -> 17;
            default -> null;
        };
        List<Integer> ports = new ArrayList<>();
        if (kind == FloodKind.AMPLIFICATION) {
            ports.add(ampPort);
        }
        flowsAtRaise = flows;
        return Alert.raised("flood", key(), severity, first, last, summary.toString(), null, victim, proto, ports,
                counts, thresholds, evidence());
    }
}
