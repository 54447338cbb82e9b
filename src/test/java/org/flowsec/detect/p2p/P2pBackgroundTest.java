package org.flowsec.detect.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.signature.Background;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class P2pBackgroundTest {
    @ParameterizedTest(name = "seed {0} at {1} flows/s")
    @CsvSource({"1, 5000", "2, 1000"})
    void aMillionBackgroundFlowsRaiseNoP2pAlert(long seed, double rate) {
        List<Alert> alerts = new ArrayList<>();
        P2pDetector d = new P2pDetector(new P2pParams(), HomeNetworks.of(List.of()), alerts::add);
        Background.feed(d, seed, 1_000_000, rate);
        assertThat(alerts).isEmpty();
        assertThat(d.counters()).containsEntry("hosts", 0L);
    }
}
