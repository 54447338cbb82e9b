package org.flowsec.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.collect.CollectorStats;
import org.flowsec.collect.ExporterStatsFile;
import org.flowsec.collect.UdpCollector;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;

/**
 * The collector as a whole: UDP listeners → decoder → flow store, with per-exporter statistics written
 * beside the store, and optionally detection beside the store ({@link DetectionService}, on its own thread
 * behind a bounded queue, so it never slows storage). Inert until {@link #start()}; {@link #close()} drains
 * the queues, flushes and seals, then finishes detection.
 */
public final class CollectorService implements AutoCloseable {
    /** Everything the collector is built from. */
    public record Settings(Path storeDir, CollectorConfig collector, StoreConfig store, DecoderConfig decoder,
                           SamplingPolicy sampling) {}

    /**
     * Batches waiting for detection at most: about 1.1 MB each with the default 4096-flow batches, so up to
     * ~70 MB, allocated only while detection is behind; 0.3 s of flows at 1M flows/s. Beyond that detection
     * skips batches and counts their flows. 128 batches skipped less, but when detection fell behind the
     * young collection that copied them paused the collector for 42–78 ms (24–33 ms with 64), close to the
     * 84 ms a 4 MiB socket buffer lasts at 1M flows/s.
     */
    static final int DETECTION_QUEUE_BATCHES = 64;

    private final Settings settings;
    private final Clock clock;
    private final DetectionService detection;
    private FlowStore store;
    private UdpCollector collector;
    private CollectorStats finalStats;

    public CollectorService(Settings settings, Clock clock) {
        this(settings, clock, null);
    }

    /** @param detection detection to run on every stored flow, or null; this service starts and closes it */
    public CollectorService(Settings settings, Clock clock, DetectionService detection) {
        this.settings = settings;
        this.clock = clock;
        this.detection = detection;
    }

    public synchronized void start() throws IOException {
        store = FlowStore.open(settings.storeDir(), settings.store(), clock);
        CollectorConfig config = settings.collector();
        if (config.statsFile() == null) {
            config = config.withStats(ExporterStatsFile.in(settings.storeDir()).path(), config.statsIntervalMillis());
        }
        FlowSink sink = store;
        try {
            if (detection != null) {
                sink = new BesideStore(store, detection.startLive(DETECTION_QUEUE_BATCHES, config.batchRows() + 512));
            }
            collector = new UdpCollector(config, new NetflowDecoder(settings.sampling(), settings.decoder()), sink, clock);
            collector.start();
        } catch (IOException | RuntimeException e) {
            if (detection != null) {
                detection.close();
            }
            store.close();
            throw e;
        }
    }

    public List<InetSocketAddress> localAddresses() {
        return collector.localAddresses();
    }

    /** Live counters; after {@link #close()} the final ones. */
    public synchronized CollectorStats stats() {
        return collector != null ? collector.stats() : finalStats;
    }

    @Override
    public synchronized void close() {
        if (collector != null) {
            collector.close();
            finalStats = collector.stats();
            collector = null;
        }
        if (detection != null) {
            detection.close(); // after the collector: every flow it stored has been queued for detection
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** Detection counters (see DetectionEngine#counters), empty without detection; final after close. */
    public Map<String, Long> detectionCounters() {
        return detection == null ? Map.of() : detection.counters();
    }

    /** Hands every batch to detection (a copy into its queue, never waiting) and to the store. */
    private record BesideStore(FlowSink store, FlowSink detection) implements FlowSink {
        @Override
        public void accept(FlowBatch batch) {
            detection.accept(batch);
            store.accept(batch);
        }

        @Override
        public void flush() { store.flush(); }
    }
}
