package org.flowsec.detect.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.flowsec.detect.bruteforce.BruteForceParams;
import org.flowsec.detect.p2p.P2pParams;
import org.junit.jupiter.api.Test;

/** The three config sections bind from YAML the way the config loader binds them: snake_case, unknown keys rejected. */
class ParamsBindingTest {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyDocumentedKeyBinds() throws Exception {
        SignatureParams s = yaml.readValue("""
                enabled: true
                allow: [10.0.0.9]
                builtin_rules: false
                rule_files: [/etc/flowsec/site.rules]
                disabled_rules: [radmin]
                count_lone_syn_probes: true
                service_ports: [8080]
                state_ttl_seconds: 600
                max_states: 10
                """, SignatureParams.class);
        assertThat(s.ruleFiles).containsExactly("/etc/flowsec/site.rules");
        assertThat(s.countLoneSynProbes).isTrue();
        assertThat(s.stateTtlSeconds).isEqualTo(600);

        BruteForceParams b = yaml.readValue("""
                auth_ports: [22, 902]
                min_sessions: 10
                any_port_min_sessions: 20
                baseline_factor: 5
                any_port_exclude: [443]
                window_seconds: 60
                max_session_seconds: 10
                max_session_packets: 50
                max_packet_variation: 0.5
                max_byte_variation: 0.5
                max_tracked: 1000
                """, BruteForceParams.class);
        assertThat(b.authPorts).containsExactly(22, 902);
        assertThat(b.maxByteVariation).isEqualTo(0.5);

        P2pParams p = yaml.readValue("""
                builtin_profiles: true
                rendezvous:
                  - profile: edonkey
                    addresses: [135.192.214.240]
                    ports: [4661]
                retirement_seconds: 900
                min_peers: 3
                detect_mesh: false
                mesh_min_peers: 20
                service_ports: [8443]
                max_hosts: 100
                """, P2pParams.class);
        assertThat(p.rendezvous).singleElement().satisfies(r -> {
            assertThat(r.profile).isEqualTo("edonkey");
            assertThat(r.addresses).isEqualTo(List.of("135.192.214.240"));
            assertThat(r.ports).containsExactly(4661);
        });
        assertThat(p.detectMesh).isFalse();
    }

    @Test
    void aMisspelledKeyIsAnError() {
        assertThatThrownBy(() -> yaml.readValue("min_session: 10\n", BruteForceParams.class))
                .hasMessageContaining("min_session");
    }
}
