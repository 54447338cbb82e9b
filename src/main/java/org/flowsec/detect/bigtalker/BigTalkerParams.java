package org.flowsec.detect.bigtalker;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.DetectorParams;

/**
 * The {@code bigtalker:} section of the detection config (docs/detectors.md (section bigtalker)). Every interval the
 * detector ranks the hosts of each local network (FlowScan's TopN report) and alerts when a host that was
 * quiet against its own baseline stays among the top talkers for several intervals.
 */
public final class BigTalkerParams extends DetectorParams {
    /**
     * The networks to rank hosts in, each ranked on its own. Empty (default) means every {@code home} prefix
     * is one network. A host outside all of them is not tracked.
     */
    public List<String> networks = new ArrayList<>();

    /** Length of one ranking interval, e.g. {@code 5m} (default; FlowScan's 5-minute TopN files). */
    public String interval = "5m";

    /** How many hosts each network's report lists and the rank a talker must reach: 10 (FlowScan's TopN default). */
    public int top = 10;

    /** What ranks hosts: {@code bytes} (default), {@code packets} or {@code flows}, sent and received together. */
    public String orderBy = "bytes";

    /**
     * Half-life of the per-host baseline (an exponentially weighted mean of bytes per interval), default
     * {@code 1d}: a new level becomes "normal" after a few hours and most of a day's history is remembered
     * (detection.md section 5.3 suggests a slow decay).
     */
    public String baselineHalfLife = "1d";

    /**
     * Intervals with traffic the detector must have seen before it alerts at all (its own warm-up), default
     * 12 (one hour of 5-minute intervals). Until then every host counts as "no history yet", not as quiet.
     */
    public int warmupIntervals = 12;

    /**
     * How many times its baseline a host's bytes in an interval must be to count as a jump, default 20
     * (detection.md 5.3: a baseline below a few percent of the current value).
     */
    public double factor = 20.0;

    /**
     * Absolute floor in bytes per interval (sent plus received) below which a host is never a big talker,
     * default 100 MB (about 2.7 Mbit/s over 5 minutes), so small hosts waking up do not alert.
     */
    public long minBytes = 100_000_000L;

    /**
     * Consecutive intervals a host must be a jumped top talker before the alert, default 3 (15 minutes):
     * one large download fits in an interval or two, a host that has turned into a talker stays one.
     */
    public int sustainIntervals = 3;

    /**
     * Intervals kept open at once, default 16 (80 minutes of 5-minute intervals): must cover the watermark's
     * lateness (flows cut by a 30-minute active timeout) plus the newest flows. Flows older than the oldest
     * open interval count in it (and as late); parts newer than the newest open interval count in that one.
     */
    public int openIntervals = 16;

    /** Most local hosts tracked, default 65536 (a /16); beyond it new hosts are not tracked and are counted. */
    public int maxHosts = 65_536;
}
