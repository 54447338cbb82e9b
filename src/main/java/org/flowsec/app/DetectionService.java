package org.flowsec.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.AlertLog;
import org.flowsec.detect.AlertPipeline;
import org.flowsec.detect.AlertSink;
import org.flowsec.detect.AlertSinks;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.DetectionEngine;
import org.flowsec.detect.HeldAlerts;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.QueuedEngineSink;
import org.flowsec.detect.Watermark;
import org.flowsec.store.ScanHints;
import org.flowsec.store.ScanStats;
import org.flowsec.store.SegmentInfo;
import org.flowsec.store.StoreReader;

/**
 * Detection as a whole: sinks (the store's {@link AlertLog}, the configured ones, any extra) → pipeline →
 * detectors → engine, built in that order at {@link #start()}. The same service runs live beside the store
 * ({@link #startLive}) and over archived flows ({@link #scan}). Inert until started; {@link #close()}
 * finishes the detectors, delivers the last updates and closes every sink.
 */
public final class DetectionService implements AutoCloseable {
    /** Builds the detectors; {@link Detectors#create} in production, small real detectors in tests. */
    @FunctionalInterface
    public interface DetectorFactory {
        List<Detector> create(DetectConfig config, HomeNetworks home, AlertEmitter out);
    }

    /**
     * @param config          the detection config (already checked)
     * @param storeDir        store whose alert log receives every alert; null for none
     * @param configuredSinks whether the config's {@code alerts:} sinks are used
     * @param extraSinks      further sinks (a command's printer)
     * @param stdout          where {@code alerts: {stdout: true}} prints
     */
    public record Settings(DetectConfig config, Path storeDir, boolean configuredSinks, List<AlertSink> extraSinks,
                           PrintWriter stdout) {}

    static final long DEFAULT_SEGMENT_WINDOW_MILLIS = 300_000;

    private final Settings settings;
    private final DetectorFactory factory;
    private final Clock clock;
    private DetectionEngine engine;
    private QueuedEngineSink live;
    private boolean closed;

    public DetectionService(Settings settings, DetectorFactory factory, Clock clock) {
        this.settings = settings;
        this.factory = factory;
        this.clock = clock;
    }

    /** Builds everything and returns the engine to feed; IllegalArgumentException for an unusable config. */
    public synchronized DetectionEngine start() {
        return build(0);
    }

    private DetectionEngine build(long extraLatenessMillis) {
        if (engine != null) {
            return engine;
        }
        DetectConfig c = settings.config();
        List<AlertSink> sinks = new ArrayList<>();
        if (settings.storeDir() != null) {
            sinks.add(AlertLog.in(settings.storeDir()));
        }
        if (settings.configuredSinks()) {
            sinks.addAll(AlertSinks.create(c.alerts, settings.stdout(), clock));
        }
        sinks.addAll(settings.extraSinks());
        AlertPipeline pipeline = new AlertPipeline(c.pipelineSettings(), clock, sinks);
        HeldAlerts held = new HeldAlerts(pipeline);
        List<Detector> detectors = factory.create(c, HomeNetworks.of(c.home), held);
        engine = new DetectionEngine(detectors,
                new Watermark(c.latenessMillis() + extraLatenessMillis, c.idleExporterMillis()), pipeline, clock,
                held, c.threads());
        return engine;
    }

    /** Starts the engine on its own thread behind a bounded queue of copied batches, for the live collector. */
    public synchronized QueuedEngineSink startLive(int queueBatches, int batchRows) {
        live = new QueuedEngineSink(start(), queueBatches, batchRows, clock).start();
        return live;
    }

    /**
     * Runs every stored flow overlapping [from, to) through the engine, in the store's order. That order is not
     * arrival order: a sealed segment holds one arrival window (5 minutes by default) sorted by flow start, so
     * a long flow that ended at the window's end can come first. The watermark therefore stays one segment
     * window further behind than live ({@link #archiveSlackMillis}); then no stored flow is late that was not
     * late live, and interval detectors finalise the same intervals with the same flows.
     */
    public ScanStats scan(StoreReader reader, long fromMillis, long toMillis) throws IOException {
        DetectionEngine e;
        synchronized (this) {
            e = build(archiveSlackMillis(reader.segments().stream().map(SegmentInfo::windowStartMillis).toList()));
        }
        return reader.scan(fromMillis, toMillis, ScanHints.NONE, batch -> {
            e.accept(batch);
            return true;
        });
    }

    /**
     * The store's segment window (rotation): the smallest gap between consecutive segment window starts, 5
     * minutes (the default rotation) when the store has fewer than two windows, at most a day.
     */
    static long archiveSlackMillis(List<Long> windowStarts) {
        long min = Long.MAX_VALUE;
        List<Long> sorted = windowStarts.stream().distinct().sorted().toList();
        for (int i = 1; i < sorted.size(); i++) {
            min = Math.min(min, sorted.get(i) - sorted.get(i - 1));
        }
        return min == Long.MAX_VALUE ? DEFAULT_SEGMENT_WINDOW_MILLIS : Math.min(min, 86_400_000L);
    }

    /** Engine counters, plus {@code live.dropped_flows} when running live; read them after close for final values. */
    public synchronized Map<String, Long> counters() {
        Map<String, Long> c = engine == null ? new java.util.LinkedHashMap<>() : engine.counters();
        if (live != null) {
            c.put("live.queued_flows", live.queuedFlows());
            c.put("live.dropped_flows", live.droppedFlows());
        }
        return c;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (live != null) {
            live.close(); // drains the queue, then closes the engine
        } else if (engine != null) {
            engine.close();
        }
    }
}
