package org.flowsec.detect.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Names hosts that scan: horizontally (one source, many hosts on one port, including ICMP echo, TCP and UDP
 * sweeps), vertically (one source, many ports or IP protocols of one host) and by crafted probes (OS
 * fingerprinting), from inside or outside the home networks. docs/detectors.md (section scan) explains the rules.
 *
 * <p>Per flow ({@link #accept}): classify its shape ({@link FlowShape}); a probe waits in {@link PendingProbes}
 * for the reverse flow of its 5-tuple, which may come before or after it; a reply pairs with its probe or waits
 * for it. When the watermark passes a probe's end plus {@code pair_wait_ms} ({@link #advance}) its outcome is
 * decided: answered, refused (RST, ICMP unreachable) or unanswered. Decided outcomes feed {@link ScanRules}:
 * <ul>
 *   <li>the sequential test (TRW) per source over first contacts with distinct hosts ({@link SourceTable});</li>
 *   <li>distinct failed hosts per (source, protocol, port) ({@link HorizontalScans});</li>
 *   <li>distinct failed ports and crafted probes per (source, host) ({@link VerticalScans}).</li>
 * </ul>
 * A key that crosses its threshold raises one alert, raised again (same suppression key) whenever its count
 * doubles and once more with the final count when the key expires, is evicted or the input ends.
 *
 * <p>One-way views (only the probes exported) work the same way: nothing answers, so every probe is
 * unanswered and the fixed thresholds decide. All state is bounded (see {@link ScanParams}); the per-flow path
 * allocates nothing.
 */
public final class ScanDetector implements Detector {
    /** Pseudo-protocol of the host-pair markers left by ICMP unreachables. */
    private static final int UNREACH_MARK = 256;

    private final ScanParams params;
    private final PrefixList allow;
    private final int tracerouteFirst;
    private final int tracerouteLast;
    private final PendingProbes pending;
    private final ScanRules rules;
    private final SourceTable sources;
    private long watermark = Long.MIN_VALUE;

    private long flows;
    private long probes;
    private long repliesPaired;
    private long lateFlows;
    private long allowed;
    private long tcpWithPayload;
    private long tcpWithoutFlags;

    public ScanDetector(ScanParams params, HomeNetworks home, AlertEmitter out) {
        this.params = params;
        this.allow = PrefixList.parse("scan.allow", params.allow);
        List<Integer> tr = params.tracerouteUdpPorts;
        if (tr != null && tr.size() == 2) {
            tracerouteFirst = tr.get(0);
            tracerouteLast = tr.get(1);
        } else if (tr == null || tr.isEmpty()) {
            tracerouteFirst = 1;
            tracerouteLast = 0;
        } else {
            throw new IllegalArgumentException("scan.traceroute_udp_ports: give [first, last], was " + tr);
        }
        this.rules = new ScanRules(params, home, out);
        this.sources = rules.sources;
        this.pending = new PendingProbes(params.maxPending, this::decided);
    }

    @Override
    public String name() { return ScanAlerts.DETECTOR; }

    @Override
    public void accept(FlowBatch batch, int row) {
        flows++;
        long dHi = batch.hi(Field.DST_ADDR, row);
        long dLo = batch.lo(Field.DST_ADDR, row);
        if (!unicast(dHi, dLo)) {
            return;
        }
        int proto = (int) batch.get(Field.PROTO, row);
        int flags = (int) batch.get(Field.TCP_FLAGS, row) & 0xFF;
        long packets = batch.get(Field.PACKETS, row);
        long bytes = batch.get(Field.BYTES, row);
        int srcPort = (int) batch.get(Field.SRC_PORT, row) & 0xFFFF;
        int dstPort = (int) batch.get(Field.DST_PORT, row) & 0xFFFF;
        boolean v6 = !Addresses.isV4(dHi, dLo);
        if (proto == FlowShape.TCP && !FlowShape.noPayload(packets, bytes, v6)) {
            tcpWithPayload++;
            if (flags == 0) {
                tcpWithoutFlags++;
            }
        }
        if (proto == FlowShape.UDP && dstPort >= tracerouteFirst && dstPort <= tracerouteLast) {
            return;
        }
        int icmpType = 0;
        int icmpCode = 0;
        if (proto == FlowShape.ICMP || proto == FlowShape.ICMP6) {
            icmpType = (int) batch.get(Field.ICMP_TYPE, row) & 0xFF;
            icmpCode = (int) batch.get(Field.ICMP_CODE, row) & 0xFF;
            if (icmpType == 0 && icmpCode == 0 && dstPort != 0) {
                icmpType = dstPort >>> 8; // v5-style type*256+code in the destination port
                icmpCode = dstPort & 0xFF;
            }
        }
        int shape = FlowShape.classify(proto, flags, packets, bytes, srcPort, dstPort, icmpType, icmpCode, v6,
                flagsNotExported());
        int role = FlowShape.role(shape);
        if (role == FlowShape.NONE) {
            return;
        }
        long sHi = batch.hi(Field.SRC_ADDR, row);
        long sLo = batch.lo(Field.SRC_ADDR, row);
        long last = batch.get(Field.LAST, row);
        long first = batch.get(Field.FIRST, row);
        if (role == FlowShape.ESTABLISHED) {
            // a successful contact matters only as a first contact of a source still under test; it goes
            // through the wheel like a probe, so the walk sees successes and failures in event order
            long sk = SourceTable.key(sHi, sLo);
            int src = sources.mayBeTesting(sk) ? sources.find(sk) : -1;
            if (src < 0 || !sources.isTesting(src)) {
                return;
            }
            sources.markEstablished(src);
            if (rules.seen.contains(ScanRules.firstContact(sk, dHi, dLo))) {
                return;
            }
        } else if (role == FlowShape.PROBE) {
            if (!allow.isEmpty() && allow.contains(sHi, sLo)) {
                allowed++;
                return;
            }
            // tracked from its first probe on, so its later connections count as successes
            sources.findOrAdd(SourceTable.key(sHi, sLo), sHi, sLo, last);
        }
        if (last < first) {
            last = first;
        }
        if (saturatedAdd(last, params.pairWaitMs) < watermark) {
            lateFlows++;
        }
        boolean noPorts = FlowShape.pairsWithoutPorts(proto);
        int icmpPort = noPorts ? FlowShape.icmpPairPort(proto, icmpType, icmpCode) : 0;
        int keySrcPort = noPorts ? icmpPort : srcPort;
        int keyDstPort = noPorts ? icmpPort : dstPort;
        int storedDstPort = noPorts ? icmpType << 8 | icmpCode : dstPort;
        if (role == FlowShape.UNREACH) {
            long k = PendingProbes.key(sHi, sLo, dHi, dLo, 0, 0, UNREACH_MARK);
            int e = pending.find(k);
            if (e >= 0) {
                pending.merge(e, first, last);
            } else {
                pending.add(k, sHi, sLo, dHi, dLo, 0, 0, UNREACH_MARK, shape, FlowShape.OUTCOME_NONE, first, last,
                        saturatedAdd(last, 2 * params.pairWaitMs));
            }
            return;
        }
        int r = pending.find(PendingProbes.key(dHi, dLo, sHi, sLo, keyDstPort, keySrcPort, proto));
        int preset = FlowShape.outcome(shape);
        if (r >= 0) {
            if (FlowShape.role(pending.shape(r)) == FlowShape.PROBE) {
                // this flow answers a waiting probe (a second probe-shaped flow back counts as an answer too)
                if (pending.outcome(r) == FlowShape.OUTCOME_NONE) {
                    pending.setOutcome(r, role == FlowShape.PROBE ? FlowShape.ANSWERED : FlowShape.replyOutcome(shape));
                }
                repliesPaired++;
                return;
            }
            if (role != FlowShape.PROBE) {
                return; // two replies facing each other: nothing to learn
            }
            // the reply came first: the probe is born decided
            if (preset == FlowShape.OUTCOME_NONE) {
                preset = FlowShape.replyOutcome(pending.shape(r));
            }
            pending.remove(r);
            repliesPaired++;
        }
        if (role == FlowShape.ANSWER_ONLY) {
            return;
        }
        long k = PendingProbes.key(sHi, sLo, dHi, dLo, keySrcPort, keyDstPort, proto);
        int e = pending.find(k);
        if (e >= 0) {
            pending.merge(e, first, last);
            if (preset != FlowShape.OUTCOME_NONE && pending.outcome(e) == FlowShape.OUTCOME_NONE) {
                pending.setOutcome(e, preset);
            }
            return;
        }
        if (role == FlowShape.PROBE) {
            probes++;
        } else if (role == FlowShape.ESTABLISHED) {
            preset = FlowShape.ANSWERED;
        }
        pending.add(k, sHi, sLo, dHi, dLo, srcPort, storedDstPort, proto, shape, preset, first, last,
                saturatedAdd(last, params.pairWaitMs));
    }

    /** A probe's outcome is known (the watermark passed it, or it was evicted): hand it to the rules. */
    private void decided(PendingProbes p, int id) {
        int shape = p.shape(id);
        int role = FlowShape.role(shape);
        if (role != FlowShape.PROBE && role != FlowShape.ESTABLISHED) {
            return; // a reply or unreachable marker that nothing claimed
        }
        int outcome = p.outcome(id);
        if (outcome == FlowShape.OUTCOME_NONE) {
            boolean unreachable = p.find(PendingProbes.key(p.dstHi(id), p.dstLo(id), p.srcHi(id), p.srcLo(id), 0, 0,
                    UNREACH_MARK)) >= 0;
            outcome = unreachable ? FlowShape.REFUSED : FlowShape.UNANSWERED;
        }
        rules.decide(p.srcHi(id), p.srcLo(id), p.dstHi(id), p.dstLo(id), p.proto(id), p.dstPort(id), shape, outcome,
                p.first(id), p.last(id));
    }

    @Override
    public void advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return;
        }
        watermark = newWatermark;
        pending.advance(newWatermark);
        long before = newWatermark - params.expiryMs;
        if (before < newWatermark) { // no underflow near Long.MIN_VALUE
            rules.expire(before);
        }
    }

    @Override
    public void finish() {
        pending.drain();
        rules.retireAll();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flows", flows);
        c.put("probes", probes);
        c.put("replies_paired", repliesPaired);
        c.put("late_flows", lateFlows);
        c.put("pending", (long) pending.size());
        c.put("pending_evictions", pending.evictions());
        c.put("allowed", allowed);
        rules.counters(c);
        return c;
    }

    /**
     * True when this exporter evidently does not export TCP flags: many TCP flows carry payload yet no flag, so
     * "no flags" must not be read as a NULL scan.
     */
    private boolean flagsNotExported() {
        return tcpWithPayload >= 100 && tcpWithoutFlags * 10 > tcpWithPayload;
    }

    /** Multicast and limited-broadcast destinations are never scan targets (mDNS, SSDP, DHCP, IPv6 ND). */
    private static boolean unicast(long hi, long lo) {
        if (Addresses.isV4(hi, lo)) {
            int v4 = (int) lo;
            return (v4 >>> 28) != 0xE && v4 != -1;
        }
        return (hi >>> 56) != 0xFF;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
