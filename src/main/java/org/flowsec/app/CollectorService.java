package org.flowsec.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.collect.CollectorStats;
import org.flowsec.collect.ExporterStatsFile;
import org.flowsec.collect.UdpCollector;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;

/**
 * The collector as a whole: UDP listeners → decoder → flow store, with per-exporter statistics written
 * beside the store. Inert until {@link #start()}; {@link #close()} drains the queues, flushes and seals.
 */
public final class CollectorService implements AutoCloseable {
    /** Everything the collector is built from. */
    public record Settings(Path storeDir, CollectorConfig collector, StoreConfig store, DecoderConfig decoder,
                           SamplingPolicy sampling) {}

    private final Settings settings;
    private final Clock clock;
    private FlowStore store;
    private UdpCollector collector;
    private CollectorStats finalStats;

    public CollectorService(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() throws IOException {
        store = FlowStore.open(settings.storeDir(), settings.store(), clock);
        CollectorConfig config = settings.collector();
        if (config.statsFile() == null) {
            config = config.withStats(ExporterStatsFile.in(settings.storeDir()).path(), config.statsIntervalMillis());
        }
        collector = new UdpCollector(config, new NetflowDecoder(settings.sampling(), settings.decoder()), store, clock);
        try {
            collector.start();
        } catch (IOException | RuntimeException e) {
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
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
