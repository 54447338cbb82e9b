package org.flowsec.detect.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.flowsec.detect.Alert;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated border-router traffic (RealisticFlowModel): busy Zipf clients, servers, DNS to public resolvers,
 * NTP, ICMP echo, and the model's own scanners in 45.155.205.0/24 probing random internal hosts. Only those
 * scanners may be named.
 */
class ScanBackgroundTest {
    /** -Dscan.background.flows=10000000 -Dscan.background.rate=2000 for a long run; the default is quick. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void onlyTheModelsScannersAreNamedInGeneratedTraffic(long seed) {
        long flows = Long.getLong("scan.background.flows", 600_000);
        double rate = Double.parseDouble(System.getProperty("scan.background.rate", "20000"));
        RealisticFlowModel model = new RealisticFlowModel(seed, 1_700_000_000_000L, rate, 0.1);
        TestFlows.Run run = new TestFlows.Run();
        FlowBatch batch = new FlowBatch(4096);
        for (long n = 0; n < flows; n += batch.size()) {
            batch.clear();
            model.fill(batch, 4096);
            for (int r = 0; r < batch.size(); r++) {
                run.detector.accept(batch, r);
            }
            run.detector.advance(model.nowMillis() - 150_000); // active + inactive timeout + slack
        }
        run.detector.advance(Long.MAX_VALUE);
        run.detector.finish();

        Map<String, Integer> bySource = new TreeMap<>();
        for (Alert a : run.alerts) {
            bySource.merge(a.srcAddr(), 1, Integer::sum);
        }
        assertThat(bySource.keySet()).allMatch(s -> s.startsWith("45.155.205."), "only the model's scanners");
        assertThat(bySource).isNotEmpty();
        System.out.printf("seed %d: %d flows at %.0f/s, %d alerts from %d sources, counters %s%n", seed, model.generated(),
                rate, run.alerts.size(), bySource.size(), run.detector.counters());
    }
}
