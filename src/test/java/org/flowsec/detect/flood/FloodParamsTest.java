package org.flowsec.detect.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.junit.jupiter.api.Test;

/** The {@code flood:} section as docs/detectors.md (section flood) shows it binds with snake_case keys. */
class FloodParamsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void theDocumentedExampleBindsAndBuildsADetector() throws Exception {
        FloodParams p = YAML.readValue("""
                bucket_seconds: 10
                thresholds:
                  syn_per_second: 200
                  min_sources: 30
                groups:
                  - name: web
                    prefixes: [10.10.0.10/31, 2001:db8::80]
                    thresholds:
                      flows_per_second: 20000
                      packets_per_second: 200000
                      bits_per_second: 2.0e9
                      syn_per_second: 2000
                amplification_ports: [53, 123, 161, 389, 1900, 11211]
                amplification_min_sources: 30
                unanswered_ratio: 3
                baseline_k: 6
                discrepancy_min_flows: 200
                protocol_min_packets_per_second: 0
                allow: [10.10.0.53]
                """, FloodParams.class);
        assertThat(p.thresholds.synPerSecond).isEqualTo(200);
        assertThat(p.thresholds.packetsPerSecond).isEqualTo(20_000); // unset: the default
        assertThat(p.groups).hasSize(1);
        assertThat(p.groups.get(0).thresholds.bitsPerSecond).isEqualTo(2e9);
        assertThat(p.amplificationPorts).containsExactly(53, 123, 161, 389, 1900, 11211);
        List<Alert> alerts = new ArrayList<>();
        FloodDetector d = new FloodDetector(p, HomeNetworks.of(List.of()), alerts::add);
        assertThat(d.name()).isEqualTo("flood");
    }

    @Test
    void aMistypedKeyOrABadValueIsRefusedWithItsName() {
        assertThatThrownBy(() -> YAML.readValue("syn_per_secnd: 5", FloodParams.class))
                .hasMessageContaining("syn_per_secnd");
        FloodParams p = new FloodParams();
        p.thresholds.synPerSecond = 0;
        assertThatThrownBy(() -> new FloodDetector(p, HomeNetworks.of(List.of()), a -> {}))
                .hasMessageContaining("syn_per_second must be positive");
        FloodParams q = new FloodParams();
        q.amplificationPorts = List.of(70000);
        assertThatThrownBy(() -> new FloodDetector(q, HomeNetworks.of(List.of()), a -> {}))
                .hasMessageContaining("70000");
    }
}
