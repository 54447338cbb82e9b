package org.flowsec.detect.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FlowPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures (../shared/data/traffic-pcaps, SOURCES.md) metered by softflowd into flowsec and read back in
 * store order: every dos capture that has a victim names it with the right kind of flood, the evidence
 * filter selects the attack's flows, and benign captures raise nothing. Home is the default private ranges,
 * so 10.10.10.10 is home and the attackers are not.
 */
class FloodCapturesIT {

    private static List<Alert> detect(FlowBatch flows) {
        List<Alert> alerts = new ArrayList<>();
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        for (int r = 0; r < flows.size(); r++) {
            d.accept(flows, r);
        }
        d.advance(Long.MAX_VALUE);
        d.finish();
        return alerts;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "dos/stopddos_pkt.TCP.synflood.spoofed.pcap,               flood/10.10.10.10/syn,    SYN flood",
        "dos/stopddos_pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng,         flood/10.10.10.10/syn,    SYN flood",
        "dos/stopddos_amp.TCP.reflection.SYNACK.pcap,              flood/10.10.10.10/synack, TCP SYN-ACK reflection",
        "dos/stopddos_amp.UDP.isakmp.pcap,                         flood/10.10.10.10/amp-4500, ISAKMP/IKE amplification",
        "dos/stopddos_amp.UDP.snmp.src161.pcapng,                  flood/10.10.10.10/amp-161, SNMP amplification",
        "dos/stopddos_amp.dns.RRSIG.fragmented.pcap,               flood/10.10.10.10/amp-53, DNS amplification",
    })
    void aFloodCaptureNamesItsVictimAndTheKindOfFlood(String capture, String key, String label) {
        FlowBatch flows = CaptureFlows.of(capture);
        List<Alert> alerts = detect(flows);
        Map<String, Alert> latest = TestFlows.latest(alerts);
        System.out.println(capture + ": " + flows.size() + " flows");
        latest.values().forEach(a -> System.out.println("  " + a));

        assertThat(latest).containsKey(key);
        Alert a = latest.get(key);
        assertThat(a.dstAddr()).isEqualTo("10.10.10.10");
        assertThat(a.summary()).startsWith("10.10.10.10 received ").endsWith("(" + label + ")");
        // one flood alert per victim: nothing else names another victim or kind of flood
        assertThat(latest.keySet()).allMatch(k -> k.startsWith("flood/10.10.10.10/"));
        assertThat(latest.keySet()).filteredOn(k -> !k.contains("/discrepancy-")).containsExactly(key);
        // the evidence filter is valid and selects the flows the alert counted
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        int selected = 0;
        for (int r = 0; r < flows.size(); r++) {
            if (p.test(flows, r)) {
                selected++;
                assertThat(flows.formatAddress(Field.DST_ADDR, r)).isEqualTo("10.10.10.10");
            }
        }
        assertThat((long) selected).isGreaterThanOrEqualTo(a.counts().get("flows"));
    }

    /**
     * 896 packets over 13.6 minutes from 60 hosts: no rate is unusual, but 10.10.10.10 receives hundreds of
     * TCP flows and never answers, so the inbound/outbound discrepancy names it.
     */
    @org.junit.jupiter.api.Test
    void theLowRateSynAckCaptureNamesItsVictimThroughTheDiscrepancy() {
        FlowBatch flows = CaptureFlows.of("dos/stopddos_amp.TCP.syn.optionallyACK.optionallysamePort.pcapng");
        Map<String, Alert> latest = TestFlows.latest(detect(flows));
        latest.values().forEach(a -> System.out.println("  " + a.key() + " " + a.severity() + ": " + a.summary()));

        assertThat(latest).containsOnlyKeys("flood/10.10.10.10/discrepancy-in/tcp");
        Alert a = latest.get("flood/10.10.10.10/discrepancy-in/tcp");
        assertThat(a.dstAddr()).isEqualTo("10.10.10.10");
        assertThat(a.counts().get("sources")).isBetween(10L, 60L);
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        for (int r = 0; r < flows.size(); r++) {
            if (flows.formatAddress(Field.DST_ADDR, r).equals("10.10.10.10")
                    && flows.get(Field.PROTO, r) == 6) {
                assertThat(p.test(flows, r)).isTrue();
            }
        }
    }

    /**
     * 100 SYNs with random spoofed sources and random (public) destinations: there is no victim to name —
     * no destination receives more than one packet, and none is in the home networks.
     */
    @org.junit.jupiter.api.Test
    void theRandomDestinationSynSampleHasNoVictimAndRaisesNothing() {
        assertThat(detect(CaptureFlows.of("dos/ppa1_dosattack.pcap"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"benign/ipfixprobe_mixed.pcap", "benign/ppa3_http_espn.pcapng"})
    void benignCapturesRaiseNoFloodAlert(String capture) {
        assertThat(detect(CaptureFlows.of(capture))).isEmpty();
    }
}
