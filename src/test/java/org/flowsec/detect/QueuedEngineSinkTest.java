package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flowsec.base.Clock;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class QueuedEngineSinkTest {
    private static final long T0 = 1_764_000_000_000L;

    private final RecordingSink sink = new RecordingSink();
    private final AlertPipeline pipeline = new AlertPipeline(AlertPipeline.Settings.DEFAULTS, Clock.SYSTEM, List.of(sink));

    @Test
    void everyQueuedBatchReachesTheDetectorsBeforeCloseFinishesThem() {
        PortCountDetector d = new PortCountDetector(23, 100, pipeline);
        DetectionEngine engine = new DetectionEngine(List.of(d), new Watermark(0, 300_000), pipeline, Clock.SYSTEM);
        QueuedEngineSink q = new QueuedEngineSink(engine, 1000, 64, () -> T0).start();
        FlowBatch b = TestFlows.batch().flow("203.0.113.9", "10.0.0.1", 23, T0, T0)
                .flow("203.0.113.9", "10.0.0.2", 23, T0, T0).build();
        for (int i = 0; i < 60; i++) {
            b.set(org.flowsec.flow.Field.DST_PORT, 0, 23);
            q.accept(b);
            b.set(org.flowsec.flow.Field.DST_PORT, 0, 80); // the caller reuses its batch at once: the sink copied it
        }
        q.close();
        assertThat(d.count).isEqualTo(120);
        assertThat(d.finished).isTrue();
        assertThat(q.queuedFlows()).isEqualTo(120);
        assertThat(q.droppedFlows()).isZero();
        assertThat(sink.alerts()).extracting(a -> a.counts().get("flows")).containsExactly(100L, 120L);
    }

    @Test
    void aStalledEngineNeverBlocksTheCallerAndItsDropsAreCounted() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Detector slow = new Blocking("slow", inside, release);
        DetectionEngine engine = new DetectionEngine(List.of(slow), new Watermark(0, 300_000), pipeline, Clock.SYSTEM);
        QueuedEngineSink q = new QueuedEngineSink(engine, 2, 64, () -> T0).start();
        FlowBatch b = TestFlows.batch().flow("203.0.113.9", "10.0.0.1", 23, T0, T0).build();
        q.accept(b);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            q.accept(b); // returns at once: of the pool of two, one batch is in the engine and one waits; the rest are skipped
        }
        assertThat(q.droppedBatches()).isEqualTo(9);
        assertThat(q.droppedFlows()).isEqualTo(9);
        release.countDown();
        q.close();
        assertThat(engine.counters()).containsEntry("flows", 2L).containsEntry("slow.seen", 2L);
    }

    @Test
    void aFlowFromAnExporterWhoseClockRunsAheadReachesTheDetectorsButDoesNotMoveTheWatermark() {
        PortCountDetector d = new PortCountDetector(23, 1000, pipeline);
        DetectionEngine engine = new DetectionEngine(List.of(d), new Watermark(0, 300_000), pipeline, Clock.SYSTEM);
        QueuedEngineSink q = new QueuedEngineSink(engine, 4, 64, () -> T0 + 60_000).start();
        q.accept(TestFlows.batch().flow("203.0.113.9", "10.0.0.1", 23, T0, T0 + 30_000).build());
        q.accept(TestFlows.batch().from("192.0.2.99", 0) // a year ahead
                .flow("203.0.113.9", "10.0.0.2", 23, T0 + 365L * 86_400_000, T0 + 365L * 86_400_000).build());
        q.accept(TestFlows.batch().flow("203.0.113.9", "10.0.0.3", 23, T0 + 40_000, T0 + 50_000).build());
        q.close();
        assertThat(d.count).isEqualTo(3);
        assertThat(d.advances).containsExactly(T0 + 30_000, T0 + 50_000);
        assertThat(engine.counters()).containsEntry("future_flows", 1L).containsEntry("late_flows", 0L);
    }

    @Test
    void liveDetectionThreadsRunAtALowerPrioritySoStoringGetsTheCpuFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self")),
                "Linux only");
        HeldAlerts held = new HeldAlerts(pipeline);
        Map<String, Integer> nice = new java.util.concurrent.ConcurrentHashMap<>();
        Detector probe = new Detector() {
            @Override public String name() { return "probe"; }
            @Override public void accept(FlowBatch batch, int row) {
                nice.put(Thread.currentThread().getName(), org.flowsec.base.ThreadNiceness.current());
            }
            @Override public void advance(long watermark) {}
            @Override public Map<String, Long> counters() { return Map.of(); }
        };
        PortCountDetector other = new PortCountDetector(23, 100, held);
        DetectionEngine engine = new DetectionEngine(List.of(probe, other), new Watermark(0, 300_000), pipeline,
                Clock.SYSTEM, held, 2);
        QueuedEngineSink q = new QueuedEngineSink(engine, 8, 512, () -> T0).start();
        TestFlows t = TestFlows.batch();
        for (int i = 0; i < DetectionEngine.LANES_MIN_ROWS; i++) {
            t.flow("203.0.113.9", "10.0.0.1", 23, T0, T0);
        }
        FlowBatch b = t.build();
        for (int i = 0; i < 50; i++) {
            q.accept(b);
        }
        q.close();
        assertThat(nice).isNotEmpty();
        assertThat(nice.values()).containsOnly(QueuedEngineSink.NICE);
        assertThat(org.flowsec.base.ThreadNiceness.current()).as("the caller's own priority").isZero();
    }

    @Test
    void whenTheQueueIsNearlyFullTheCheapDetectorsStillSeeEveryFlowAndTheCostlyOnesSkip() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Blocking costly = new Blocking("costly", inside, release);
        PortCountDetector cheap = new PortCountDetector(23, 1000, pipeline);
        DetectionEngine engine = new DetectionEngine(List.of(costly, cheap), new Watermark(0, 300_000), pipeline,
                Clock.SYSTEM);
        QueuedEngineSink q = new QueuedEngineSink(engine, 16, 64, () -> T0).start();
        FlowBatch b = TestFlows.batch().flow("203.0.113.9", "10.0.0.1", 23, T0, T0).build();
        q.accept(b);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue(); // the first batch is measured: costly is slow
        for (int i = 0; i < 15; i++) {
            q.accept(b); // fifteen wait; the engine takes them with 14, 13, ... 0 still waiting behind
        }
        release.countDown();
        q.close();
        assertThat(q.droppedFlows()).isZero();
        assertThat(cheap.count).as("the cheap detector saw every flow").isEqualTo(16);
        assertThat(costly.seen).as("the costly one skipped the batch taken with 7/8 of the queue (14) waiting")
                .isEqualTo(15);
        assertThat(engine.counters()).containsEntry("shed_flows", 1L).containsEntry("costly.shed_flows", 1L)
                .containsEntry("port23.shed_flows", 0L).containsEntry("flows", 16L);
    }

    /** Counts its flows; the first one signals {@code inside}, and every one waits for {@code release}. */
    private static final class Blocking implements Detector {
        private final String name;
        private final CountDownLatch inside;
        private final CountDownLatch release;
        long seen;

        Blocking(String name, CountDownLatch inside, CountDownLatch release) {
            this.name = name;
            this.inside = inside;
            this.release = release;
        }

        @Override public String name() { return name; }

        @Override public void accept(FlowBatch batch, int row) {
            seen++;
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override public void advance(long watermark) {}

        @Override public Map<String, Long> counters() { return Map.of("seen", seen); }
    }
}
