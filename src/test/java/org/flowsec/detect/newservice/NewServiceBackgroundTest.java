package org.flowsec.detect.newservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.bigtalker.TestFlows;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The realistic model's steady background, per seed: the first million flows (10,000 s at 100 flows/s) are
 * learned, the next million raise no alert, although new client hosts and client services keep appearing
 * (they are profiled, not alerted by default). The servers' rarest services need the long learning: one
 * hour (360,000 flows) leaves a few (server, port) pairs of the model unseen.
 */
class NewServiceBackgroundTest {
    static final long START = 1_764_000_000_000L;

    @ParameterizedTest
    @ValueSource(longs = {1, 7})
    void aMillionBackgroundFlowsAfterAMillionLearnedRaiseNoAlert(long seed) {
        TestFlows.Alerts alerts = new TestFlows.Alerts();
        NewServiceParams p = new NewServiceParams();
        p.learningPeriod = "10000s";
        NewServiceDetector d = new NewServiceDetector(p, HomeNetworks.of(List.of()), alerts);
        RealisticFlowModel model = new RealisticFlowModel(seed, START, 100, 0.1);
        FlowBatch batch = new FlowBatch(4096);
        for (int done = 0; done < 2_000_000; done += 4096) {
            batch.clear();
            model.fill(batch, 4096);
            TestFlows.feed(d, batch);
            d.advance(model.nowMillis() - 180_000);
        }
        d.finish();
        if (System.getenv("PROBE") != null) {
            alerts.raised.forEach(a -> System.out.println(a.summary()));
            System.out.println(d.counters());
        }
        assertThat(d.learned()).isTrue();
        assertThat(alerts.raised).isEmpty();
        // the profile did grow after learning: new client hosts of the DHCP-like pools
        assertThat(d.counters().get("hosts")).isGreaterThan(5_000);
    }
}
