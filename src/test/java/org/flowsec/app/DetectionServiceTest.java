package org.flowsec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertLog;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.Detector;
import org.flowsec.detect.PortCountDetector;
import org.flowsec.detect.RecordingSink;
import org.flowsec.detect.TestFlows;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;
import org.flowsec.store.StoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionServiceTest {
    private static final long T0 = 1_764_151_200_000L; // 2025-11-26T10:00:00Z

    @TempDir
    Path tmp;

    /** Telnet to port 23 from one scanner among ordinary web traffic, exported out of start order. */
    static List<FlowBatch> traffic() {
        Random rnd = new Random(7);
        List<FlowBatch> batches = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            TestFlows t = TestFlows.batch();
            for (int i = 0; i < 50; i++) {
                long end = T0 + b * 30_000L + i * 500L;
                long start = end - rnd.nextInt(600_000); // long flows end late: arrival follows the end time
                if (i % 10 == 0) {
                    t.flow("203.0.113.9", "10.0.0." + (b * 5 + i / 10 + 1), 23, start, end);
                } else {
                    t.flow("10.0.1." + (i + 1), "198.51.100.7", 443, start, end);
                }
            }
            batches.add(t.build());
        }
        return batches;
    }

    private static DetectionService.DetectorFactory telnet() {
        return (config, home, out) -> List.<Detector>of(new PortCountDetector(23, 25, out));
    }

    private static DetectionService service(Path store, RecordingSink extra) {
        return new DetectionService(new DetectionService.Settings(new DetectConfig(), store, false, List.of(extra),
                new PrintWriter(new StringWriter())), telnet(), () -> T0 + 86_400_000L);
    }

    @Test
    void theArchiveRunAndTheLiveRunRaiseTheSameAlerts() throws Exception {
        Path storeDir = tmp.resolve("store");
        RecordingSink liveSink = new RecordingSink();
        DetectionService live = service(storeDir, liveSink);
        try (FlowStore store = FlowStore.open(storeDir, StoreConfig.DEFAULTS, () -> T0)) {
            var queued = live.startLive(32, 64);
            for (FlowBatch b : traffic()) {
                store.accept(b);
                queued.accept(b);
            }
        }
        live.close();
        assertThat(live.counters()).containsEntry("live.dropped_flows", 0L).containsEntry("flows", 1000L);

        RecordingSink archiveSink = new RecordingSink();
        DetectionService archive = service(tmp.resolve("other-store"), archiveSink);
        archive.scan(StoreReader.open(storeDir), Long.MIN_VALUE, Long.MAX_VALUE);
        archive.close();

        Alert liveFinal = liveSink.alerts().get(liveSink.alerts().size() - 1);
        Alert archiveFinal = archiveSink.alerts().get(archiveSink.alerts().size() - 1);
        assertThat(liveFinal.counts()).containsEntry("flows", 100L);
        assertThat(archiveFinal).usingRecursiveComparison().isEqualTo(liveFinal);
        assertThat(liveSink.alerts()).extracting(Alert::id).containsOnly(liveFinal.id());
    }

    @Test
    void alertsLandInTheStoresAlertLogWithAnEvidenceFilterThatSelectsTheAttack() throws Exception {
        Path storeDir = tmp.resolve("store");
        RecordingSink printed = new RecordingSink();
        DetectionService s = service(storeDir, printed);
        var engine = s.start();
        traffic().forEach(engine::accept);
        s.close();

        List<Alert> logged = AlertLog.in(storeDir).read(Long.MIN_VALUE, Long.MAX_VALUE, a -> true).alerts();
        assertThat(logged).hasSize(1);
        Alert a = logged.get(0);
        assertThat(a.counts()).containsEntry("flows", 100L);
        var predicate = Filter.parse(a.evidence()).predicate();
        int telnet = 0;
        int selected = 0;
        for (FlowBatch b : traffic()) {
            int[] rows = new int[b.size()];
            selected += predicate.select(b, rows);
            for (int r = 0; r < b.size(); r++) {
                telnet += b.get(org.flowsec.flow.Field.DST_PORT, r) == 23 ? 1 : 0;
            }
        }
        assertThat(selected).isEqualTo(telnet).isEqualTo(100);
    }

    /**
     * An interval detector: counts flows per minute of their end time, finalises a minute when the watermark
     * passes its end and raises when it holds at least {@code threshold} flows. Flows of a minute already
     * finalised are counted as lost for it, as a real interval detector would lose them.
     */
    static final class MinuteCountDetector implements Detector {
        private final java.util.TreeMap<Long, Long> open = new java.util.TreeMap<>();
        private final org.flowsec.detect.AlertEmitter out;
        private long finalisedBefore = Long.MIN_VALUE;
        private long lost;

        MinuteCountDetector(org.flowsec.detect.AlertEmitter out) { this.out = out; }

        @Override public String name() { return "minutes"; }

        @Override public void accept(FlowBatch b, int row) {
            long minute = Math.floorDiv(b.get(org.flowsec.flow.Field.LAST, row), 60_000L) * 60_000L;
            if (minute < finalisedBefore) {
                lost++;
            } else {
                open.merge(minute, 1L, Long::sum);
            }
        }

        @Override public void advance(long watermark) {
            while (!open.isEmpty() && open.firstKey() + 60_000 <= watermark) {
                var e = open.pollFirstEntry();
                finalisedBefore = e.getKey() + 60_000;
                report(e.getKey(), e.getValue());
            }
        }

        @Override public void finish() {
            open.forEach(this::report);
            open.clear();
        }

        private void report(long minute, long flows) {
            if (flows >= 200) {
                out.raise(Alert.raised(name(), "minute " + minute, org.flowsec.detect.Severity.LOW, minute,
                        minute + 59_999, flows + " flows ended in one minute.", null, null, null, List.of(),
                        java.util.Map.of("flows", flows), java.util.Map.of("flows", 200.0),
                        "flow end times"));
            }
        }

        @Override public java.util.Map<String, Long> counters() { return java.util.Map.of("lost", lost); }
    }

    /**
     * 40 minutes of flows arriving in end-time order (jitter up to 5 s), a tenth of them long flows that
     * started up to 30 minutes before they ended; minute 25 has a burst of 300 flows.
     */
    private static List<FlowBatch> outOfOrderTraffic() {
        Random rnd = new Random(11);
        List<long[]> flows = new ArrayList<>(); // {first, last, arrival}
        for (int minute = 0; minute < 40; minute++) {
            int n = minute == 25 ? 300 : 60;
            for (int i = 0; i < n; i++) {
                long last = T0 + minute * 60_000L + rnd.nextInt(60_000);
                long first = rnd.nextInt(10) == 0 ? last - rnd.nextInt(1_800_000) : last - rnd.nextInt(2_000);
                flows.add(new long[] {first, last, last + rnd.nextInt(5_000)});
            }
        }
        flows.sort(java.util.Comparator.comparingLong(f -> f[2]));
        List<FlowBatch> batches = new ArrayList<>();
        TestFlows t = TestFlows.batch();
        int rows = 0;
        for (long[] f : flows) {
            t.flow("10.0.1." + (rows % 200 + 1), "198.51.100.7", 443, f[0], f[1]);
            if (++rows % 100 == 0) {
                batches.add(t.build());
                t = TestFlows.batch();
            }
        }
        batches.add(t.build());
        return batches;
    }

    @Test
    void anIntervalDetectorFinalisesTheSameIntervalsOverTheArchiveAsLiveAlthoughTheStoreSortsSegmentsByStart()
            throws Exception {
        Path storeDir = tmp.resolve("store");
        DetectionService.DetectorFactory minutes = (config, home, out) -> List.<Detector>of(new MinuteCountDetector(out));
        DetectConfig config = new DetectConfig();
        config.lateness = "10s"; // exporters with a 5 s inactive timeout: shorter than the store's segment window
        RecordingSink liveSink = new RecordingSink();
        DetectionService live = new DetectionService(new DetectionService.Settings(config, storeDir, false,
                List.of(liveSink), new PrintWriter(new StringWriter())), minutes, () -> T0);
        long[] arrival = {T0};
        // small blocks: the engine then meets a segment's flows in several batches, as it does in production
        // where a 5-minute segment holds far more than one 32768-row block
        try (FlowStore store = FlowStore.open(storeDir, StoreConfig.DEFAULTS.withBlockRecords(50), () -> arrival[0])) {
            var engine = live.start();
            for (FlowBatch b : outOfOrderTraffic()) {
                for (int r = 0; r < b.size(); r++) {
                    arrival[0] = Math.max(arrival[0], b.get(org.flowsec.flow.Field.LAST, r) + 5_000);
                }
                store.accept(b);
                engine.accept(b);
            }
        }
        live.close();
        assertThat(StoreReader.open(storeDir).segments()).hasSizeGreaterThan(5);

        RecordingSink archiveSink = new RecordingSink();
        DetectionService archive = new DetectionService(new DetectionService.Settings(config, null, false,
                List.of(archiveSink), new PrintWriter(new StringWriter())), minutes, () -> T0);
        archive.scan(StoreReader.open(storeDir), Long.MIN_VALUE, Long.MAX_VALUE);
        archive.close();

        assertThat(live.counters()).containsEntry("minutes.lost", 0L).containsEntry("late_flows", 0L);
        assertThat(archive.counters()).containsEntry("minutes.lost", 0L).containsEntry("late_flows", 0L)
                .containsEntry("flows", 2640L);
        assertThat(liveSink.alerts()).hasSize(1);
        assertThat(liveSink.alerts().get(0).counts()).containsEntry("flows", 300L);
        assertThat(archiveSink.alerts()).usingRecursiveFieldByFieldElementComparator().isEqualTo(liveSink.alerts());
    }

    @Test
    void theArchiveSlackIsTheStoresSegmentWindow() {
        assertThat(DetectionService.archiveSlackMillis(List.of())).isEqualTo(300_000);
        assertThat(DetectionService.archiveSlackMillis(List.of(0L, 60_000L, 60_000L, 180_000L))).isEqualTo(60_000);
    }
}

