package org.flowsec.detect.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zero false alerts on 1.2 million flows of realistic background (two seeds): a border router's flows from {@link RealisticFlowModel}
 * (12 000 clients, 16 busy servers with Zipf-distributed load, elephants, scanners, DNS, NTP), in export
 * order, with the watermark a collector would give (newest start minus active + inactive timeout + slack).
 */
class FloodBackgroundTest {
    /** The model's 120 s active and 15 s inactive timeouts, plus 5 s of slack. */
    private static final long LATENESS_MS = 140_000;

    @ParameterizedTest(name = "seed {0}: {1} flows at {2} flows/s")
    @CsvSource({
        "1, 700000, 700",     // 17 minutes: baselines warm up and are tested for 12 minutes
        "2, 500000, 25000",   // 20 s at 25 000 flows/s: the busiest hosts at ten times the load
    })
    void realisticBackgroundRaisesNoFloodAlert(long seed, int count, double flowsPerSecond) {
        List<Alert> alerts = new ArrayList<>();
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        RealisticFlowModel model = new RealisticFlowModel(seed, TestFlows.T0, flowsPerSecond, 0.1);
        FlowBatch batch = new FlowBatch(10_000);
        long maxStart = Long.MIN_VALUE;
        for (int done = 0; done < count; done += batch.size()) {
            batch.clear();
            model.fill(batch, Math.min(10_000, count - done));
            for (int r = 0; r < batch.size(); r++) {
                d.accept(batch, r);
                maxStart = Math.max(maxStart, batch.get(Field.FIRST, r));
            }
            d.advance(maxStart - LATENESS_MS);
        }
        d.advance(Long.MAX_VALUE);
        d.finish();

        assertThat(alerts).isEmpty();
        assertThat(d.counters().get("flows")).isEqualTo(count);
    }

    @org.junit.jupiter.api.Test
    void countingAFlowAllocatesNothingOnceTheHostsAreKnown() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        FlowBatch batch = new FlowBatch(200_000);
        new RealisticFlowModel(3, TestFlows.T0, 20_000, 0.1).fill(batch, 200_000);
        List<Alert> alerts = new ArrayList<>();
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        long[] first = batch.slot(Field.FIRST.slot());
        long[] last = batch.slot(Field.LAST.slot());
        long allocated = 0;
        for (int pass = 0; pass < 3; pass++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            long maxStart = Long.MIN_VALUE;
            for (int r = 0; r < batch.size(); r++) {
                first[r] += 60_000; // each pass is the next minute of the same traffic
                last[r] += 60_000;
                d.accept(batch, r);
                maxStart = Math.max(maxStart, first[r]);
                if (r % 10_000 == 9_999) {
                    d.advance(maxStart - LATENESS_MS);
                }
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(alerts).isEmpty();
        assertThat(allocated).as("bytes allocated by 200 000 flows once warm").isLessThan(20_000);
    }
}
