package org.flowsec.detect.bruteforce;

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

/**
 * Password guessing: many short, similar TCP sessions from one source to one service on one host
 * (docs/detectors.md (section bruteforce)).
 *
 * <p>A session is a client's TCP flow that completed a handshake (ACK set), lasted at most
 * {@code max_session_seconds} and carried at most {@code max_session_packets}; the client is the side whose
 * port is not the service: on the authentication ports the destination port is the service, on any other port
 * the destination port must be the lower of the two (replies go to the client's higher ephemeral port).
 * Sessions are counted per (source, destination, port) in event-time windows (the current and the previous
 * window) with the sums and squared sums of packets and bytes, so "similar" is a coefficient of variation.
 * On a non-auth port the source must also stand out from the service's other clients (baseline factor).
 * All state lives in two flat primitive tables; a flow allocates nothing.
 */
public final class BruteForceDetector implements Detector {
    private static final int ACK = 0x10;
    private static final long NEVER = Long.MIN_VALUE;

    // value words of a pair (key: src hi, src lo, dst hi, dst lo, port)
    private static final int BUCKET = 0;
    private static final int CUR = 1; // n, sum p, sum p^2, sum b, sum b^2
    private static final int PREV = 6;
    private static final int FIRST = 11;
    private static final int LAST = 12;
    private static final int TOTAL = 13;
    private static final int RAISED = 14;
    private static final int CUR_LONG = 15; // sessions of the pair too long or too big to be a guess
    private static final int PREV_LONG = 16;
    private static final int PAIR_WORDS = 17;
    // value words of a service (key: dst hi, dst lo, port)
    private static final int CLIENTS = 0;
    private static final int SESSIONS = 1;

    private final BruteForceParams params;
    private final PrefixList allow;
    private final AlertEmitter out;
    private final boolean[] auth = new boolean[65536];
    private final boolean[] excluded = new boolean[65536];
    private final long windowMs;
    private final long maxSessionMs;
    private final FlatTable pairs;
    private final FlatTable services;
    private long watermark = NEVER;
    private long lastSweep = NEVER;

    private long sessions;
    private long lateFlows;
    private long alertsRaised;
    private long pairsEvicted;
    private long pairsDropped;

    public BruteForceDetector(BruteForceParams params, HomeNetworks home, AlertEmitter out) {
        this.params = params;
        this.allow = PrefixList.parse("bruteforce allow", params.allow);
        this.out = out;
        mark(auth, params.authPorts, "auth_ports");
        mark(excluded, params.anyPortExclude, "any_port_exclude");
        if (params.windowSeconds <= 0 || params.maxSessionSeconds <= 0 || params.minSessions < 2
                || params.anyPortMinSessions < 2 || params.maxTracked < 1
                || !(params.minShortShare >= 0 && params.minShortShare <= 1)) {
            throw new IllegalArgumentException("bruteforce: window_seconds and max_session_seconds must be positive, "
                    + "min_sessions and any_port_min_sessions at least 2, max_tracked at least 1, "
                    + "min_short_share between 0 and 1");
        }
        this.windowMs = params.windowSeconds * 1000;
        this.maxSessionMs = params.maxSessionSeconds * 1000;
        this.pairs = new FlatTable(5, PAIR_WORDS, params.maxTracked);
        this.services = new FlatTable(3, 2, params.maxTracked);
    }

    private static void mark(boolean[] set, List<Integer> ports, String what) {
        for (Integer p : ports) {
            if (p == null || p < 0 || p > 65535) {
                throw new IllegalArgumentException("bruteforce " + what + ": " + p + " is not a port 0..65535");
            }
            set[p] = true;
        }
    }

    @Override
    public String name() { return "bruteforce"; }

    @Override
    public void accept(FlowBatch b, int row) {
        if (b.get(Field.PROTO, row) != Protocols.TCP || (b.get(Field.TCP_FLAGS, row) & ACK) == 0) {
            return;
        }
        int sp = (int) b.get(Field.SRC_PORT, row);
        int dp = (int) b.get(Field.DST_PORT, row);
        if (((sp | dp) & ~0xFFFF) != 0) {
            return; // not a port: a corrupt record must not index past the port tables
        }
        boolean onAuth = auth[dp] && !auth[sp];
        if (!onAuth && (excluded[dp] || dp >= sp || auth[sp])) {
            return;
        }
        long first = b.get(Field.FIRST, row);
        long last = b.get(Field.LAST, row);
        long packets = b.get(Field.PACKETS, row);
        if (packets < params.minSessionPackets) {
            return;
        }
        boolean isLong = last - first > maxSessionMs || packets > params.maxSessionPackets;
        long sHi = b.hi(Field.SRC_ADDR, row);
        long sLo = b.lo(Field.SRC_ADDR, row);
        if (allow.contains(sHi, sLo)) {
            return;
        }
        long dHi = b.hi(Field.DST_ADDR, row);
        long dLo = b.lo(Field.DST_ADDR, row);
        int p = pairs.find(sHi, sLo, dHi, dLo, dp);
        if (isLong) {
            // a real session of a pair already watched: a legitimate user's sessions are a mix of short and long
            // ones, a guesser's are nearly all short (see short_share); unwatched pairs are not tracked for it
            if (p >= 0) {
                pairs.add(p, slot(p, first) == CUR ? CUR_LONG : PREV_LONG, 1);
            }
            return;
        }
        if (p < 0) {
            p = pairs.insert(sHi, sLo, dHi, dLo, dp);
            if (p < 0) {
                pairsDropped++;
                return;
            }
            pairs.set(p, BUCKET, first / windowMs);
            pairs.set(p, FIRST, first);
            pairs.set(p, LAST, last);
            int s = services.insert(dHi, dLo, dp, 0, 0);
            if (s >= 0) {
                services.add(s, CLIENTS, 1);
            }
        }
        if (last < watermark) {
            lateFlows++;
        }
        sessions++;
        addSession(p, first, last, packets, b.get(Field.BYTES, row));
        int s = services.find(dHi, dLo, dp, 0, 0);
        if (s >= 0) {
            services.add(s, SESSIONS, 1);
        }
        check(p, dp, onAuth, s);
    }

    /**
     * The window slot (CUR or PREV) of a session starting at {@code first}, moving the pair's windows forward
     * first when it starts in a later window.
     */
    private int slot(int p, long first) {
        long bucket = first / windowMs;
        long cur = pairs.get(p, BUCKET);
        if (bucket == cur) {
            return CUR;
        }
        if (bucket == cur + 1) {
            for (int w = 0; w < 5; w++) {
                pairs.set(p, PREV + w, pairs.get(p, CUR + w));
                pairs.set(p, CUR + w, 0);
            }
            pairs.set(p, PREV_LONG, pairs.get(p, CUR_LONG));
            pairs.set(p, CUR_LONG, 0);
            pairs.set(p, BUCKET, bucket);
            return CUR;
        }
        if (bucket > cur) {
            for (int w = 0; w < 10; w++) {
                pairs.set(p, CUR + w, 0);
            }
            pairs.set(p, CUR_LONG, 0);
            pairs.set(p, PREV_LONG, 0);
            pairs.set(p, BUCKET, bucket);
            return CUR;
        }
        return PREV; // late or out of order: the previous window holds it (a late session still counts)
    }

    private void addSession(int p, long first, long last, long packets, long bytes) {
        int at = slot(p, first);
        pairs.add(p, at, 1);
        pairs.add(p, at + 1, packets);
        pairs.add(p, at + 2, packets * packets);
        pairs.add(p, at + 3, bytes);
        pairs.add(p, at + 4, bytes * bytes);
        pairs.set(p, FIRST, Math.min(pairs.get(p, FIRST), first));
        pairs.set(p, LAST, Math.max(pairs.get(p, LAST), last));
        pairs.add(p, TOTAL, 1);
    }

    private long window(int p, int offset) { return pairs.get(p, CUR + offset) + pairs.get(p, PREV + offset); }

    private static double variation(long n, long sum, long sumSq) {
        if (sum <= 0) {
            return 0;
        }
        double var = (double) n * sumSq - (double) sum * sum;
        return Math.sqrt(Math.max(0, var)) / sum;
    }

    private void check(int p, int port, boolean onAuth, int service) {
        long n = window(p, 0);
        long min = onAuth ? params.minSessions : params.anyPortMinSessions;
        if (n < min) {
            return;
        }
        if (variation(n, window(p, 1), window(p, 2)) > params.maxPacketVariation
                || variation(n, window(p, 3), window(p, 4)) > params.maxByteVariation) {
            return;
        }
        long longSessions = pairs.get(p, CUR_LONG) + pairs.get(p, PREV_LONG);
        if (n < params.minShortShare * (n + longSessions)) {
            return;
        }
        long total = pairs.get(p, TOTAL);
        double others = othersMean(p, service);
        if (!onAuth && total < params.baselineFactor * others) {
            return;
        }
        long raised = pairs.get(p, RAISED);
        if (raised == 0 || total >= 2 * raised) {
            raise(p, port, onAuth, others);
        }
    }

    /** Mean sessions of the service's other clients currently tracked; 0 when there are none. */
    private double othersMean(int p, int service) {
        if (service < 0) {
            return 0;
        }
        long clients = services.get(service, CLIENTS);
        long all = services.get(service, SESSIONS);
        return clients <= 1 ? 0 : (double) (all - pairs.get(p, TOTAL)) / (clients - 1);
    }

    @Override
    public void advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return;
        }
        watermark = newWatermark;
        if (lastSweep != NEVER && newWatermark != Long.MAX_VALUE && newWatermark - lastSweep < windowMs / 2) {
            return; // sweeping costs a pass over the table; twice a window is enough to bound it
        }
        lastSweep = newWatermark;
        long expiry = newWatermark == Long.MAX_VALUE ? Long.MAX_VALUE : newWatermark - 2 * windowMs;
        for (int r = 0; r < pairs.rows(); r++) {
            if (pairs.isUsed(r) && pairs.get(r, LAST) < expiry) {
                finalRaise(r);
                forget(r);
                pairs.remove(r);
                pairsEvicted++;
                r--;
            }
        }
    }

    @Override
    public void finish() {
        for (int r = 0; r < pairs.rows(); r++) {
            if (pairs.isUsed(r)) {
                finalRaise(r);
            }
        }
    }

    /** An alerted pair whose count grew since its last alert reports the final count once. */
    private void finalRaise(int p) {
        long raised = pairs.get(p, RAISED);
        if (raised != 0 && pairs.get(p, TOTAL) != raised) {
            int port = (int) pairs.key(p, 4);
            int service = services.find(pairs.key(p, 2), pairs.key(p, 3), port, 0, 0);
            raise(p, port, auth[port], othersMean(p, service));
        }
    }

    private void forget(int p) {
        int s = services.find(pairs.key(p, 2), pairs.key(p, 3), pairs.key(p, 4), 0, 0);
        if (s >= 0) {
            services.add(s, CLIENTS, -1);
            services.add(s, SESSIONS, -pairs.get(p, TOTAL));
            if (services.get(s, CLIENTS) <= 0) {
                services.remove(s);
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("sessions", sessions);
        c.put("late_flows", lateFlows);
        c.put("alerts_raised", alertsRaised);
        c.put("pairs", (long) pairs.size());
        c.put("services", (long) services.size());
        c.put("pairs_evicted", pairsEvicted);
        c.put("pairs_dropped", pairsDropped);
        return c;
    }

    private void raise(int p, int port, boolean onAuth, double othersMean) {
        long total = pairs.get(p, TOTAL);
        pairs.set(p, RAISED, total);
        alertsRaised++;
        String src = Addresses.format(pairs.key(p, 0), pairs.key(p, 1));
        String dst = Addresses.format(pairs.key(p, 2), pairs.key(p, 3));
        long n = window(p, 0);
        long meanPackets = n == 0 ? 0 : Math.round((double) window(p, 1) / n);
        long meanBytes = n == 0 ? 0 : Math.round((double) window(p, 3) / n);
        String service = ServiceNames.name(port);
        String summary = src + " opened " + total + " short, similar sessions to " + service + " on " + dst
                + " (about " + meanPackets + " packets, " + meanBytes + " bytes each"
                + (onAuth ? "" : othersMean == 0 ? "; no other client of the service is seen"
                : String.format(java.util.Locale.ROOT, "; its other clients average %.1f", othersMean))
                + "): likely password guessing.";
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("sessions", total);
        counts.put("sessions_in_window", n);
        counts.put("long_sessions_in_window", pairs.get(p, CUR_LONG) + pairs.get(p, PREV_LONG));
        counts.put("mean_packets", meanPackets);
        counts.put("mean_bytes", meanBytes);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("min_sessions", (double) (onAuth ? params.minSessions : params.anyPortMinSessions));
        thresholds.put("window_seconds", (double) params.windowSeconds);
        thresholds.put("max_packet_variation", params.maxPacketVariation);
        thresholds.put("max_byte_variation", params.maxByteVariation);
        thresholds.put("min_short_share", params.minShortShare);
        if (!onAuth) {
            thresholds.put("baseline_factor", params.baselineFactor);
            thresholds.put("others_mean_sessions", othersMean);
        }
        String evidence = "proto tcp and src host " + src + " and dst host " + dst + " and dst port " + port;
        out.raise(Alert.raised("bruteforce", "bruteforce/" + src + "/" + dst + "/" + port, Severity.MEDIUM,
                pairs.get(p, FIRST), pairs.get(p, LAST), summary, src, dst, Protocols.TCP, List.of(port), counts,
                thresholds, evidence));
    }
}
