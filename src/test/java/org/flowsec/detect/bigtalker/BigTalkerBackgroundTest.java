package org.flowsec.detect.bigtalker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Steady background traffic of the realistic model, a million flows per seed: reports every interval, no alert. */
class BigTalkerBackgroundTest {
    static final long START = 1_764_000_000_000L;

    @ParameterizedTest
    @ValueSource(longs = {1, 7})
    void aMillionBackgroundFlowsRaiseNoAlert(long seed) {
        TestFlows.Alerts alerts = new TestFlows.Alerts();
        List<TopTalkersReport> reports = new ArrayList<>();
        BigTalkerDetector d = new BigTalkerDetector(new BigTalkerParams(), HomeNetworks.of(List.of()), alerts, reports::add);
        RealisticFlowModel model = new RealisticFlowModel(seed, START, 100, 0.1);
        FlowBatch batch = new FlowBatch(4096);
        for (int done = 0; done < 1_000_000; done += 4096) {
            batch.clear();
            model.fill(batch, 4096);
            TestFlows.feed(d, batch);
            d.advance(model.nowMillis() - 180_000); // the model's flows end at most 2 min + export delay late
        }
        d.finish();
        if (System.getenv("PROBE") != null) {
            for (TopTalkersReport r : reports) {
                System.out.println(r.network() + " " + java.time.Instant.ofEpochMilli(r.start()) + " " + r.rows().subList(0, Math.min(3, r.rows().size())));
            }
            System.out.println(d.counters());
        }
        assertThat(alerts.raised).isEmpty();
        assertThat(d.counters().get("intervals")).isGreaterThan(20);
    }
}
