package org.flowsec.detect.bruteforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.signature.Background;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BruteForceBackgroundTest {
    @ParameterizedTest(name = "seed {0} at {1} flows/s")
    @CsvSource({"1, 5000", "2, 1000"})
    void aMillionBackgroundFlowsRaiseNoBruteForceAlert(long seed, double rate) {
        List<Alert> alerts = new ArrayList<>();
        BruteForceDetector d = new BruteForceDetector(new BruteForceParams(), HomeNetworks.of(List.of()), alerts::add);
        Background.feed(d, seed, 1_000_000, rate);
        assertThat(alerts).isEmpty();
        // busy clients of busy servers do repeat sessions; they were counted and found dissimilar
        assertThat(d.counters().get("sessions")).isGreaterThan(10_000);
    }
}
