package org.flowsec.detect.bigtalker;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowsec.base.Quantities;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Prefix;

/**
 * Big talkers: FlowScan's top N hosts per local network and interval as a report
 * ({@link TopTalkersReport}), and an alert when a host that was quiet against its own baseline becomes one.
 *
 * <p>Per local host the detector keeps counters for each open event-time interval (a ring of
 * {@code open_intervals}); a flow's volume is spread over the intervals its [first, last] covers. When the
 * watermark passes an interval's end the interval is finalised: each network's hosts are ranked, the report
 * goes to the listener, and every host's baseline (an exponentially weighted mean of its bytes per
 * interval, corrected for the detector's age so that a few intervals of history already give a fair mean)
 * takes the interval in. Intervals without any traffic (the collector was down) are skipped, not learned as
 * quiet.
 *
 * <p>The alert: after the detector's warm-up, a host that ranks in its network's top N, moves at least
 * {@code min_bytes} and at least {@code factor} times its baseline, for {@code sustain_intervals} intervals
 * in a row. Its baseline is frozen when the streak starts, so the streak is not judged against itself; the
 * alert is raised again (an update) for each further such interval until the host's moving baseline catches
 * up, i.e. the new level has become its normal.
 */
public final class BigTalkerDetector implements Detector {
    public static final String NAME = "bigtalker";
    private static final int KEPT_REPORTS = 256;
    private static final String[] ORDERS = {"bytes", "packets", "flows"};

    private final AlertEmitter out;
    private final TopTalkersListener listener;
    private final boolean enabled;
    private final long intervalMs;
    private final int top;
    private final int order;
    private final double alpha;
    private final int warmup;
    private final double factor;
    private final long minBytes;
    private final int sustain;
    private final int ring;
    private final int maxHosts;
    private final List<Prefix> networks;
    private final String[] networkNames;
    private final PrefixList anyNetwork;
    private final PrefixList allow;
    private final TalkerTable table;
    /** Per ring slot: flows counted into it, so empty intervals are skipped. */
    private final long[] slotFlows;
    private final ArrayDeque<TopTalkersReport> recent = new ArrayDeque<>();
    private final TopRanking ranking;

    /** Index of the oldest open interval; Long.MIN_VALUE until the first flow or watermark. */
    private long openFrom = Long.MIN_VALUE;
    private long newestWithTraffic = Long.MIN_VALUE;
    private long finalised;
    private long flows;
    private long lateFlows;
    private long clampedFlows;
    private long untrackedFlows;
    private long evicted;
    private long expired;
    private long emptyIntervals;
    private long alerts;
    private long reports;

    public BigTalkerDetector(BigTalkerParams params, HomeNetworks home, AlertEmitter out) {
        this(params, home, out, null);
    }

    /** {@code listener} (may be null) receives every network's top-talkers table as intervals finish. */
    public BigTalkerDetector(BigTalkerParams params, HomeNetworks home, AlertEmitter out, TopTalkersListener listener) {
        this.out = out;
        this.listener = listener;
        this.enabled = params.enabled;
        this.intervalMs = positive(Quantities.duration(params.interval).toMillis(), "bigtalker.interval");
        this.top = (int) positive(params.top, "bigtalker.top");
        this.order = List.of(ORDERS).indexOf(params.orderBy.toLowerCase(Locale.ROOT));
        if (order < 0) {
            throw new IllegalArgumentException("bigtalker.order_by: '" + params.orderBy + "' is not bytes, packets or flows");
        }
        long halfLife = positive(Quantities.duration(params.baselineHalfLife).toMillis(), "bigtalker.baseline_half_life");
        this.alpha = 1 - Math.pow(2, -(double) intervalMs / halfLife);
        this.warmup = Math.max(0, params.warmupIntervals);
        if (!(params.factor >= 1)) {
            throw new IllegalArgumentException("bigtalker.factor must be at least 1, was " + params.factor);
        }
        this.factor = params.factor;
        this.minBytes = Math.max(0, params.minBytes);
        this.sustain = (int) positive(params.sustainIntervals, "bigtalker.sustain_intervals");
        this.ring = (int) positive(Math.max(2, params.openIntervals), "bigtalker.open_intervals");
        this.maxHosts = (int) positive(params.maxHosts, "bigtalker.max_hosts");
        this.networks = params.networks == null || params.networks.isEmpty()
                ? home.prefixes().prefixes() : PrefixList.parse("bigtalker.networks", params.networks).prefixes();
        this.networkNames = networks.stream().map(Prefix::toString).toArray(String[]::new);
        this.anyNetwork = PrefixList.parse("bigtalker.networks", List.of(networkNames));
        this.allow = PrefixList.parse("bigtalker.allow", params.allow);
        this.table = new TalkerTable(ring, maxHosts);
        this.slotFlows = new long[ring];
        this.ranking = new TopRanking(networks.size(), top);
    }

    private static long positive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + v);
        }
        return v;
    }

    @Override
    public String name() { return NAME; }

    /** The most recent reports (up to 256), oldest first, for callers without a listener. */
    public List<TopTalkersReport> reports() { return List.copyOf(recent); }

    @Override
    public void accept(FlowBatch batch, int row) {
        if (!enabled) {
            return;
        }
        flows++;
        long first = batch.get(Field.FIRST, row);
        long last = Math.max(first, batch.get(Field.LAST, row));
        int src = slotOf(batch.hi(Field.SRC_ADDR, row), batch.lo(Field.SRC_ADDR, row));
        int dst = slotOf(batch.hi(Field.DST_ADDR, row), batch.lo(Field.DST_ADDR, row));
        if (src < 0 && dst < 0) {
            return;
        }
        if (openFrom == Long.MIN_VALUE) {
            // before the first watermark, leave room for flows that started up to half the ring earlier
            openFrom = Math.floorDiv(first, intervalMs) - ring / 2;
        }
        long bytes = batch.get(Field.BYTES, row);
        long packets = batch.get(Field.PACKETS, row);
        long ringStart = openFrom * intervalMs;
        long ringEnd = (openFrom + ring) * intervalMs;
        if (first < ringStart) {
            lateFlows++;
        }
        long a = Math.max(first, ringStart);
        long b = Math.min(last, ringEnd - 1);
        if (first < ringStart && b >= a) {
            markMissed(src, dst, Math.floorDiv(a, intervalMs), Math.floorDiv(ringStart - 1, intervalMs)
                    - Math.floorDiv(first, intervalMs) + 1);
        }
        if (b < a) { // wholly before or after the open intervals: count it in the nearest one
            if (first >= ringEnd) {
                clampedFlows++;
            }
            add(src, dst, first < ringStart ? openFrom : openFrom + ring - 1, bytes, packets, 1);
            return;
        }
        if (last >= ringEnd) {
            clampedFlows++;
        }
        long ka = Math.floorDiv(a, intervalMs);
        long kb = Math.floorDiv(b, intervalMs);
        if (ka == kb) {
            add(src, dst, ka, bytes, packets, 1);
            return;
        }
        // spread over the intervals in proportion to the time covered; the last one takes the rounding rest
        double span = b - a + 1;
        long restBytes = bytes;
        long restPackets = packets;
        for (long k = ka; k < kb; k++) {
            double share = (Math.min(b, (k + 1) * intervalMs - 1) - Math.max(a, k * intervalMs) + 1) / span;
            long pb = (long) (bytes * share);
            long pp = (long) (packets * share);
            add(src, dst, k, pb, pp, k == ka ? 1 : 0);
            restBytes -= pb;
            restPackets -= pp;
        }
        add(src, dst, kb, restBytes, restPackets, 0);
    }

    /** The table slot of a local host (inserted on first sight), or -1 for others and when the table is full. */
    private int slotOf(long hi, long lo) {
        // the table holds only addresses of the networks: the others (half the addresses of border traffic)
        // are answered by the network list's per-/16 array, without a probe into the table
        if (!anyNetwork.contains(hi, lo)) {
            return -1;
        }
        int s = table.find(hi, lo);
        if (s >= 0) {
            return s;
        }
        s = table.insert(hi, lo, networkOf(hi, lo));
        if (s < 0) {
            untrackedFlows++;
        }
        return s;
    }

    /** The most specific configured network holding the address. */
    private int networkOf(long hi, long lo) {
        int best = -1;
        for (int n = 0; n < networks.size(); n++) {
            Prefix p = networks.get(n);
            if (p.contains(hi, lo) && (best < 0 || p.length() > networks.get(best).length())) {
                best = n;
            }
        }
        return best;
    }

    /** Records that a late flow landing in {@code interval} also ran during {@code missed} finalised intervals. */
    private void markMissed(int src, int dst, long interval, long missed) {
        int r = (int) Math.floorMod(interval, (long) ring);
        if (src >= 0) {
            table.max(src, r, TalkerTable.MISSED, missed);
        }
        if (dst >= 0 && dst != src) {
            table.max(dst, r, TalkerTable.MISSED, missed);
        }
    }

    private void add(int src, int dst, long interval, long bytes, long packets, long flowCount) {
        int r = (int) Math.floorMod(interval, (long) ring);
        if (src >= 0) {
            table.add(src, r, TalkerTable.BYTES_OUT, bytes);
            table.add(src, r, TalkerTable.PACKETS, packets);
            table.add(src, r, TalkerTable.FLOWS, flowCount);
        }
        if (dst >= 0 && dst != src) {
            table.add(dst, r, TalkerTable.BYTES_IN, bytes);
            table.add(dst, r, TalkerTable.PACKETS, packets);
            table.add(dst, r, TalkerTable.FLOWS, flowCount);
        }
        slotFlows[r]++;
        newestWithTraffic = Math.max(newestWithTraffic, interval);
    }

    @Override
    public void advance(long watermark) {
        if (!enabled) {
            return;
        }
        long target = Math.floorDiv(watermark, intervalMs); // intervals below it end at or before the watermark
        if (openFrom == Long.MIN_VALUE) {
            openFrom = target;
            return;
        }
        while (openFrom < target) {
            if (openFrom > newestWithTraffic) {
                openFrom = target; // nothing open has traffic: jump over the gap at once
                break;
            }
            finalise(openFrom);
            openFrom++;
        }
    }

    @Override
    public void finish() {
        if (enabled && openFrom != Long.MIN_VALUE && newestWithTraffic != Long.MIN_VALUE) {
            advance((newestWithTraffic + 1) * intervalMs);
        }
    }

    private void finalise(long k) {
        int r = (int) Math.floorMod(k, (long) ring);
        if (slotFlows[r] == 0) {
            emptyIntervals++;
            return;
        }
        slotFlows[r] = 0;
        double correction = finalised == 0 ? 0 : 1 - Math.pow(1 - alpha, finalised);
        ranking.rank(table, r, order);
        long start = k * intervalMs;
        for (int n = 0; n < networks.size(); n++) {
            List<TopTalkersReport.Row> rows = new ArrayList<>(ranking.count(n));
            for (int j = 0; j < ranking.count(n); j++) {
                int s = ranking.slot(n, j);
                table.topInterval[s] = k;
                long baseline = Math.round(baseline(s, correction));
                rows.add(new TopTalkersReport.Row(j + 1, Addresses.format(table.hi(s), table.lo(s)), table.bytes(s, r),
                        table.get(s, r, TalkerTable.BYTES_IN), table.get(s, r, TalkerTable.BYTES_OUT),
                        table.get(s, r, TalkerTable.PACKETS), table.get(s, r, TalkerTable.FLOWS), baseline));
                judge(s, r, k, j + 1, correction);
            }
            if (!rows.isEmpty()) {
                publish(new TopTalkersReport(start, start + intervalMs, networkNames[n], ORDERS[order], rows));
            }
        }
        List<Integer> gone = new ArrayList<>();
        for (int s = 0; s < table.capacity(); s++) {
            if (!table.used(s)) {
                continue;
            }
            if (table.topInterval[s] != k) {
                table.streak[s] = 0;
            }
            table.ewma[s] += alpha * (table.bytes(s, r) - table.ewma[s]);
            table.clearRingSlot(s, r);
            if (table.ewma[s] < 1 && table.streak[s] == 0 && !table.active(s)) {
                gone.add(s); // forgotten: a baseline under a byte per interval is the same as none
            }
        }
        finalised++;
        removeAll(gone, false);
        if (table.size() > maxHosts - maxHosts / 8) {
            evictQuietest();
        }
    }

    private double baseline(int s, double correction) {
        return correction == 0 ? 0 : table.ewma[s] / correction;
    }

    /** Streak bookkeeping for a host ranked `rank` in interval k, and the alert once the streak is long enough. */
    private void judge(int s, int r, long k, int rank, double correction) {
        long x = table.bytes(s, r);
        double live = baseline(s, correction);
        // A late long flow brought the volume of intervals already judged: those count toward the streak when
        // the volume is big for all of them together (the transfer was sustained, its record came at its end).
        long missed = Math.min(sustain - 1, table.get(s, r, TalkerTable.MISSED));
        while (missed > 0 && x < (missed + 1) * Math.max(minBytes, factor * live)) {
            missed--;
        }
        boolean big = finalised >= warmup && x >= minBytes;
        if (table.streak[s] == 0) {
            if (!big || x < factor * live) {
                return;
            }
            table.streak[s] = (int) missed + 1;
            table.streakBaseline[s] = live;
            table.streakFirst[s] = (k - missed) * intervalMs;
            table.streakBytes[s] = 0;
            table.streakPackets[s] = 0;
            table.streakFlows[s] = 0;
        } else if (big && x >= factor * table.streakBaseline[s] && (table.streak[s] < sustain || x >= factor * live)) {
            table.streak[s] = (int) Math.min(Integer.MAX_VALUE, table.streak[s] + 1 + missed);
        } else {
            table.streak[s] = 0;
            return;
        }
        table.streakBytes[s] += x;
        table.streakPackets[s] += table.get(s, r, TalkerTable.PACKETS);
        table.streakFlows[s] += table.get(s, r, TalkerTable.FLOWS);
        if (table.streak[s] >= sustain && !allow.contains(table.hi(s), table.lo(s))) {
            raise(s, k, x, rank);
        }
    }

    private void raise(int s, long k, long x, int rank) {
        String host = Addresses.format(table.hi(s), table.lo(s));
        long first = table.streakFirst[s];
        long end = (k + 1) * intervalMs;
        long baseline = Math.round(table.streakBaseline[s]);
        int n = table.streak[s];
        String summary = String.format(Locale.ROOT,
                "%s became a big talker in %s: %sB in %d intervals of %s (%sB in the last, rank %d of %d), against a usual %sB per interval.",
                host, networkNames[table.network[s]], Quantities.human(table.streakBytes[s]), n, text(intervalMs),
                Quantities.human(x), rank, top, Quantities.human(baseline));
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("bytes", table.streakBytes[s]);
        counts.put("packets", table.streakPackets[s]);
        counts.put("flows", table.streakFlows[s]);
        counts.put("intervals", (long) n);
        counts.put("bytes_last_interval", x);
        counts.put("rank", (long) rank);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("baseline_bytes", (double) baseline);
        thresholds.put("factor", factor);
        thresholds.put("min_bytes", (double) minBytes);
        thresholds.put("top", (double) top);
        thresholds.put("sustain_intervals", (double) sustain);
        String evidence = "host " + host + " and last >= " + Instant.ofEpochMilli(first) + " and first < " + Instant.ofEpochMilli(end);
        alerts++;
        out.raise(Alert.raised(NAME, NAME + "|" + host + "|" + first, Severity.MEDIUM, first, end - 1, summary, host, null,
                null, List.of(), counts, thresholds, evidence));
    }

    private static String text(long ms) {
        return ms % 60_000 == 0 ? ms / 60_000 + " min" : ms / 1000.0 + " s";
    }

    private void publish(TopTalkersReport report) {
        reports++;
        if (recent.size() == KEPT_REPORTS) {
            recent.removeFirst();
        }
        recent.addLast(report);
        if (listener != null) {
            listener.report(report);
        }
    }

    /** Near the cap: forget the hosts with the smallest baselines that are idle, down to 3/4 of the cap. */
    private void evictQuietest() {
        List<Integer> idle = new ArrayList<>();
        for (int s = 0; s < table.capacity(); s++) {
            if (table.used(s) && table.streak[s] == 0 && !table.active(s)) {
                idle.add(s);
            }
        }
        idle.sort((x, y) -> Double.compare(table.ewma[x], table.ewma[y]));
        int excess = table.size() - maxHosts * 3 / 4;
        removeAll(idle.subList(0, Math.min(excess, idle.size())), true);
    }

    /** Removes hosts by their current slots (re-found by address, since removal shifts entries). */
    private void removeAll(List<Integer> slots, boolean eviction) {
        long[] keys = new long[2 * slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            keys[2 * i] = table.hi(slots.get(i));
            keys[2 * i + 1] = table.lo(slots.get(i));
        }
        for (int i = 0; i < slots.size(); i++) {
            int s = table.find(keys[2 * i], keys[2 * i + 1]);
            if (s >= 0) {
                table.remove(s);
            }
        }
        if (eviction) {
            evicted += slots.size();
        } else {
            expired += slots.size();
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flows", flows);
        c.put("hosts", (long) table.size());
        c.put("late_flows", lateFlows);
        c.put("clamped_flows", clampedFlows);
        c.put("untracked_flows", untrackedFlows);
        c.put("hosts_evicted", evicted);
        c.put("hosts_expired", expired);
        c.put("intervals", finalised);
        c.put("empty_intervals", emptyIntervals);
        c.put("reports", reports);
        c.put("alerts", alerts);
        return c;
    }
}
