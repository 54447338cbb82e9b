package org.flowsec.detect.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureBackgroundTest {
    @ParameterizedTest(name = "seed {0} at {1} flows/s")
    @CsvSource({"1, 5000", "2, 1000"})
    void aMillionBackgroundFlowsRaiseNoSignatureAlert(long seed, double rate) {
        List<Alert> alerts = new ArrayList<>();
        SignatureDetector d = new SignatureDetector(new SignatureParams(), HomeNetworks.of(List.of()), alerts::add);
        Background.feed(d, seed, 1_000_000, rate);
        assertThat(alerts).isEmpty();
        // the model's scanners do probe backdoor ports; those lone SYNs must have been looked at and let go
        assertThat(d.counters().get("flows_matched")).isPositive();
    }
}
