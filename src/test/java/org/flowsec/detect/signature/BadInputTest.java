package org.flowsec.detect.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.bruteforce.BruteForceDetector;
import org.flowsec.detect.bruteforce.BruteForceParams;
import org.flowsec.detect.p2p.P2pDetector;
import org.flowsec.detect.p2p.P2pParams;
import org.flowsec.flow.Field;
import org.junit.jupiter.api.Test;

/** Records with impossible values (ports beyond 65535, negative counters, times out of order) never crash. */
class BadInputTest {
    @Test
    void garbageFlowsAreSurvivedByAllThreeDetectors() {
        TestFlows flows = new TestFlows();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            flows.tcp("10.0.0." + random.nextInt(256), 0, "198.51.100." + random.nextInt(256), 0);
            int r = flows.size() - 1;
            for (Field f : List.of(Field.SRC_PORT, Field.DST_PORT, Field.PROTO, Field.TCP_FLAGS, Field.PACKETS,
                    Field.BYTES, Field.FIRST, Field.LAST)) {
                long v = switch (random.nextInt(4)) {
                    case 0 -> random.nextLong();
                    case 1 -> random.nextInt(70_000) - 1000;
                    case 2 -> f == Field.PROTO ? 6 : 4444;
                    default -> random.nextInt(3) == 0 ? 17 : 6881;
                };
                flows.batch.set(f, r, v);
            }
        }
        List<Alert> alerts = new ArrayList<>();
        HomeNetworks home = HomeNetworks.of(List.of());
        for (Detector d : List.of(new SignatureDetector(new SignatureParams(), home, alerts::add),
                new BruteForceDetector(new BruteForceParams(), home, alerts::add),
                new P2pDetector(new P2pParams(), home, alerts::add))) {
            TestFlows.runAll(d, flows.batch);
            assertThat(d.counters()).isNotEmpty();
        }
        assertThat(alerts).allSatisfy(a -> assertThat(a.evidence()).isNotBlank());
    }
}
