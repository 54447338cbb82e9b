package org.flowsec.detect;

import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The event-time watermark: a time (UTC ms) before which few more flows are expected, so interval detectors
 * may finalise what ends before it and evict what expired.
 *
 * <p>Per exporter (exporter address and observation domain) it keeps the largest flow end time ({@code LAST})
 * seen. The watermark is the smallest of those over exporters that are not idle, minus {@code lateness}.
 * Why the end time: an exporter sends a record when the flow ends, goes idle (inactive timeout, 15-60 s) or
 * hits the active timeout (30 min by default on Cisco, Juniper, FortiGate). In all three cases the record's
 * end is close to its export time, so end times arrive almost in order, off by the inactive timeout plus
 * the export delay; start times of long flows arrive up to the active timeout late (detection.md section
 * 8). Keying on the start would have to hold the watermark back 31 minutes with default timeouts; keying on
 * the end needs only the inactive timeout plus slack, hence the default lateness of 2 minutes. A long flow's
 * early start still reaches the detectors (every flow does, late or not); only finalisation waits.
 *
 * <p>An exporter whose newest end time lags the newest exporter's by more than {@code idleExporter} no longer
 * holds the watermark back (Flink's {@code withIdleness}), so one silent router cannot stop detection; when it
 * sends again it counts again, but the watermark never goes backwards. Flows that end before the watermark
 * are counted as late (they still reach the detectors).
 *
 * <p>Live, a flow that ends after the wall clock plus a tolerance ({@link #limitFuture}) comes from an
 * exporter with a wrong clock: it reaches the detectors unchanged but does not move the watermark (one such
 * flow would otherwise make every other exporter look idle and finalise everything at once); it is counted.
 *
 * <p>Bounded: at most {@link #MAX_EXPORTERS} exporters are tracked; flows of further exporters still move
 * the newest time but are counted as untracked. No allocation per flow.
 */
public final class Watermark {
    public static final int MAX_EXPORTERS = 4096;
    private static final int SLOTS = MAX_EXPORTERS * 2; // open addressing, load factor at most 1/2

    private final long lateness;
    private final long idleExporter;
    private final long[] keyHi = new long[SLOTS];
    private final long[] keyLo = new long[SLOTS];
    private final long[] keyDomain = new long[SLOTS];
    private final long[] maxLast = new long[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private final int[] usedSlots = new int[MAX_EXPORTERS];
    private int exporters;
    private int lastSlot = -1;
    private long newest = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long lateFlows;
    private long untrackedFlows;
    private long futureFlows;
    private long futureLimit = Long.MAX_VALUE;

    /** @param latenessMillis how far behind the slowest active exporter the watermark stays (ms, at least 0)
     *  @param idleExporterMillis event-time lag after which an exporter stops holding the watermark back */
    public Watermark(long latenessMillis, long idleExporterMillis) {
        if (latenessMillis < 0 || idleExporterMillis <= 0) {
            throw new IllegalArgumentException("lateness must be >= 0 and idle_exporter > 0");
        }
        this.lateness = latenessMillis;
        this.idleExporter = idleExporterMillis;
    }

    /** Takes one flow into account; returns true when it ended before the current watermark (a late flow). */
    public boolean observe(FlowBatch batch, int row) {
        long last = batch.get(Field.LAST, row);
        boolean late = last < watermark;
        if (late) {
            lateFlows++;
        }
        if (last > futureLimit) {
            futureFlows++;
            return late;
        }
        if (last > newest) {
            newest = last;
        }
        int slot = slot(batch.hi(Field.EXPORTER, row), batch.lo(Field.EXPORTER, row), batch.get(Field.DOMAIN, row));
        if (slot < 0) {
            untrackedFlows++;
        } else if (last > maxLast[slot]) {
            maxLast[slot] = last;
        }
        return late;
    }

    /**
     * Recomputes the watermark from the exporters' end times (O(exporters); call once per batch, not per
     * flow) and returns it. Long.MIN_VALUE until the first flow.
     */
    public long update() {
        if (exporters == 0) {
            return watermark;
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < exporters; i++) {
            long m = maxLast[usedSlots[i]];
            if (newest - m <= idleExporter && m < min) {
                min = m;
            }
        }
        long candidate = min == Long.MAX_VALUE ? newest - lateness : min - lateness;
        if (candidate > watermark) {
            watermark = candidate;
        }
        return watermark;
    }

    public long current() { return watermark; }

    /**
     * Flows ending after {@code limitMillis} no longer move the watermark (until the next call). The live engine
     * sets wall clock + tolerance before each batch; archive runs leave it unlimited.
     */
    public void limitFuture(long limitMillis) { this.futureLimit = limitMillis; }

    /** Flows that ended beyond the future limit (exporter clock ahead). */
    public long futureFlows() { return futureFlows; }

    /** Flows whose end was before the watermark when they arrived. */
    public long lateFlows() { return lateFlows; }

    /** Flows of exporters beyond {@link #MAX_EXPORTERS}. */
    public long untrackedFlows() { return untrackedFlows; }

    public int exporters() { return exporters; }

    private int slot(long hi, long lo, long domain) {
        int s = lastSlot; // consecutive flows nearly always come from the same exporter
        if (s >= 0 && keyHi[s] == hi && keyLo[s] == lo && keyDomain[s] == domain) {
            return s;
        }
        long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ (domain * 0x165667B19E3779F9L);
        s = (int) (h ^ (h >>> 29)) & (SLOTS - 1);
        while (used[s]) {
            if (keyHi[s] == hi && keyLo[s] == lo && keyDomain[s] == domain) {
                lastSlot = s;
                return s;
            }
            s = (s + 1) & (SLOTS - 1);
        }
        if (exporters == MAX_EXPORTERS) {
            return -1;
        }
        used[s] = true;
        keyHi[s] = hi;
        keyLo[s] = lo;
        keyDomain[s] = domain;
        maxLast[s] = Long.MIN_VALUE;
        usedSlots[exporters++] = s;
        lastSlot = s;
        return s;
    }
}
