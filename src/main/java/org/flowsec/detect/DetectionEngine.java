package org.flowsec.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.flowsec.base.Clock;
import org.flowsec.base.ThreadNiceness;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detectors over a stream of flow batches: every row goes to every detector's {@link Detector#accept}
 * in arrival order, the {@link Watermark} follows the flows, and when it has moved by at least a second of
 * event time the detectors and the {@link AlertPipeline} are advanced. The same engine serves the live
 * collector (as a {@link FlowSink}, usually behind {@link QueuedEngineSink}) and archive runs over the store.
 *
 * <p>With more than one thread ({@link DetectorLanes}) the detectors of one step run side by side, each still
 * over the whole batch in arrival order, and the alerts they raise are held ({@link HeldAlerts}) and handed to
 * the pipeline in detector order after the step: the alerts, their order and ids are those of one thread.
 * Batches smaller than {@link #LANES_MIN_ROWS} run on the calling thread alone, where handing work over
 * would cost more than it saves.
 *
 * <p>A detector that throws is counted and logged at most once a minute; its exception never reaches the
 * caller, so one buggy detector cannot stop collection or the other detectors. One thread calls it.
 */
public final class DetectionEngine implements FlowSink {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);
    /** Detectors are advanced at most once per this much event time. */
    static final long ADVANCE_STEP_MILLIS = 1_000;
    /** Smallest batch whose detectors run on several threads. */
    static final int LANES_MIN_ROWS = 256;

    private final Detector[] detectors;
    private final long[] errors;
    private final RateLimitedLog[] errorLogs;
    private final Watermark watermark;
    private final AlertPipeline pipeline;
    private final HeldAlerts held;
    private final DetectorLanes lanes;
    private final List<List<Alert>> heldBy;
    private final DetectorCosts costs;
    private final long[] shedByDetector;
    private final IntConsumer acceptStep = this::acceptHeld;
    private final IntConsumer advanceStep = this::advanceHeld;
    /** The batch or watermark of the step the lanes are running; published to them by DetectorLanes.run. */
    private FlowBatch stepBatch;
    private long stepWatermark;
    private long advancedTo = Long.MIN_VALUE;
    private long flows;
    private long batches;
    private long advances;
    private long shedFlows;
    private boolean closed;

    /** An engine that runs its detectors on the calling thread. */
    public DetectionEngine(List<Detector> detectors, Watermark watermark, AlertPipeline pipeline, Clock clock) {
        this(detectors, watermark, pipeline, clock, null, 1);
    }

    /**
     * An engine that runs its detectors on {@code threads} threads (the caller's and helpers); the detectors
     * must raise through {@code held}, whose target is {@code pipeline}. One thread is the plain engine.
     */
    public DetectionEngine(List<Detector> detectors, Watermark watermark, AlertPipeline pipeline, Clock clock,
                           HeldAlerts held, int threads) {
        if (threads > 1 && (held == null || held.target() != pipeline)) {
            throw new IllegalArgumentException("detectors on several threads must raise through HeldAlerts of the pipeline");
        }
        this.detectors = detectors.toArray(new Detector[0]);
        this.held = held;
        boolean parallel = threads > 1 && this.detectors.length > 1;
        this.lanes = parallel ? new DetectorLanes(this.detectors.length, Math.min(threads, this.detectors.length),
                "flowsec-detect") : null;
        this.heldBy = new ArrayList<>();
        for (int d = 0; d < this.detectors.length; d++) {
            heldBy.add(new ArrayList<>());
        }
        this.costs = new DetectorCosts(this.detectors.length);
        this.shedByDetector = new long[this.detectors.length];
        this.errors = new long[this.detectors.length];
        this.errorLogs = new RateLimitedLog[this.detectors.length];
        for (int i = 0; i < errorLogs.length; i++) {
            errorLogs[i] = new RateLimitedLog(LOG, clock);
        }
        this.watermark = watermark;
        this.pipeline = pipeline;
    }

    @Override
    public void accept(FlowBatch batch) {
        if (closed) {
            return;
        }
        int n = batch.size();
        observe(batch);
        // detector by detector over the whole batch: each one's tables stay in cache for the batch, and each
        // sees the batch's flows in arrival order as before
        if (lanes != null && n >= LANES_MIN_ROWS) {
            stepBatch = batch;
            lanes.run(acceptStep, costs.mostExpensiveFirst());
            stepBatch = null;
            releaseHeld();
        } else {
            for (int d = 0; d < detectors.length; d++) {
                acceptAll(d, batch);
            }
        }
        accepted(n);
    }

    /**
     * As {@link #accept}, for a detection that is behind: only the cheap detectors ({@link DetectorCosts})
     * see the batch, on the calling thread; the others skip it and count its flows ({@code NAME.shed_flows}).
     */
    public void acceptCheapOnly(FlowBatch batch) {
        if (closed) {
            return;
        }
        int n = batch.size();
        observe(batch);
        boolean[] keep = costs.cheap();
        for (int d = 0; d < detectors.length; d++) {
            if (keep[d]) {
                acceptAll(d, batch);
            } else {
                shedByDetector[d] += n;
            }
        }
        shedFlows += n;
        accepted(n);
    }

    private void observe(FlowBatch batch) {
        int n = batch.size();
        for (int row = 0; row < n; row++) {
            watermark.observe(batch, row);
        }
    }

    private void accepted(int n) {
        flows += n;
        batches++;
        long wm = watermark.update();
        if (wm != Long.MIN_VALUE && (advancedTo == Long.MIN_VALUE || wm - advancedTo >= ADVANCE_STEP_MILLIS)) {
            advance(wm);
        }
    }

    private void acceptAll(int d, FlowBatch batch) {
        Detector detector = detectors[d];
        int n = batch.size();
        long t0 = System.nanoTime();
        for (int row = 0; row < n; row++) {
            try {
                detector.accept(batch, row);
            } catch (RuntimeException e) {
                failed(d, "accept", e);
            }
        }
        costs.record(d, System.nanoTime() - t0, n);
    }

    private void advanceOne(int d, long wm) {
        try {
            detectors[d].advance(wm);
        } catch (RuntimeException e) {
            failed(d, "advance", e);
        }
    }

    /** Detector d's part of an accept step on a lane, its alerts held. */
    private void acceptHeld(int d) {
        held.bind(heldBy.get(d));
        try {
            acceptAll(d, stepBatch);
        } finally {
            held.unbind();
        }
    }

    private void advanceHeld(int d) {
        held.bind(heldBy.get(d));
        try {
            advanceOne(d, stepWatermark);
        } finally {
            held.unbind();
        }
    }

    /** After a step on the lanes: the held alerts to the pipeline, detector by detector, each in raise order. */
    private void releaseHeld() {
        for (int d = 0; d < detectors.length; d++) {
            List<Alert> alerts = heldBy.get(d);
            for (int i = 0; i < alerts.size(); i++) {
                pipeline.raise(alerts.get(i));
            }
            alerts.clear();
        }
    }

    private void advance(long wm) {
        advancedTo = wm;
        advances++;
        if (lanes != null) {
            stepWatermark = wm;
            lanes.run(advanceStep, costs.mostExpensiveFirst());
            releaseHeld();
        } else {
            for (int d = 0; d < detectors.length; d++) {
                advanceOne(d, wm);
            }
        }
        pipeline.advance(wm);
    }

    /** Nothing to make durable: alerts are delivered as they are raised. */
    @Override
    public void flush() {}

    /** End of input: every detector finishes, then the pipeline delivers held updates and closes its sinks. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (lanes != null) {
            lanes.close();
        }
        for (int d = 0; d < detectors.length; d++) {
            try {
                detectors[d].finish();
            } catch (RuntimeException e) {
                failed(d, "finish", e);
            }
        }
        pipeline.close();
    }

    /** Flows ending after {@code limitMillis} do not move the watermark; see {@link Watermark#limitFuture}. */
    public void limitFuture(long limitMillis) { watermark.limitFuture(limitMillis); }

    /**
     * Lowers the priority of the calling thread and of the helper threads (from their next step on) to
     * {@code nice}: for live detection, which must yield the CPU to receiving and storing.
     */
    public void lowerPriority(int nice) {
        ThreadNiceness.lowerCurrent(nice);
        if (lanes != null) {
            lanes.lowerPriority(nice);
        }
    }

    /** Threads the detectors run on, the caller's included. */
    public int threads() { return lanes == null ? 1 : lanes.threads(); }

    /** The current watermark (UTC ms), Long.MIN_VALUE before the first flow. */
    public long watermark() { return watermark.current(); }

    /**
     * Engine, pipeline and detector counters: {@code flows}, {@code late_flows}, {@code watermark},
     * {@code alerts.*}, and per detector {@code NAME.errors} plus {@code NAME.*} from its own counters.
     */
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("flows", flows);
        c.put("batches", batches);
        c.put("late_flows", watermark.lateFlows());
        c.put("untracked_exporter_flows", watermark.untrackedFlows());
        c.put("future_flows", watermark.futureFlows());
        c.put("exporters", (long) watermark.exporters());
        c.put("watermark", watermark.current());
        c.put("advances", advances);
        c.put("shed_flows", shedFlows);
        pipeline.counters().forEach((k, v) -> c.put("alerts." + k, v));
        for (int d = 0; d < detectors.length; d++) {
            String name = detectors[d].name();
            c.put(name + ".errors", errors[d]);
            c.put(name + ".shed_flows", shedByDetector[d]);
            try {
                detectors[d].counters().forEach((k, v) -> c.put(name + "." + k, v));
            } catch (RuntimeException e) {
                failed(d, "counters", e);
            }
        }
        return c;
    }

    /** Exceptions thrown by each detector so far, by name. */
    public Map<String, Long> detectorErrors() {
        Map<String, Long> c = new LinkedHashMap<>();
        for (int d = 0; d < detectors.length; d++) {
            c.put(detectors[d].name(), errors[d]);
        }
        return c;
    }

    private void failed(int d, String call, RuntimeException e) {
        errors[d]++;
        errorLogs[d].error("detector {} failed in {} ({} failures so far); it keeps running", detectors[d].name(),
                call, errors[d], e);
    }
}
