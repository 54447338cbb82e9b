package org.flowsec.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.flowsec.app.CollectorService;
import org.flowsec.app.SamplingRates;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.ScanHints;
import org.flowsec.store.StoreConfig;
import org.flowsec.store.StoreReader;

/** flowsec's whole collector (listener, decoder, store) on an ephemeral loopback port, for interop tests. */
public final class LoopbackCollector implements AutoCloseable {
    private final CollectorService service;
    private final Path store;

    public LoopbackCollector(Path store) throws IOException {
        this(store, List.of());
    }

    /** A collector that also repeats every datagram to the given HOST:PORT targets (--forward). */
    LoopbackCollector(Path store, List<String> forward) throws IOException {
        this.store = store;
        this.service = new CollectorService(new CollectorService.Settings(store,
                CollectorConfig.defaults().withListen(List.of("127.0.0.1:0")).withForward(forward), StoreConfig.DEFAULTS,
                DecoderConfig.DEFAULT, new SamplingRates(1, Map.of())), Clock.SYSTEM);
        service.start();
    }

    public int port() {
        return service.localAddresses().get(0).getPort();
    }

    /** Waits (at most 10 s) until the collector has decoded at least {@code flows} flows. */
    public void awaitFlows(long flows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.stats().totals().flows() < flows && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Stops the collector (draining and sealing) and reads every stored flow through the given key. */
    public List<String> stopAndRead(BiFunction<FlowBatch, Integer, String> key) throws IOException {
        close();
        List<String> keys = new ArrayList<>();
        StoreReader.open(store).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> {
            for (int r = 0; r < b.size(); r++) {
                keys.add(key.apply(b, r));
            }
            return true;
        });
        return keys;
    }

    @Override
    public void close() {
        service.close();
    }
}
