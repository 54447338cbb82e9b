package org.flowsec.detect.scan;

import java.util.Arrays;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.Addresses;
import org.flowsec.stats.KeyHash;

/**
 * What decided outcomes lead to: the sequential test per source, distinct failed hosts per (source, protocol,
 * port), distinct failed ports and crafted probes per (source, host), and the alerts when a key crosses its rule
 * (first at the threshold, again whenever the count doubles, and a final update when the key goes away).
 * Distinct counts go through one shared {@link SeenSet}, each kind of count under its own tag.
 */
final class ScanRules {
    static final long TRW_TAG = 0x7452_5700_0000_0001L;
    private static final long ANSWERED_TAG = 0x616E_7377_6572_6564L;
    private static final long SWEEP_TAG = 0x7377_6565_7000_0000L;
    private static final long ODD_TAG = 0x6F64_6400_0000_0000L;

    private final ScanParams params;
    private final int[] fanOutPorts;
    final SourceTable sources;
    private final HorizontalScans horizontal;
    private final VerticalScans vertical;
    final SeenSet seen;
    private final ScanAlerts alerts;
    private final AlertEmitter out;

    private long decided;
    private long weakIgnored;
    private long fanOutIgnored;
    private long distinctCapped;
    private long alertsRaised;
    private long alertsFolded;
    private long expired;

    ScanRules(ScanParams params, HomeNetworks home, AlertEmitter out) {
        this.params = params;
        this.out = out;
        this.fanOutPorts = params.fanOutUdpPorts == null ? new int[0]
                : params.fanOutUdpPorts.stream().mapToInt(Integer::intValue).sorted().toArray();
        this.sources = new SourceTable(params.maxSources, params.trwTheta0, params.trwTheta1, params.trwAlpha,
                params.trwBeta);
        this.horizontal = new HorizontalScans(params.maxHorizontalKeys, this::retireHorizontal);
        this.vertical = new VerticalScans(params.maxVerticalKeys, this::retireVertical);
        // four fingerprints per tracked source fit before the shared set starts overwriting; at most 32 MB
        this.seen = new SeenSet((int) Math.min(1 << 22, Math.max(1 << 12, 4L * params.maxSources)));
        this.alerts = new ScanAlerts(params, home, sources.upperBound());
    }

    /** Fingerprint of "source has contacted host" for the sequential test. */
    static long firstContact(long sourceKey, long dHi, long dLo) {
        return KeyHash.hash(sourceKey ^ TRW_TAG, dHi, dLo);
    }

    /** One probe (or established first contact) whose outcome is now known. */
    void decide(long sHi, long sLo, long dHi, long dLo, int proto, int dstPort, int shape, int outcome,
                long first, long last) {
        boolean answered = outcome == FlowShape.ANSWERED;
        long sk = SourceTable.key(sHi, sLo);
        int src = sources.findOrAdd(sk, sHi, sLo, last);
        if (answered) {
            sources.markAnswered(src);
        } else if (FlowShape.weak(shape) && (sources.hasEstablished(src) || sources.isBenign(src))) {
            // an ACK-only packet of a host with real connections (or cleared by the walk): a stray ACK, not a probe
            weakIgnored++;
            return;
        } else if (outcome == FlowShape.UNANSWERED && proto == FlowShape.UDP
                && Arrays.binarySearch(fanOutPorts, dstPort) >= 0 && !sources.sawAnswers(src)) {
            fanOutIgnored++; // a DNS/NTP query seen one way: its answer may simply be invisible here
            return;
        }
        decided++;
        // a success after the verdict changes nothing: skip the lookup in the (large, uncached) seen set
        if ((!answered || sources.isTesting(src)) && seen.add(firstContact(sk, dHi, dLo))) {
            // the probe's own keys are checked below, after TRW has seen it, so naming takes effect at once
            sources.observe(src, answered);
        }
        boolean icmp = proto == FlowShape.ICMP || proto == FlowShape.ICMP6;
        int icmpType = icmp ? dstPort >>> 8 : 0;
        boolean createsKeys = !answered || FlowShape.isEcho(proto, icmpType) || FlowShape.odd(shape) != 0;
        if (createsKeys) {
            sources.markHasKeys(src);
        } else if (!sources.hasKeys(src)) {
            return; // an answered probe only adjusts keys that failures made; this source has none
        }
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

    /** Drops keys and sources without activity since {@code before}, keys first (their update reads the source). */
    void expire(long before) {
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

    /** End of input: every key gets its final update. */
    void retireAll() {
        for (int h = horizontal.oldest(); h >= 0; h = horizontal.oldest()) {
            retireHorizontal(h);
            horizontal.remove(h);
        }
        for (int v = vertical.oldest(); v >= 0; v = vertical.oldest()) {
            retireVertical(v);
            vertical.remove(v);
        }
    }

    void counters(Map<String, Long> c) {
        c.put("probes_decided", decided);
        c.put("sources", (long) sources.size());
        c.put("source_evictions", sources.evictions());
        c.put("horizontal_keys", (long) horizontal.size());
        c.put("horizontal_evictions", horizontal.evictions());
        c.put("vertical_keys", (long) vertical.size());
        c.put("vertical_evictions", vertical.evictions());
        c.put("expired", expired);
        c.put("distinct_capped", distinctCapped);
        c.put("distinct_overwrites", seen.overwrites());
        c.put("weak_probes_ignored", weakIgnored);
        c.put("fan_out_ignored", fanOutIgnored);
        c.put("alerts", alertsRaised);
        c.put("alerts_folded", alertsFolded);
    }
}
