package org.flowsec.detect.flood;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Prefix;
import org.flowsec.stats.KeyHash;

/**
 * Floods and DoS against home hosts (docs/detectors.md (section flood)). Per home destination, rate buckets keyed by
 * flow start count flows, SYN-only and SYN-ACK-only flows, amplifier flows, packets, bytes and distinct
 * sources; a bucket that crosses its host group's thresholds (FastNetMon-style) or the host's learned
 * baseline, with enough sources, starts one flood alert per victim, raised as soon as the deciding flow
 * arrives and re-raised as its flow count doubles and when it ends. Beside that, FlowScan's heuristics:
 * per-host inbound/outbound discrepancy per protocol, and per-protocol packet jumps across the home network.
 *
 * <p>State is one entry per home host (spoofed sources only ever add bits to a sketch), capped with
 * approximate-LRU eviction; the flow path allocates nothing unless a flood starts or is re-raised.
 */
public final class FloodDetector implements Detector {
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int NO_FLOOD = -1;
    /** The flood table was full when this host crossed; retried after the next bucket boundary. */
    private static final int NOT_TRACKED = -2;
    private static final long IDLE_MS = 3_600_000;

    private final FloodParams params;
    private final AlertEmitter out;
    private final PrefixList allow;
    private final PrefixList homes;
    private final HostGroups groups;
    private final AmplificationPorts amplifiers;
    private final long bucketMs;
    private final long ampLimit;
    private final long endAfterMs;
    private final HostState hosts = new HostState();
    private final Baseline baseline;
    private final RateBuckets buckets;
    private final Discrepancy discrepancy;
    private final ProtocolChange protocols;
    private final DestinationTable table;
    private final ActiveFloods floods;
    private final boolean[] created = new boolean[1];
    private long sweptBucket = Long.MIN_VALUE;
    private long flowsSeen;
    private long idleExpired;

    public FloodDetector(FloodParams params, HomeNetworks home, AlertEmitter out) {
        this.params = params;
        this.out = out;
        if (params.bucketSeconds < 1) {
            throw new IllegalArgumentException("flood.bucket_seconds must be 1 or more, was " + params.bucketSeconds);
        }
        this.allow = PrefixList.parse("flood.allow", params.allow);
        this.homes = home.prefixes();
        this.groups = new HostGroups(params);
        this.amplifiers = new AmplificationPorts(params.amplificationPorts);
        this.bucketMs = params.bucketSeconds * 1000L;
        this.ampLimit = Math.max(1, params.amplificationMinFlows);
        this.endAfterMs = Math.max(0, params.endAfterSeconds) * 1000L;
        this.baseline = new Baseline(params);
        this.buckets = new RateBuckets(new RateBuckets.Finaliser() {
            @Override
            public void bucket(int slot, int at) {
                long[] k = buckets.cells;
                if (k[at + RateBuckets.CROSSED] == 0) {
                    baseline.learn(slot, k[at + RateBuckets.FLOWS], k[at + RateBuckets.CAPPED_PACKETS]);
                }
            }

            @Override
            public void empty(int slot, long n) {
                baseline.learnEmpty(slot, n);
            }
        });
        this.discrepancy = new Discrepancy(params, out);
        this.protocols = new ProtocolChange(params, homeFilter(home), out);
        this.table = new DestinationTable(params.maxDestinations, hosts, buckets, baseline, discrepancy);
        this.floods = new ActiveFloods(params.maxFloods);
    }

    private static String homeFilter(HomeNetworks home) {
        StringJoiner j = new StringJoiner(" or ", "(", ")");
        for (Prefix p : home.prefixes().prefixes()) {
            j.add("dst net " + (p.isHost() ? p + (p.isV4() ? "/32" : "/128") : p.toString()));
        }
        return j.toString();
    }

    @Override
    public String name() { return "flood"; }

    @Override
    public void accept(FlowBatch batch, int row) {
        if (!params.enabled) {
            return;
        }
        flowsSeen++;
        long start = batch.get(Field.FIRST, row);
        long duration = batch.get(Field.LAST, row) - start;
        long pkts = batch.get(Field.PACKETS, row);
        long octets = batch.get(Field.BYTES, row);
        if (duration > bucketMs) {
            // a flow longer than a bucket adds its average rate, not its whole volume (FastNetMon's
            // netflow_divide_counters_on_interval_length), so active-timeout dumps are no bursts
            double share = (double) bucketMs / duration;
            pkts = (long) Math.ceil(pkts * share);
            octets = (long) Math.ceil(octets * share);
        }
        long proto = batch.get(Field.PROTO, row);
        long srcHi = batch.hi(Field.SRC_ADDR, row);
        long srcLo = batch.lo(Field.SRC_ADDR, row);
        long dstHi = batch.hi(Field.DST_ADDR, row);
        long dstLo = batch.lo(Field.DST_ADDR, row);
        int pc = Discrepancy.protocolClass(proto);
        if (homes.contains(srcHi, srcLo) && !allow.contains(srcHi, srcLo)) {
            int slot = table.slot(srcHi, srcLo, start, created);
            if (created[0]) {
                hosts.setGroup(slot, groups.groupOf(srcHi, srcLo));
            }
            discrepancy.count(slot, srcHi, srcLo, false, pc, start, KeyHash.hash(dstHi, dstLo));
            int at = buckets.cell(slot, Math.floorDiv(start, bucketMs));
            buckets.cells[at + RateBuckets.OUT_FLOWS]++;
            if (proto == 6 && (batch.get(Field.TCP_FLAGS, row) & SYN) != 0
                    && batch.get(Field.SRC_PORT, row) > batch.get(Field.DST_PORT, row)) {
                buckets.cells[at + RateBuckets.OUT_SYN]++; // it opened a connection: SYN-ACKs back are its own
            }
            if (proto == 17 && amplifiers.contains(batch.get(Field.DST_PORT, row))) {
                buckets.cells[at + RateBuckets.AMP_OUT]++;
            }
        }
        if (homes.contains(dstHi, dstLo) && !allow.contains(dstHi, dstLo)) {
            inbound(batch, row, start, proto, pc, pkts, octets, srcHi, srcLo, dstHi, dstLo);
        }
    }

    private void inbound(FlowBatch batch, int row, long start, long proto, int pc, long pkts, long octets,
                         long srcHi, long srcLo, long dstHi, long dstLo) {
        int slot = table.slot(dstHi, dstLo, start, created);
        if (created[0]) {
            hosts.setGroup(slot, groups.groupOf(dstHi, dstLo));
        }
        long srcHash = KeyHash.hash(srcHi, srcLo);
        int at = buckets.cell(slot, Math.floorDiv(start, bucketMs));
        long[] k = buckets.cells;
        k[at + RateBuckets.FLOWS]++;
        k[at + RateBuckets.PACKETS] += pkts;
        k[at + RateBuckets.BYTES] += octets;
        HostGroups.Limits l = groups.limits(hosts.group(slot));
        k[at + RateBuckets.CAPPED_PACKETS] += Math.min(pkts, l.packetCap());
        k[at + RateBuckets.CAPPED_BYTES] += Math.min(octets, l.byteCap());
        k[at + RateBuckets.MIN_FIRST] = Math.min(k[at + RateBuckets.MIN_FIRST], start);
        k[at + RateBuckets.MAX_FIRST] = Math.max(k[at + RateBuckets.MAX_FIRST], start);
        SourceBits.add(k, at + RateBuckets.SOURCES, srcHash);
        int flags = (int) batch.get(Field.TCP_FLAGS, row);
        boolean synOnly = proto == 6 && (flags & SYN) != 0 && (flags & ACK) == 0;
        boolean synAckOnly = proto == 6 && (flags & (SYN | ACK | FIN | PSH | RST)) == (SYN | ACK);
        int srcPort = (int) batch.get(Field.SRC_PORT, row);
        boolean amplified = proto == 17 && amplifiers.contains(srcPort);
        if (synOnly || synAckOnly || amplified) {
            k[at + (synOnly ? RateBuckets.SYN : synAckOnly ? RateBuckets.SYN_ACK : RateBuckets.AMP)]++;
            k[at + RateBuckets.KIND_PACKETS] += pkts;
            k[at + RateBuckets.KIND_BYTES] += octets;
            if (amplified) {
                buckets.voteAmpPort(at, srcPort);
                SourceBits.add(k, at + RateBuckets.AMP_SOURCES, srcHash);
            }
        }
        discrepancy.count(slot, dstHi, dstLo, true, pc, start, srcHash);
        protocols.add(pc, start, pkts);

        int f = hosts.flood(slot);
        if (f >= 0) {
            Flood fl = floods.get(f);
            k[at + RateBuckets.CROSSED] = 1; // flood buckets are not the host's norm
            discrepancy.markFlooded(slot);
            boolean ofKind = switch (fl.kind) {
                case SYN -> synOnly;
                case SYN_ACK -> synAckOnly;
                case AMPLIFICATION -> proto == 17 && srcPort == fl.ampPort;
                default -> true;
            };
            if (ofKind) {
                fl.add(start, srcHi, srcLo, pkts, octets);
            }
            fl.peaks(kindCount(fl.kind, at), k[at + RateBuckets.FLOWS], k[at + RateBuckets.PACKETS],
                    k[at + RateBuckets.BYTES]);
            if (fl.flows >= 2 * fl.flowsAtRaise) {
                out.raise(fl.alert());
            }
        } else if (f == NO_FLOOD) {
            check(slot, at, dstHi, dstLo, l);
        }
    }

    private long kindCount(FloodKind kind, int at) {
        return buckets.cells[at + switch (kind) {
            case SYN -> RateBuckets.SYN;
            case SYN_ACK -> RateBuckets.SYN_ACK;
            case AMPLIFICATION -> RateBuckets.AMP;
            default -> RateBuckets.FLOWS;
        }];
    }

    /** Did the bucket at {@code at} of this host just cross a limit? Comparisons first; sources only when one did. */
    private void check(int slot, int at, long hi, long lo, HostGroups.Limits l) {
        long[] k = buckets.cells;
        FloodKind kind;
        double deciding;
        boolean learned = false;
        double usual = 0;
        if (k[at + RateBuckets.SYN] >= l.syn()) {
            kind = FloodKind.SYN;
            deciding = l.synPerSecond();
        } else if (k[at + RateBuckets.SYN_ACK] >= l.syn()
                && k[at + RateBuckets.SYN_ACK] >= params.unansweredRatio * k[at + RateBuckets.OUT_SYN]) {
            // reflection: SYN-ACKs the host never asked for. A busy client gets SYN-ACK-only answers to its own
            // connections that went no further (cancelled, timed out); a victim's replies are RSTs, no SYNs
            kind = FloodKind.SYN_ACK;
            deciding = l.synPerSecond();
        } else if (amplification(at)) {
            kind = FloodKind.AMPLIFICATION;
            deciding = l.synPerSecond(); // the yardstick for unsolicited one-packet answers, like SYN-ACKs
        } else if (k[at + RateBuckets.CAPPED_PACKETS] >= l.packets()) {
            kind = FloodKind.PACKETS;
            deciding = l.packetsPerSecond();
        } else if (k[at + RateBuckets.CAPPED_BYTES] >= l.bytes()) {
            kind = FloodKind.BITS;
            deciding = l.bitsPerSecond();
        } else if (k[at + RateBuckets.FLOWS] >= l.flows()) {
            kind = FloodKind.FLOWS;
            deciding = l.flowsPerSecond();
        } else if (k[at + RateBuckets.FLOWS] >= baseline.flowLimit(slot)) {
            kind = FloodKind.FLOWS;
            deciding = (double) baseline.flowLimit(slot) / params.bucketSeconds;
            learned = true;
            usual = baseline.meanFlows(slot);
        } else if (k[at + RateBuckets.CAPPED_PACKETS] >= baseline.packetLimit(slot)) {
            kind = FloodKind.PACKETS;
            deciding = (double) baseline.packetLimit(slot) / params.bucketSeconds;
            learned = true;
            usual = baseline.meanPackets(slot);
        } else {
            return;
        }
        boolean volumetric = kind == FloodKind.PACKETS || kind == FloodKind.BITS || kind == FloodKind.FLOWS;
        if (volumetric && k[at + RateBuckets.FLOWS] < params.unansweredRatio * k[at + RateBuckets.OUT_FLOWS]) {
            return; // the host answers (or asked for) what it receives: busy, not flooded
        }
        int p = buckets.previous(at);
        long seedSources = kind == FloodKind.AMPLIFICATION
                ? SourceBits.estimateUnion(k, at + RateBuckets.AMP_SOURCES, p < 0 ? -1 : p + RateBuckets.AMP_SOURCES)
                : SourceBits.estimate(k, at + RateBuckets.SOURCES);
        if (kind != FloodKind.AMPLIFICATION && seedSources < l.minSources()) {
            return;
        }
        k[at + RateBuckets.CROSSED] = 1;
        discrepancy.markFlooded(slot);
        Flood fl = new Flood(hi, lo, kind, buckets.ampPort(at), learned, usual, deciding, l, params.bucketSeconds,
                seedSources);
        boolean amp = kind == FloodKind.AMPLIFICATION && p >= 0;
        fl.first = amp ? Math.min(k[at + RateBuckets.MIN_FIRST], k[p + RateBuckets.MIN_FIRST]) : k[at + RateBuckets.MIN_FIRST];
        fl.last = k[at + RateBuckets.MAX_FIRST];
        fl.flows = kindCount(kind, at) + (amp ? k[p + RateBuckets.AMP] : 0);
        fl.packets = k[at + (volumetric ? RateBuckets.PACKETS : RateBuckets.KIND_PACKETS)] + (amp ? k[p + RateBuckets.KIND_PACKETS] : 0);
        fl.bytes = k[at + (volumetric ? RateBuckets.BYTES : RateBuckets.KIND_BYTES)] + (amp ? k[p + RateBuckets.KIND_BYTES] : 0);
        fl.peaks(kindCount(kind, at), k[at + RateBuckets.FLOWS], k[at + RateBuckets.PACKETS], k[at + RateBuckets.BYTES]);
        int f = floods.start(fl);
        hosts.setFlood(slot, f < 0 ? NOT_TRACKED : f);
        if (f >= 0) {
            out.raise(fl.alert());
        }
    }

    /**
     * Unsolicited answers from one amplifier port by many sources within this bucket and the one before: a
     * burst that straddles a bucket boundary still counts whole.
     */
    private boolean amplification(int at) {
        long[] k = buckets.cells;
        if (k[at + RateBuckets.AMP] == 0) {
            return false;
        }
        int p = buckets.previous(at);
        long flows = k[at + RateBuckets.AMP] + (p >= 0 ? k[p + RateBuckets.AMP] : 0);
        long asked = k[at + RateBuckets.AMP_OUT] + (p >= 0 ? k[p + RateBuckets.AMP_OUT] : 0);
        return flows >= ampLimit && flows >= params.amplificationUnsolicitedRatio * (asked + 1)
                && SourceBits.estimateUnion(k, at + RateBuckets.AMP_SOURCES, p < 0 ? -1 : p + RateBuckets.AMP_SOURCES)
                        >= params.amplificationMinSources;
    }

    @Override
    public void advance(long watermark) {
        long wb = Math.floorDiv(watermark, bucketMs);
        if (wb <= sweptBucket) {
            return; // per host work only when the watermark crosses a bucket boundary
        }
        sweptBucket = wb;
        long cutoff = watermark < Long.MIN_VALUE + endAfterMs ? Long.MIN_VALUE : watermark - endAfterMs;
        for (int f = 0; f < floods.capacity(); f++) {
            if (floods.get(f) != null && floods.get(f).last < cutoff) {
                end(f);
            }
        }
        long idle = watermark < Long.MIN_VALUE + IDLE_MS ? Long.MIN_VALUE : watermark - IDLE_MS;
        for (int s = 0; s < table.capacity(); s++) {
            if (!table.inUse(s)) {
                continue;
            }
            buckets.finaliseThrough(s, wb - 1);
            discrepancy.advance(s, table.hi(s), table.lo(s), watermark);
            if (hosts.flood(s) == NOT_TRACKED) {
                hosts.setFlood(s, NO_FLOOD);
            }
            if (table.lastSeen(s) < idle && hosts.flood(s) == NO_FLOOD) {
                discrepancy.finish(s, table.hi(s), table.lo(s));
                table.remove(s);
                idleExpired++;
            }
        }
        protocols.advance(watermark);
    }

    @Override
    public void finish() {
        for (int s = 0; s < table.capacity(); s++) {
            if (table.inUse(s)) {
                discrepancy.finish(s, table.hi(s), table.lo(s));
            }
        }
        protocols.finish();
        for (int f = 0; f < floods.capacity(); f++) {
            if (floods.get(f) != null) {
                end(f);
            }
        }
    }

    /** A flood is over: say so with its final counts if they moved since the last raise, and free its entry. */
    private void end(int f) {
        Flood fl = floods.get(f);
        if (fl.flows != fl.flowsAtRaise) {
            out.raise(fl.alert());
        }
        int slot = table.find(fl.hi, fl.lo);
        if (slot >= 0 && hosts.flood(slot) == f) {
            hosts.setFlood(slot, NO_FLOOD);
        }
        floods.release(f);
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flows", flowsSeen);
        c.put("hosts", (long) table.size());
        c.put("host_evictions", table.evictions());
        c.put("hosts_idle_expired", idleExpired);
        c.put("late_flows", buckets.late());
        c.put("floods_active", floods.active());
        c.put("floods_started", floods.started());
        c.put("floods_not_tracked", floods.notTracked());
        c.put("discrepancy_alerts", discrepancy.raised());
        c.put("protocol_change_alerts", protocols.raised());
        return c;
    }

    /** Per host, side by side in one array: its group and its flood (index, or NO_FLOOD / NOT_TRACKED). */
    private static final class HostState implements DestinationTable.SlotState {
        private int[] state = new int[0];

        int group(int slot) { return state[2 * slot]; }

        int flood(int slot) { return state[2 * slot + 1]; }

        void setGroup(int slot, int group) { state[2 * slot] = group; }

        void setFlood(int slot, int flood) { state[2 * slot + 1] = flood; }

        @Override
        public void grow(int capacity) {
            state = java.util.Arrays.copyOf(state, capacity * 2);
        }

        @Override
        public void reset(int slot) {
            state[2 * slot] = 0;
            state[2 * slot + 1] = NO_FLOOD;
        }
    }
}
