package org.flowsec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowsec.detect.AlertSink;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.DetectionEngine;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.scenario.ExportBatch;
import org.flowsec.generate.scenario.ScenarioKind;
import org.flowsec.generate.scenario.ScenarioRun;
import org.flowsec.generate.scenario.ScenarioSpec;
import org.junit.jupiter.api.Test;

/**
 * The seven detectors as {@code collect --detect} builds them, on one, two and three threads, over every attack
 * scenario mixed into background traffic, in batches as big as the collector's: the sinks must get the same
 * alert versions (new and updates, every field) in the same order.
 */
class DetectionThreadsTest {
    private static final long START = 1_780_000_000_000L;

    @Test
    void moreThreadsDeliverExactlyTheAlertsOfOneThreadInTheSameOrder() {
        List<String> one = deliveries(1);
        assertThat(one).hasSizeGreaterThan(20);
        assertThat(one.stream().map(s -> s.substring(s.indexOf("detector=") + 9, s.indexOf(',', s.indexOf("detector="))))
                .distinct().count()).as("detectors that raised").isGreaterThanOrEqualTo(5);
        assertThat(deliveries(2)).containsExactlyElementsOf(one);
        assertThat(deliveries(3)).containsExactlyElementsOf(one);
    }

    private static List<String> deliveries(int threads) {
        DetectConfig config = new DetectConfig();
        config.threads = threads;
        List<String> out = new ArrayList<>();
        AlertSink sink = (alert, update) -> out.add((update ? "update " : "new ") + alert);
        DetectionService service = new DetectionService(new DetectionService.Settings(config, null, false,
                List.of(sink), new PrintWriter(new StringWriter())), Detectors::create, () -> START);
        DetectionEngine engine = service.start();
        assertThat(engine.threads()).isEqualTo(threads);
        ScenarioSpec spec = ScenarioSpec.of(Arrays.asList(ScenarioKind.values()), START).withTotalFlows(400_000);
        ScenarioRun run = ScenarioRun.start(spec, 5);
        ExportBatch batch = new ExportBatch(4096);
        FlowBatch flows = new FlowBatch(4096);
        while (run.hasNext()) {
            batch.clear();
            if (run.next(batch, 4096) == 0) {
                break;
            }
            flows.clear();
            flows.appendAll(batch.flows());
            engine.accept(flows);
        }
        service.close();
        return out;
    }
}
