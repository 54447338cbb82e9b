package org.flowsec.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
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
 * <p>A detector that throws is counted and logged at most once a minute; its exception never reaches the
 * caller, so one buggy detector cannot stop collection or the other detectors. One thread calls it.
 */
public final class DetectionEngine implements FlowSink {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);
    /** Detectors are advanced at most once per this much event time. */
    static final long ADVANCE_STEP_MILLIS = 1_000;

    private final Detector[] detectors;
    private final long[] errors;
    private final RateLimitedLog[] errorLogs;
    private final Watermark watermark;
    private final AlertPipeline pipeline;
    private long advancedTo = Long.MIN_VALUE;
    private long flows;
    private long batches;
    private long advances;
    private boolean closed;

    public DetectionEngine(List<Detector> detectors, Watermark watermark, AlertPipeline pipeline, Clock clock) {
        this.detectors = detectors.toArray(new Detector[0]);
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
        for (int row = 0; row < n; row++) {
            watermark.observe(batch, row);
        }
        // detector by detector over the whole batch: each one's tables stay in cache for the batch, and each
        // sees the batch's flows in arrival order as before
        for (int d = 0; d < detectors.length; d++) {
            Detector detector = detectors[d];
            for (int row = 0; row < n; row++) {
                try {
                    detector.accept(batch, row);
                } catch (RuntimeException e) {
                    failed(d, "accept", e);
                }
            }
        }
        flows += n;
        batches++;
        long wm = watermark.update();
        if (wm != Long.MIN_VALUE && (advancedTo == Long.MIN_VALUE || wm - advancedTo >= ADVANCE_STEP_MILLIS)) {
            advance(wm);
        }
    }

    private void advance(long wm) {
        advancedTo = wm;
        advances++;
        for (int d = 0; d < detectors.length; d++) {
            try {
                detectors[d].advance(wm);
            } catch (RuntimeException e) {
                failed(d, "advance", e);
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
        pipeline.counters().forEach((k, v) -> c.put("alerts." + k, v));
        for (int d = 0; d < detectors.length; d++) {
            String name = detectors[d].name();
            c.put(name + ".errors", errors[d]);
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
