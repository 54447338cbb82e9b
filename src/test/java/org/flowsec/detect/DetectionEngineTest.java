package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
    private static final long T0 = 1_764_000_000_000L;
    private static final Clock CLOCK = () -> 1_800_000_000_000L;

    private final RecordingSink sink = new RecordingSink();
    private final AlertPipeline pipeline = new AlertPipeline(AlertPipeline.Settings.DEFAULTS, CLOCK, List.of(sink));

    private DetectionEngine engine(Detector... detectors) {
        return new DetectionEngine(List.of(detectors), new Watermark(0, 300_000), pipeline, CLOCK);
    }

    @Test
    void everyFlowReachesEveryDetectorAndTheDecidingFlowRaisesTheAlert() {
        PortCountDetector telnet = new PortCountDetector(23, 3, pipeline);
        PortCountDetector ssh = new PortCountDetector(22, 2, pipeline);
        DetectionEngine engine = engine(telnet, ssh);
        engine.accept(TestFlows.batch()
                .flow("203.0.113.9", "10.0.0.1", 23, T0, T0 + 100)
                .flow("203.0.113.9", "10.0.0.2", 22, T0, T0 + 100)
                .flow("203.0.113.9", "10.0.0.3", 23, T0 + 50, T0 + 200).build());
        assertThat(sink.deliveries).isEmpty();
        engine.accept(TestFlows.batch().flow("203.0.113.9", "10.0.0.4", 23, T0 + 60, T0 + 300).build());

        assertThat(telnet.count).isEqualTo(3);
        assertThat(ssh.count).isEqualTo(1);
        assertThat(sink.deliveries).hasSize(1);
        Alert a = sink.deliveries.get(0).alert();
        assertThat(a.id()).startsWith("port23-");
        assertThat(a.ports()).containsExactly(23);
        assertThat(a.counts()).containsEntry("flows", 3L);
        assertThat(a.first()).isEqualTo(T0);
        assertThat(a.last()).isEqualTo(T0 + 300);
        assertThat(a.detectedAt()).isEqualTo(CLOCK.millis());
        assertThat(engine.counters()).containsEntry("flows", 4L).containsEntry("port23.flows_counted", 3L);
    }

    @Test
    void detectorsAdvanceWhenTheWatermarkMovesAtMostOncePerSecondOfEventTime() {
        PortCountDetector d = new PortCountDetector(80, 1000, pipeline);
        DetectionEngine engine = engine(d);
        engine.accept(TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0).build());
        engine.accept(TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 400).build());
        engine.accept(TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 999).build());
        engine.accept(TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 1000).build());
        engine.accept(TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 500).build()); // late
        engine.accept(TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 5000).build());
        assertThat(d.advances).containsExactly(T0, T0 + 1000, T0 + 5000);
        assertThat(d.count).as("the late flow still counts").isEqualTo(6);
        assertThat(engine.counters()).containsEntry("late_flows", 1L).containsEntry("watermark", T0 + 5000);
    }

    @Test
    void aDetectorThatThrowsIsCountedAndTheOthersKeepDetecting() {
        Detector broken = new Detector() {
            @Override public String name() { return "broken"; }
            @Override public void accept(FlowBatch batch, int row) { throw new IllegalStateException("bug"); }
            @Override public void advance(long watermark) { throw new IllegalStateException("bug"); }
            @Override public void finish() { throw new IllegalStateException("bug"); }
            @Override public Map<String, Long> counters() { return Map.of(); }
        };
        PortCountDetector d = new PortCountDetector(445, 2, pipeline);
        DetectionEngine engine = engine(broken, d);
        engine.accept(TestFlows.batch()
                .flow("203.0.113.7", "10.0.0.1", 445, T0, T0)
                .flow("203.0.113.7", "10.0.0.2", 445, T0, T0).build());
        engine.close();
        assertThat(d.count).isEqualTo(2);
        assertThat(d.finished).isTrue();
        assertThat(sink.alerts()).extracting(Alert::detector).containsExactly("port445");
        assertThat(engine.detectorErrors()).containsEntry("broken", 4L); // 2 accepts, 1 advance, 1 finish
        assertThat(engine.counters()).containsEntry("broken.errors", 4L);
    }

    @Test
    void closeFinishesEveryDetectorThenDeliversTheLastUpdateAndClosesTheSinks() {
        PortCountDetector d = new PortCountDetector(23, 1, pipeline);
        DetectionEngine engine = engine(d);
        engine.accept(TestFlows.batch()
                .flow("203.0.113.9", "10.0.0.1", 23, T0, T0)
                .flow("203.0.113.9", "10.0.0.2", 23, T0, T0 + 10)
                .flow("203.0.113.9", "10.0.0.3", 23, T0, T0 + 20).build());
        assertThat(sink.deliveries).hasSize(1);
        engine.close();
        assertThat(d.finished).isTrue();
        assertThat(sink.closed).isTrue();
        assertThat(sink.deliveries).hasSize(2);
        assertThat(sink.deliveries.get(1).update()).isTrue();
        assertThat(sink.deliveries.get(1).alert().counts()).containsEntry("flows", 3L);
        assertThat(sink.deliveries.get(1).alert().id()).isEqualTo(sink.deliveries.get(0).alert().id());
        engine.accept(TestFlows.batch().flow("203.0.113.9", "10.0.0.4", 23, T0, T0 + 30).build());
        assertThat(d.count).as("nothing after close").isEqualTo(3);
    }
}
