package org.flowsec.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.flowsec.base.Clock;
import org.flowsec.collect.BatchHandOff;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.collect.CollectorStats;
import org.flowsec.collect.DatagramProcessor;
import org.flowsec.collect.ExporterStatsFile;
import org.flowsec.collect.pcap.CaptureReader;
import org.flowsec.collect.pcap.CaptureStats;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;

/**
 * Replays the NetFlow/IPFIX datagrams of capture files through the collector's own datagram path
 * (allowlist, decoder, per-exporter accounting) into a store. Captures are read in the order given, so
 * template captures go before the data captures that need them. Capture time stands in for arrival time.
 */
public final class CaptureIngest {
    /** What one ingest run did. */
    public record Result(long datagrams, long flows, long decodeErrors, long udpDatagrams, List<String> captureNotes) {}

    private CaptureIngest() {}

    public static Result run(List<Path> captures, Path storeDir, StoreConfig storeConfig, DecoderConfig decoderConfig,
                             SamplingPolicy sampling, CollectorConfig collectorConfig, Clock clock) throws IOException {
        NetflowDecoder decoder = new NetflowDecoder(sampling, decoderConfig);
        List<String> notes = new java.util.ArrayList<>();
        long udp = 0;
        CollectorStats stats;
        try (FlowStore store = FlowStore.open(storeDir, storeConfig, clock)) {
            DatagramProcessor processor = new DatagramProcessor(decoder, BatchHandOff.direct(store), collectorConfig);
            for (Path capture : captures) {
                CaptureStats cs = new CaptureReader(capture).read(
                        (ts, hi, lo, srcPort, dstPort, payload) -> processor.process(ts, hi, lo, srcPort, payload));
                udp += cs.udpDatagrams;
                notes.add(capture + ": " + cs);
            }
            processor.flush();
            stats = processor.snapshot(clock.millis());
        }
        ExporterStatsFile file = ExporterStatsFile.in(storeDir);
        CollectorStats previous = file.read().orElse(null);
        file.write(previous == null ? stats : stats.plus(previous));
        return new Result(stats.totals().datagrams(), stats.totals().flows(), stats.totals().decodeErrors(), udp, notes);
    }
}
