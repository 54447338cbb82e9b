package org.flowsec.detect.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Protocols;

/**
 * Turns the state of one scan key into the alert people read: summary sentence, counts, thresholds, severity
 * and the evidence filter that {@code flowsec query} runs to list the probes. Runs only when an alert is raised
 * or updated, never per flow.
 */
final class ScanAlerts {
    static final String DETECTOR = "scan";

    private final ScanParams params;
    private final HomeNetworks home;
    private final double trwBound;

    ScanAlerts(ScanParams params, HomeNetworks home, double trwBound) {
        this.params = params;
        this.home = home;
        this.trwBound = trwBound;
    }

    Alert horizontal(HorizontalScans h, int id, boolean trwScanner, int trwFailedContacts) {
        String src = Addresses.format(h.srcHi[id], h.srcLo[id]);
        int proto = h.proto[id];
        int port = h.port[id];
        boolean echo = FlowShape.isEcho(proto, port);
        int failed = h.failedHosts[id];
        int answered = h.answeredHosts[id];
        int hosts = Math.max(failed + answered, h.sweepHosts[id]);
        String what;
        String evidence;
        List<Integer> ports = List.of();
        String keyPart;
        if (proto == FlowShape.TCP || proto == FlowShape.UDP) {
            String name = Protocols.name(proto).toLowerCase(java.util.Locale.ROOT);
            what = "on " + name + " port " + port;
            evidence = "src ip " + src + " and dst port " + port + " and proto " + name;
            ports = List.of(port);
            keyPart = name + "/" + port;
        } else if (proto == FlowShape.ICMP || proto == FlowShape.ICMP6) {
            String name = proto == FlowShape.ICMP ? "icmp" : "icmp6";
            what = echo ? "with ICMP echo requests" : "with ICMP type " + port + " requests";
            evidence = "src ip " + src + " and proto " + name + " and icmp-type " + port;
            keyPart = name + "/" + port;
        } else {
            what = "with IP protocol " + proto;
            evidence = "src ip " + src + " and proto " + proto;
            keyPart = "proto/" + proto;
        }
        String verb = echo ? "swept " : "probed ";
        String summary = src + " " + verb + atLeast(hosts, failed >= params.distinctMax) + " hosts " + what + " ("
                + outcomes(failed, h.unanswered[id], h.refused[id], answered) + ")"
                + (trwScanner && failed < params.horizontalHosts ? ", named by the sequential test" : "");
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("hosts", (long) hosts);
        counts.put("failed_hosts", (long) failed);
        counts.put("answered_hosts", (long) answered);
        if (echo) {
            counts.put("sweep_hosts", (long) h.sweepHosts[id]);
        }
        counts.put("attempts", (long) h.attempts[id]);
        counts.put("unanswered", (long) h.unanswered[id]);
        counts.put("refused", (long) h.refused[id]);
        counts.put("trw_failed_first_contacts", (long) trwFailedContacts);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("horizontal_hosts", (double) params.horizontalHosts);
        thresholds.put("trw_likelihood_ratio", trwBound);
        thresholds.put("trw_min_hosts", (double) params.trwMinHosts);
        if (echo) {
            thresholds.put("icmp_sweep_hosts", (double) params.icmpSweepHosts);
        }
        Severity severity = severity(hosts, h.srcHi[id], h.srcLo[id]);
        return Alert.raised(DETECTOR, "scan/horizontal/" + src + "/" + keyPart, severity, h.first[id], h.last[id],
                summary, src, null, proto, ports, counts, thresholds, evidence);
    }

    Alert vertical(VerticalScans v, int id) {
        String src = Addresses.format(v.srcHi[id], v.srcLo[id]);
        String dst = Addresses.format(v.dstHi[id], v.dstLo[id]);
        int failed = v.failedPorts[id];
        int answered = v.answeredPorts[id];
        int odd = v.oddProbes[id];
        int protos = v.protos[id];
        Integer proto = switch (protos) {
            case 1 -> FlowShape.TCP;
            case 2 -> FlowShape.UDP;
            default -> null;
        };
        String evidence = "src ip " + src + " and dst ip " + dst + (proto == null ? "" : " and proto " + Protocols.name(proto).toLowerCase(java.util.Locale.ROOT));
        String summary;
        if (failed >= params.verticalPorts) {
            String unit = protos == 8 ? " IP protocols" : (protos & ~3) == 0 ? " ports" : " ports and protocols";
            summary = src + " probed " + atLeast(failed + answered, failed >= params.distinctMax) + unit + " on " + dst
                    + " (" + outcomes(failed, v.unanswered[id], v.refused[id], answered) + ")"
                    + (odd > 0 ? ", " + odd + " of them crafted or half-open" : "");
        } else {
            summary = src + " sent " + odd + " kinds of crafted or half-open probes to " + dst
                    + " (OS fingerprinting or a stealth scan; " + (failed + answered) + " ports or types probed)";
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < Math.min(failed, VerticalScans.PORTS_SHOWN); i++) {
            ports.add(v.shownPort(id, i));
        }
        ports.sort(null); // the first failed ports seen, in numeric order
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ports", (long) (failed + answered));
        counts.put("failed_ports", (long) failed);
        counts.put("answered_ports", (long) answered);
        counts.put("crafted_probes", (long) odd);
        counts.put("attempts", (long) v.attempts[id]);
        counts.put("unanswered", (long) v.unanswered[id]);
        counts.put("refused", (long) v.refused[id]);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("vertical_ports", (double) params.verticalPorts);
        thresholds.put("fingerprint_probes", (double) params.fingerprintProbes);
        Severity severity = failed >= params.verticalPorts ? severity(failed + answered, v.srcHi[id], v.srcLo[id])
                : severity(0, v.srcHi[id], v.srcLo[id]);
        return Alert.raised(DETECTOR, "scan/vertical/" + src + "/" + dst, severity, v.first[id], v.last[id], summary,
                src, dst, proto, ports, counts, thresholds, evidence);
    }

    /** By size (under 100, under 1000, more), one step up when the scanner is inside: likely compromised. */
    private Severity severity(int size, long srcHi, long srcLo) {
        int level = size < 100 ? 0 : size < 1000 ? 1 : 2;
        if (home.isHome(srcHi, srcLo)) {
            level++;
        }
        return Severity.values()[level];
    }

    private static String atLeast(int n, boolean capped) {
        return capped ? "at least " + n : Integer.toString(n);
    }

    /** "1001 unanswered", "995 refused, 5 answered", "12 failed, 3 answered". */
    private static String outcomes(int failed, int unanswered, int refused, int answered) {
        String f = refused == 0 ? failed + " unanswered" : unanswered == 0 ? failed + " refused" : failed + " failed";
        return answered > 0 ? f + ", " + answered + " answered" : f;
    }
}
