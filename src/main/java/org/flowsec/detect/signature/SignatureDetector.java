package org.flowsec.detect.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;
import org.flowsec.query.filter.Expr;
import org.flowsec.query.filter.Op;
import org.flowsec.query.filter.Operand;

/**
 * Backdoor ports and worm signatures written as rules in the filter language (docs/detectors.md (section signature)).
 *
 * <p>A flow is looked up by its two ports in the {@link RuleSet}'s port index; only the rules naming one of
 * them run their compiled filter. A match is then given a role per local side: for a backdoor rule, the side
 * holding the rule's port must look like the service side (the other side's port is not a known service port),
 * so a client whose ephemeral port happens to be 4444 talking to a web server is no backdoor answer; for a
 * worm rule the filter is the attack flow itself. A backdoor CLIENT or ATTEMPT needs a session (TCP with
 * ACK and data, UDP datagrams with payload), so port-scan probes never raise one; probes from outside
 * (retried SYNs) are held per (source, host) for a window and become attempts only if the source did not
 * probe more than max_probed_ports rule ports of the host (a vertical scan). Findings are keyed by
 * (rule, local host, role) and raised
 * when their rule's min_flows and min_peers are met, then again each time flows or peers double, and a last
 * time when the input ends or the finding expires.
 */
public final class SignatureDetector implements Detector {
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    /** IPv4 + UDP headers: a datagram of this size carries no payload (an nmap UDP probe). */
    private static final long UDP_HEADER_BYTES = 28;

    private final SignatureParams params;
    private final HomeNetworks home;
    private final PrefixList allow;
    private final AlertEmitter out;
    private final RuleSet rules;
    private final boolean[] servicePort = new boolean[65536];
    private final long ttlMs;
    private final Map<FindingKey, Finding> findings = new HashMap<>();
    private final FindingKey probe = new FindingKey();
    private final Map<HoldKey, ProbeHold> holds = new HashMap<>();
    private final HoldKey holdProbe = new HoldKey();
    private final long holdMs;
    private long watermark = Long.MIN_VALUE;

    private long flowsMatched;
    private long lateFlows;
    private long alertsRaised;
    private long statesEvicted;
    private long statesDropped;
    private long probesHeld;
    private long scannersSkipped;

    public SignatureDetector(SignatureParams params, HomeNetworks home, AlertEmitter out) {
        this(params, home, out, RuleSet.load(params));
    }

    /** With an explicit rule set (tests, or a caller that loaded the rules once). */
    public SignatureDetector(SignatureParams params, HomeNetworks home, AlertEmitter out, RuleSet rules) {
        this.params = params;
        this.home = home;
        this.allow = PrefixList.parse("signature allow", params.allow);
        this.out = out;
        this.rules = rules;
        for (int p = 0; p < 1024; p++) {
            servicePort[p] = true;
        }
        for (Integer p : params.servicePorts) {
            if (p == null || p < 0 || p > 65535) {
                throw new IllegalArgumentException("signature service_ports: " + p + " is not a port 0..65535");
            }
            servicePort[p] = true;
        }
        if (params.stateTtlSeconds <= 0 || params.maxStates <= 0) {
            throw new IllegalArgumentException("signature state_ttl_seconds and max_states must be positive");
        }
        this.ttlMs = params.stateTtlSeconds * 1000;
        if (params.probeWindowSeconds <= 0 || params.maxProbedPorts < 0) {
            throw new IllegalArgumentException(
                    "signature probe_window_seconds must be positive and max_probed_ports not negative");
        }
        this.holdMs = params.probeWindowSeconds * 1000;
    }

    @Override
    public String name() { return "signature"; }

    public RuleSet rules() { return rules; }

    @Override
    public void accept(FlowBatch b, int row) {
        int sp = (int) b.get(Field.SRC_PORT, row);
        int dp = (int) b.get(Field.DST_PORT, row);
        if (((sp | dp) & ~0xFFFF) != 0) {
            return; // not a port: a corrupt record must not index past the port tables
        }
        int[] bySrc = rules.rulesFor(sp);
        int[] byDst = rules.rulesFor(dp);
        if (bySrc == null && byDst == null) {
            return;
        }
        if (b.get(Field.LAST, row) < watermark) {
            lateFlows++;
        }
        if (bySrc != null) {
            for (int r : bySrc) {
                check(b, row, r, sp, dp);
            }
        }
        if (byDst != null) {
            for (int r : byDst) {
                if (bySrc == null || !contains(bySrc, r)) {
                    check(b, row, r, sp, dp);
                }
            }
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private void check(FlowBatch b, int row, int ruleIndex, int sp, int dp) {
        Rule rule = rules.rule(ruleIndex);
        if (!rule.filter().predicate().test(b, row)) {
            return;
        }
        flowsMatched++;
        long sHi = b.hi(Field.SRC_ADDR, row);
        long sLo = b.lo(Field.SRC_ADDR, row);
        long dHi = b.hi(Field.DST_ADDR, row);
        long dLo = b.lo(Field.DST_ADDR, row);
        boolean srcHome = home.isHome(sHi, sLo);
        boolean dstHome = home.isHome(dHi, dLo);
        if (!srcHome && !dstHome) {
            return;
        }
        int proto = (int) b.get(Field.PROTO, row);
        int flags = proto == Protocols.TCP ? (int) b.get(Field.TCP_FLAGS, row) : 0;
        long packets = b.get(Field.PACKETS, row);
        boolean tcp = proto == Protocols.TCP;
        // A refusal: RST (one per retried SYN) without a handshake or data of its own.
        boolean bareRst = tcp && (flags & RST) != 0 && (flags & (SYN | PSH)) == 0;
        if (rule.kind() == Rule.Kind.WORM) {
            if (dstHome && rule.hasPort(dp)) {
                record(b, row, ruleIndex, Role.ATTEMPT, dHi, dLo, sHi, sLo, dp);
            }
            if (srcHome && rule.hasPort(dp)) {
                record(b, row, ruleIndex, Role.SOURCE, sHi, sLo, dHi, dLo, dp);
            }
            return;
        }
        // A reply from a service: TCP shows the accepted handshake or data, and is more than a refusal.
        boolean answered = !tcp || ((flags & ACK) != 0 && ((flags & (SYN | PSH)) != 0 || packets >= 3) && !bareRst);
        // A session, not a probe: TCP past the handshake with data (PSH) or more packets than a connect()
        // torn down at once (SYN, ACK, RST); UDP with several datagrams that carry payload. Port scans
        // (FIN/NULL/XMAS/ACK probes, SYNs refused by RST, empty UDP) never are.
        long bytes = b.get(Field.BYTES, row);
        boolean session = tcp ? (flags & ACK) != 0 && ((flags & PSH) != 0 || packets > 3) && !bareRst
                : packets >= 2 && bytes > UDP_HEADER_BYTES * packets;
        // A probe attempt: a SYN (retried, unless lone SYNs count) or one UDP datagram with payload.
        boolean probeAttempt = tcp ? (flags & SYN) != 0 && !bareRst
                && (packets > 1 || (flags & ACK) != 0 || params.countLoneSynProbes)
                : bytes > UDP_HEADER_BYTES * packets;
        if (srcHome && rule.hasPort(sp) && !servicePort[dp] && answered) {
            record(b, row, ruleIndex, Role.ANSWER, sHi, sLo, dHi, dLo, sp);
        }
        if (dstHome && rule.hasPort(dp) && !servicePort[sp]) {
            if (session) {
                record(b, row, ruleIndex, Role.ATTEMPT, dHi, dLo, sHi, sLo, dp);
            } else if (!srcHome && probeAttempt && rule.severity(Role.ATTEMPT) != null && !allow.contains(dHi, dLo)) {
                hold(b, row, ruleIndex, sHi, sLo, dHi, dLo, dp);
            }
        }
        if (srcHome && rule.hasPort(dp) && !servicePort[sp] && session) {
            record(b, row, ruleIndex, Role.CLIENT, sHi, sLo, dHi, dLo, dp);
        }
    }

    /**
     * Holds an outside source's probe of a local host's rule port until the window closes, so a vertical
     * scan (more than max_probed_ports rule ports of the host) can be told from a worm trying a few backdoors.
     */
    private void hold(FlowBatch b, int row, int ruleIndex, long sHi, long sLo, long hHi, long hLo, int port) {
        ProbeHold h = holds.get(holdProbe.set(sHi, sLo, hHi, hLo));
        if (h == null) {
            if (holds.size() >= params.maxStates) {
                statesDropped++;
                return;
            }
            h = new ProbeHold(sHi, sLo, hHi, hLo, params.maxProbedPorts);
            holds.put(holdProbe.copy(), h);
        }
        boolean wasScanner = h.scanner;
        h.add(ruleIndex, port, b.get(Field.PACKETS, row), b.get(Field.BYTES, row), b.get(Field.FIRST, row),
                b.get(Field.LAST, row));
        probesHeld++;
        if (h.scanner && !wasScanner) {
            scannersSkipped++;
        }
    }

    /** The window of a hold closed: its probes become attempts, unless the source turned out a scanner. */
    private void release(ProbeHold h) {
        for (int i = 0; i < h.size; i++) {
            int ruleIndex = h.rules[i];
            Rule rule = rules.rule(ruleIndex);
            Finding f = finding(ruleIndex, Role.ATTEMPT, h.hostHi, h.hostLo);
            if (f == null) {
                continue;
            }
            f.add(h.srcHi, h.srcLo, h.ports[i], h.flows[i], h.packets[i], h.bytes[i], h.firsts[i], h.lasts[i]);
            if (f.worthRaising(rule)) {
                raise(f, rule);
            }
        }
        h.size = 0;
    }

    private void record(FlowBatch b, int row, int ruleIndex, Role role, long hHi, long hLo, long pHi, long pLo,
                        int port) {
        Rule rule = rules.rule(ruleIndex);
        if (rule.severity(role) == null || allow.contains(hHi, hLo)) {
            return;
        }
        Finding f = finding(ruleIndex, role, hHi, hLo);
        if (f == null) {
            return;
        }
        f.add(pHi, pLo, port, 1, b.get(Field.PACKETS, row), b.get(Field.BYTES, row),
                b.get(Field.FIRST, row), b.get(Field.LAST, row));
        if (f.worthRaising(rule)) {
            raise(f, rule);
        }
    }

    private Finding finding(int ruleIndex, Role role, long hHi, long hLo) {
        Finding f = findings.get(probe.set(ruleIndex, role, hHi, hLo));
        if (f == null) {
            if (findings.size() >= params.maxStates) {
                statesDropped++;
                return null;
            }
            f = new Finding(ruleIndex, role, hHi, hLo);
            findings.put(probe.copy(), f);
        }
        return f;
    }

    @Override
    public void advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return;
        }
        watermark = newWatermark;
        releaseHolds(newWatermark);
        long expiry = newWatermark == Long.MAX_VALUE ? Long.MAX_VALUE : newWatermark - ttlMs;
        for (Iterator<Finding> it = findings.values().iterator(); it.hasNext(); ) {
            Finding f = it.next();
            if (f.last < expiry) {
                Rule rule = rules.rule(f.rule);
                if (f.changedSinceRaise(rule)) {
                    raise(f, rule);
                }
                it.remove();
                statesEvicted++;
            }
        }
    }

    /**
     * Releases the holds whose window closed; a scanner's hold is kept (absorbing its further probes) until
     * it has been quiet for a window, then forgotten.
     */
    private void releaseHolds(long now) {
        if (holds.isEmpty()) {
            return;
        }
        for (Iterator<ProbeHold> it = holds.values().iterator(); it.hasNext(); ) {
            ProbeHold h = it.next();
            if (now == Long.MAX_VALUE || (!h.scanner && h.first <= now - holdMs)
                    || (h.scanner && h.last <= now - holdMs)) {
                release(h);
                it.remove();
            }
        }
    }

    @Override
    public void finish() {
        releaseHolds(Long.MAX_VALUE);
        for (Finding f : findings.values()) {
            Rule rule = rules.rule(f.rule);
            if (f.changedSinceRaise(rule)) {
                raise(f, rule);
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("rules", (long) rules.rules().size());
        c.put("flows_matched", flowsMatched);
        c.put("late_flows", lateFlows);
        c.put("alerts_raised", alertsRaised);
        c.put("states", (long) findings.size());
        c.put("states_evicted", statesEvicted);
        c.put("states_dropped", statesDropped);
        c.put("probes_held", probesHeld);
        c.put("held", (long) holds.size());
        c.put("scanners_skipped", scannersSkipped);
        return c;
    }

    private void raise(Finding f, Rule rule) {
        f.raisedFlows = f.flows;
        f.raisedPeers = f.peerCount;
        alertsRaised++;
        String host = Addresses.format(f.hostHi, f.hostLo);
        String peer = f.peerCount == 1 ? Addresses.format(f.peerHi(0), f.peerLo(0)) : null;
        String peers = f.peerCount == 1 ? peer
                : (f.peerCount >= Finding.MAX_PEERS ? "at least " : "") + f.peerCount + " hosts";
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < f.portCount; i++) {
            ports.add(f.ports[i]);
        }
        String service = protoName(rule) + "/" + portsText(ports);
        String flows = f.flows == 1 ? "1 flow" : f.flows + " flows";
        String summary = switch (f.role) {
            case ANSWER -> host + " answered on " + service + " to " + peers + " (" + rule.description()
                    + "), so something listens there: likely compromised; " + flows + ".";
            case CLIENT -> host + " connected out to " + service + " on " + peers + " (" + rule.description()
                    + "): a trojan or bot may be calling home; " + flows + ".";
            case SOURCE -> host + " sent " + rule.description() + " flows to " + peers + ": likely infected; "
                    + flows + ".";
            case ATTEMPT -> peers + " tried " + (rule.kind() == Rule.Kind.WORM ? rule.description() + " on " + host
                    : service + " on " + host + " (" + rule.description() + ")") + "; " + flows + ".";
        };
        boolean hostIsSource = f.role != Role.ATTEMPT;
        String side = rule.kind() == Rule.Kind.WORM ? (hostIsSource ? "src host " : "dst host ") : "host ";
        String evidence = "(" + rule.filterText() + ") and " + side + host;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("flows", f.flows);
        counts.put("packets", f.packets);
        counts.put("bytes", f.bytes);
        counts.put("peers", (long) f.peerCount);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("min_flows", (double) rule.minFlows());
        thresholds.put("min_peers", (double) rule.minPeers());
        Severity severity = rule.severity(f.role);
        String key = "signature/" + rule.name() + "/" + f.role.word() + "/" + host;
        out.raise(Alert.raised("signature", key, severity, f.first, f.last, summary,
                hostIsSource ? host : peer, hostIsSource ? peer : host, protoNumber(rule), ports, counts,
                thresholds, evidence));
    }

    private static String portsText(List<Integer> ports) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < ports.size(); i++) {
            s.append(i == 0 ? "" : ",").append(ports.get(i));
        }
        return s.toString();
    }

    /** The protocol a rule's filter requires ({@code proto tcp} in its top-level conjunction), or null. */
    static Integer protoNumber(Rule rule) {
        return requiredProto(rule.filter().expr());
    }

    private static Integer requiredProto(Expr e) {
        if (e instanceof Expr.Cmp c && c.op() == Op.EQ && c.operand() instanceof Operand.One o
                && o.field() == Field.PROTO) {
            return (int) c.value();
        }
        if (e instanceof Expr.And a) {
            Integer l = requiredProto(a.left());
            return l != null ? l : requiredProto(a.right());
        }
        return null;
    }

    private static String protoName(Rule rule) {
        Integer p = protoNumber(rule);
        return p == null ? "port" : Protocols.name(p).toLowerCase(java.util.Locale.ROOT);
    }
}
