package org.flowsec.detect.scan;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.stats.KeyHash;

/**
 * Names hosts that scan: horizontally (one source, many hosts on one port, including ICMP echo, TCP and UDP
 * sweeps), vertically (one source, many ports or IP protocols of one host) and by crafted probes (OS
 * fingerprinting), from inside or outside the home networks. docs/detectors/scan.md explains the rules.
 *
 * <p>Per flow ({@link #accept}): classify its shape ({@link FlowShape}); a probe waits in {@link PendingProbes}
 * for the reverse flow of its 5-tuple, which may come before or after it; a reply pairs with its probe or waits
 * for it. When the watermark passes a probe's end plus {@code pair_wait_ms} ({@link #advance}) its outcome is
 * decided: answered, refused (RST, ICMP unreachable) or unanswered. Decided outcomes feed
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
public final class ScanDetector implements Detector, PendingProbes.Decisions {
    /** Pseudo-protocol of the host-pair markers left by ICMP unreachables. */
    private static final int UNREACH_MARK = 256;
    private static final long TRW_TAG = 0x7452_5700_0000_0001L;
    private static final long ANSWERED_TAG = 0x616E_7377_6572_6564L;
    private static final long SWEEP_TAG = 0x7377_6565_7000_0000L;
    private static final long ODD_TAG = 0x6F64_6400_0000_0000L;

    private final ScanParams params;
    private final PrefixList allow;
    private final int[] fanOutPorts;
    private final int tracerouteFirst;
    private final int tracerouteLast;
    private final SourceTable sources;
    private final HorizontalScans horizontal;
    private final VerticalScans vertical;
    private final PendingProbes pending;
    private final SeenSet seen;
    private final ScanAlerts alerts;
    private final AlertEmitter out;
    private long watermark = Long.MIN_VALUE;

    private long flows;
    private long probes;
    private long repliesPaired;
    private long lateFlows;
    private long decided;
    private long allowed;
    private long weakIgnored;
    private long fanOutIgnored;
    private long distinctCapped;
    private long alertsRaised;
    private long alertsFolded;
    private long expired;
    private long tcpWithPayload;
    private long tcpWithoutFlags;

    public ScanDetector(ScanParams params, HomeNetworks home, AlertEmitter out) {
        this.params = params;
        this.out = out;
        this.allow = PrefixList.parse("scan.allow", params.allow);
        this.fanOutPorts = params.fanOutUdpPorts == null ? new int[0]
                : params.fanOutUdpPorts.stream().mapToInt(Integer::intValue).sorted().toArray();
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
        this.sources = new SourceTable(params.maxSources, params.trwTheta0, params.trwTheta1, params.trwAlpha,
                params.trwBeta);
        this.horizontal = new HorizontalScans(params.maxHorizontalKeys, this::retireHorizontal);
        this.vertical = new VerticalScans(params.maxVerticalKeys, this::retireVertical);
        this.pending = new PendingProbes(params.maxPending, this);
        // four fingerprints per tracked source fit before the shared set starts overwriting; at most 32 MB
        this.seen = new SeenSet((int) Math.min(1 << 22, Math.max(1 << 12, 4L * params.maxSources)));
        this.alerts = new ScanAlerts(params, home, sources.upperBound());
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
            // a successful contact matters only for sources already under test: they go through the wheel
            // like probes, so the sequential test sees successes and failures in event order
            long sk = SourceTable.key(sHi, sLo);
            int src = sources.mayContain(sk) ? sources.find(sk) : -1;
            if (src < 0) {
                return;
            }
            sources.markEstablished(src);
            // only a first contact of a source still under test moves the walk; the rest need not wait
            if (!sources.isTesting(src) || seen.contains(KeyHash.hash(sk ^ TRW_TAG, dHi, dLo))) {
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

    @Override
    public void decided(PendingProbes p, int id) {
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
        decideProbe(p.srcHi(id), p.srcLo(id), p.dstHi(id), p.dstLo(id), p.proto(id), p.dstPort(id), shape, outcome,
                p.first(id), p.last(id));
    }

    private void decideProbe(long sHi, long sLo, long dHi, long dLo, int proto, int dstPort, int shape, int outcome,
                             long first, long last) {
        boolean answered = outcome == FlowShape.ANSWERED;
        long sk = SourceTable.key(sHi, sLo);
        int src = sources.findOrAdd(sk, sHi, sLo, last);
        if (answered) {
            sources.markAnswered(src);
        } else if (FlowShape.weak(shape) && sources.hasEstablished(src)) {
            weakIgnored++; // an ACK-only packet of a host with real connections: a stray ACK, not a probe
            return;
        } else if (outcome == FlowShape.UNANSWERED && proto == FlowShape.UDP
                && Arrays.binarySearch(fanOutPorts, dstPort) >= 0 && !sources.sawAnswers(src)) {
            fanOutIgnored++; // a DNS/NTP query seen one way: its answer may simply be invisible here
            return;
        }
        decided++;
        if (seen.add(KeyHash.hash(sk ^ TRW_TAG, dHi, dLo))) {
            // the probe's own keys are checked below, after TRW has seen it, so naming takes effect at once
            sources.observe(src, answered);
        }
        boolean icmp = proto == FlowShape.ICMP || proto == FlowShape.ICMP6;
        int icmpType = icmp ? dstPort >>> 8 : 0;
        int hPort = proto == FlowShape.TCP || proto == FlowShape.UDP ? dstPort : icmp ? icmpType : 0;
        int vPort = proto == FlowShape.TCP || proto == FlowShape.UDP ? dstPort : icmp ? icmpType : proto;
        updateHorizontal(src, sHi, sLo, dHi, dLo, proto, hPort, FlowShape.isEcho(proto, icmpType), outcome, first, last);
        updateVertical(src, sHi, sLo, dHi, dLo, proto, vPort, FlowShape.odd(shape), outcome, first, last);
    }

    private void updateHorizontal(int src, long sHi, long sLo, long dHi, long dLo, int proto, int port, boolean echo,
                                  int outcome, long first, long last) {
        boolean answered = outcome == FlowShape.ANSWERED;
        long hk = HorizontalScans.key(sHi, sLo, proto, port);
        int h = horizontal.get(hk, sHi, sLo, proto, port, first, last, !answered || echo);
        if (h < 0) {
            return;
        }
        HorizontalScans t = horizontal;
        t.attempts[h]++;
        long hostFp = KeyHash.hash(hk, dHi, dLo);
        if (answered) {
            if (t.answeredHosts[h] < params.distinctMax && seen.add(hostFp ^ ANSWERED_TAG)) {
                t.answeredHosts[h]++;
            }
        } else {
            if (outcome == FlowShape.REFUSED) {
                t.refused[h]++;
            } else {
                t.unanswered[h]++;
            }
            if (t.failedHosts[h] >= params.distinctMax) {
                distinctCapped++;
            } else if (seen.add(hostFp)) {
                t.failedHosts[h]++;
            }
        }
        if (echo) {
            // a ping sweep of a LAN: hosts of the first target's /24 (IPv6 /64), answered or not
            long net = Addresses.isV4(dHi, dLo) ? dLo & ~0xFFL : dHi;
            if (t.sweepNet[h] == Long.MIN_VALUE) {
                t.sweepNet[h] = net;
            }
            if (net == t.sweepNet[h] && t.sweepHosts[h] < params.distinctMax && seen.add(hostFp ^ SWEEP_TAG)) {
                t.sweepHosts[h]++;
            }
        }
        checkHorizontal(h, src);
    }

    private void checkHorizontal(int h, int src) {
        HorizontalScans t = horizontal;
        int failed = t.failedHosts[h];
        boolean mostlyFailed = failed >= t.answeredHosts[h];
        boolean fixed = failed >= params.horizontalHosts && mostlyFailed;
        boolean trw = sources.isScanner(src) && failed >= params.trwMinHosts && mostlyFailed;
        // a LAN sweep also hits unused addresses; monitors pinging a server farm only ever reach live hosts
        boolean sweep = t.sweepHosts[h] >= params.icmpSweepHosts && 4L * failed >= t.sweepHosts[h];
        if (!(fixed || trw || sweep)) {
            return;
        }
        int size = Math.max(failed, t.sweepHosts[h]);
        if (t.raisedAt[h] == 0) {
            if (!sources.claimAlertKey(src, params.maxAlertsPerSource)) {
                t.raisedAt[h] = -1;
                alertsFolded++;
                return;
            }
        } else if (t.raisedAt[h] < 0 || size < 2L * t.raisedAt[h]) {
            return;
        }
        t.raisedAt[h] = size;
        raise(alerts.horizontal(t, h, sources.isScanner(src), sources.failedContacts(src)));
    }

    private void updateVertical(int src, long sHi, long sLo, long dHi, long dLo, int proto, int port, int odd,
                                int outcome, long first, long last) {
        boolean answered = outcome == FlowShape.ANSWERED;
        long vk = VerticalScans.key(sHi, sLo, dHi, dLo);
        int v = vertical.get(vk, sHi, sLo, dHi, dLo, first, last, !answered || odd != 0);
        if (v < 0) {
            return;
        }
        VerticalScans t = vertical;
        t.attempts[v]++;
        t.protos[v] |= VerticalScans.protoBit(proto);
        long portFp = KeyHash.hash(vk, (long) proto << 16 | port);
        if (answered) {
            if (t.answeredPorts[v] < params.distinctMax && seen.add(portFp ^ ANSWERED_TAG)) {
                t.answeredPorts[v]++;
            }
        } else {
            if (outcome == FlowShape.REFUSED) {
                t.refused[v]++;
            } else {
                t.unanswered[v]++;
            }
            if (t.failedPorts[v] >= params.distinctMax) {
                distinctCapped++;
            } else if (seen.add(portFp)) {
                t.failedPorts[v]++;
                t.notePort(v, port);
            }
        }
        if (odd != 0 && t.oddProbes[v] < params.distinctMax && seen.add(portFp ^ ODD_TAG ^ (long) odd << 40)) {
            t.oddProbes[v]++;
        }
        checkVertical(v, src);
    }

    private void checkVertical(int v, int src) {
        VerticalScans t = vertical;
        int failed = t.failedPorts[v];
        boolean ports = failed >= params.verticalPorts && failed >= t.answeredPorts[v];
        boolean fingerprint = t.oddProbes[v] >= params.fingerprintProbes;
        if (!(ports || fingerprint)) {
            return;
        }
        int size = Math.max(failed, t.oddProbes[v]);
        if (t.raisedAt[v] == 0) {
            if (!sources.claimAlertKey(src, params.maxAlertsPerSource)) {
                t.raisedAt[v] = -1;
                alertsFolded++;
                return;
            }
        } else if (t.raisedAt[v] < 0 || size < 2L * t.raisedAt[v]) {
            return;
        }
        t.raisedAt[v] = size;
        raise(alerts.vertical(t, v));
    }

    private void retireHorizontal(int h) {
        int raised = horizontal.raisedAt[h];
        if (raised > 0 && Math.max(horizontal.failedHosts[h], horizontal.sweepHosts[h]) > raised) {
            int src = sources.find(SourceTable.key(horizontal.srcHi[h], horizontal.srcLo[h]));
            boolean trw = src >= 0 && sources.isScanner(src);
            raise(alerts.horizontal(horizontal, h, trw, src >= 0 ? sources.failedContacts(src) : 0));
        }
    }

    private void retireVertical(int v) {
        int raised = vertical.raisedAt[v];
        if (raised > 0 && Math.max(vertical.failedPorts[v], vertical.oddProbes[v]) > raised) {
            raise(alerts.vertical(vertical, v));
        }
    }

    private void raise(Alert alert) {
        alertsRaised++;
        out.raise(alert);
    }

    @Override
    public void advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return;
        }
        watermark = newWatermark;
        pending.advance(newWatermark);
        long before = newWatermark - params.expiryMs;
        if (before > newWatermark) {
            return; // underflow near Long.MIN_VALUE: nothing can be that old
        }
        // keys first: their final update still reads the source's sequential test
        for (int h = horizontal.oldest(); h >= 0 && horizontal.touchedAt(h) < before; h = horizontal.oldest()) {
            retireHorizontal(h);
            horizontal.remove(h);
            expired++;
        }
        for (int v = vertical.oldest(); v >= 0 && vertical.touchedAt(v) < before; v = vertical.oldest()) {
            retireVertical(v);
            vertical.remove(v);
            expired++;
        }
        expired += sources.expire(before);
    }

    @Override
    public void finish() {
        pending.drain();
        for (int h = horizontal.oldest(); h >= 0; h = horizontal.oldest()) {
            retireHorizontal(h);
            horizontal.remove(h);
        }
        for (int v = vertical.oldest(); v >= 0; v = vertical.oldest()) {
            retireVertical(v);
            vertical.remove(v);
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flows", flows);
        c.put("probes", probes);
        c.put("replies_paired", repliesPaired);
        c.put("late_flows", lateFlows);
        c.put("probes_decided", decided);
        c.put("pending", (long) pending.size());
        c.put("pending_evictions", pending.evictions());
        c.put("sources", (long) sources.size());
        c.put("source_evictions", sources.evictions());
        c.put("horizontal_keys", (long) horizontal.size());
        c.put("horizontal_evictions", horizontal.evictions());
        c.put("vertical_keys", (long) vertical.size());
        c.put("vertical_evictions", vertical.evictions());
        c.put("expired", expired);
        c.put("distinct_capped", distinctCapped);
        c.put("distinct_overwrites", seen.overwrites());
        c.put("allowed", allowed);
        c.put("weak_probes_ignored", weakIgnored);
        c.put("fan_out_ignored", fanOutIgnored);
        c.put("alerts", alertsRaised);
        c.put("alerts_folded", alertsFolded);
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
