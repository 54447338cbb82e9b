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
}
