package org.flowsec.detect.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowsec.detect.flood.TestFlows.ACK;
import static org.flowsec.detect.flood.TestFlows.FIN;
import static org.flowsec.detect.flood.TestFlows.PSH;
import static org.flowsec.detect.flood.TestFlows.SYN;
import static org.flowsec.detect.flood.TestFlows.T0;
import static org.flowsec.detect.flood.TestFlows.ip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Severity;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FlowPredicate;
import org.junit.jupiter.api.Test;

class FloodDetectorTest {
    private static final int VICTIM = ip(10, 10, 10, 10);
    private static final int SPOOFED = ip(80, 0, 0, 0);

    private final List<Alert> alerts = new ArrayList<>();
    private final TestFlows flows = new TestFlows();

    /** {@code n} one-packet SYN-only flows from distinct spoofed sources over {@code seconds}. */
    private void synFlood(int victim, int n, int seconds, long from) {
        synFlood(victim, n, seconds, from, false);
    }

    /** ... and with {@code answered}, the victim's SYN-ACK to each. */
    private void synFlood(int victim, int n, int seconds, long from, boolean answered) {
        for (int i = 0; i < n; i++) {
            long t = from + (long) i * seconds * 1000 / n;
            flows.addV4(SPOOFED + i, 1024 + i % 60000, victim, 80, 6, SYN, 1, 40, t, t);
            if (answered) {
                flows.addV4(victim, 80, SPOOFED + i, 1024 + i % 60000, 6, SYN | ACK, 1, 44, t, t);
            }
        }
    }

    /** A completed web connection: request from the client and the server's response. */
    private void webConnection(int client, int server, long t, SplittableRandom r) {
        int port = 32768 + r.nextInt(28000);
        long pkts = 5 + r.nextInt(20);
        flows.addV4(client, port, server, 443, 6, SYN | ACK | PSH | FIN, pkts, pkts * 120, t, t + 800);
        flows.addV4(server, 443, client, port, 6, SYN | ACK | PSH | FIN, pkts * 2, pkts * 2 * 1200, t + 20, t + 800);
    }

    @Test
    void aSpoofedSynFloodNamesItsVictimOnceWithItsSourcesAndKeepsOneEntry() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        synFlood(VICTIM, 20_000, 20, T0);
        flows.feed(d);
        // 20 000 spoofed sources, one tracked host
        assertThat(d.counters()).containsEntry("hosts", 1L).containsEntry("floods_started", 1L);
        d.advance(Long.MAX_VALUE);
        d.finish();

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/10.10.10.10/syn");
        Alert a = latest.get("flood/10.10.10.10/syn");
        assertThat(a.detector()).isEqualTo("flood");
        assertThat(a.dstAddr()).isEqualTo("10.10.10.10");
        assertThat(a.proto()).isEqualTo(6);
        assertThat(a.summary()).startsWith("10.10.10.10 received ").contains("SYN-only flows/20 s", "(SYN flood)");
        // the first raise comes as the deciding flow arrives; the last carries the flood's totals
        assertThat(alerts.get(0).counts().get("flows")).isLessThan(2_000);
        assertThat(a.counts().get("flows")).isEqualTo(20_000);
        assertThat(a.counts().get("sources")).isBetween(19_000L, 21_000L);
        assertThat(a.counts().get("peak_syn_flows_per_second")).isEqualTo(1_000);
        assertThat(a.thresholds()).containsEntry("syn_per_second", 100.0);
        assertThat(a.first()).isEqualTo(T0);
        assertThat(a.last()).isGreaterThan(T0 + 19_000);
        assertThat(a.severity()).isEqualTo(Severity.HIGH);
        assertThat(alerts).hasSizeLessThan(10);
    }

    @Test
    void theEvidenceFilterParsesAndSelectsExactlyTheFloodFlows() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        SplittableRandom r = new SplittableRandom(1);
        synFlood(VICTIM, 5_000, 10, T0);
        for (int i = 0; i < 2_000; i++) {
            webConnection(ip(203, 0, 113, 1 + i % 200), VICTIM, T0 + i * 5L, r);
            webConnection(ip(10, 1, 0, 1 + i % 50), ip(198, 51, 100, 7), T0 + i * 5L, r);
        }
        flows.run(d);

        Alert a = TestFlows.latest(alerts).get("flood/10.10.10.10/syn");
        assertThat(a.evidence()).isEqualTo("dst ip 10.10.10.10 and proto tcp and flags S and not flags A");
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        int selected = 0;
        for (int row = 0; row < flows.batch.size(); row++) {
            boolean attack = flows.batch.get(org.flowsec.flow.Field.TCP_FLAGS, row) == SYN;
            assertThat(p.test(flows.batch, row)).as("row %d", row).isEqualTo(attack);
            selected += attack ? 1 : 0;
        }
        assertThat(selected).isEqualTo(5_000);
    }

    @Test
    void aDnsAmplificationIsNamedAfterTheServiceAndItsEvidenceSelectsTheAnswers() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        int victim = ip(10, 10, 10, 20);
        for (int i = 0; i < 3_000; i++) {
            long t = T0 + i * 2L;
            flows.addV4(ip(198, 18, i % 500 / 250, i % 250), 53, victim, 40000 + i % 1000, 17, 0, 2, 6000, t, t);
        }
        flows.run(d);

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/10.10.10.20/amp-53");
        Alert a = latest.get("flood/10.10.10.20/amp-53");
        assertThat(a.summary()).contains("received 3000 UDP flows from port 53/6 s from ", "(DNS amplification)");
        assertThat(a.counts().get("sources")).isBetween(480L, 520L);
        assertThat(a.ports()).containsExactly(53);
        assertThat(a.evidence()).isEqualTo("dst ip 10.10.10.20 and proto udp and src port 53");
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        for (int row = 0; row < flows.batch.size(); row++) {
            assertThat(p.test(flows.batch, row)).isTrue();
        }
    }

    @Test
    void aBusyResolverThatAskedForItsAnswersIsNoAmplificationVictim() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        int resolver = ip(10, 0, 0, 53);
        for (int i = 0; i < 6_000; i++) {
            long t = T0 + i * 10L;
            int server = ip(192, 0, 2, 0) + i % 250 + (i % 1000 / 250 << 8);
            flows.addV4(resolver, 30000 + i % 30000, server, 53, 17, 0, 1, 80, t, t);
            flows.addV4(server, 53, resolver, 30000 + i % 30000, 17, 0, 1, 900, t + 30, t + 30);
        }
        flows.run(d);
        assertThat(alerts).isEmpty();
    }

    @Test
    void aBusyWebServerWithThousandsOfClientsRaisesNothing() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        SplittableRandom r = new SplittableRandom(7);
        int server = ip(10, 10, 0, 10);
        // 15 minutes from 5 000 clients: 300 connections/s, rising to 900/s over 5 minutes (about 13 000
        // packets/s in), Poisson arrivals
        double t = T0;
        while (t < T0 + 900_000) {
            webConnection(ip(100, 0, 0, 0) + r.nextInt(5_000), server, (long) t, r);
            double rate = 300 + 600 * Math.min(1, Math.max(0, (t - T0 - 300_000) / 300_000));
            t += -Math.log(1 - r.nextDouble()) * 1000 / rate;
        }
        flows.run(d);
        assertThat(alerts).isEmpty();
        assertThat(d.counters().get("flows")).isGreaterThan(800_000);
    }

    @Test
    void aFloodOfTinyFlowsThatStaysUnderEveryRateThresholdIsCaughtByTheLearnedBaseline() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        int host = ip(10, 10, 10, 30);
        // 10 minutes of 5 flows/s from 40 clients, answered
        for (int i = 0; i < 3_000; i++) {
            long t = T0 + i * 200L;
            flows.addV4(ip(100, 1, 0, i % 40), 40000 + i % 1000, host, 5060, 17, 0, 3, 900, t, t + 100);
            flows.addV4(host, 5060, ip(100, 1, 0, i % 40), 40000 + i % 1000, 17, 0, 3, 900, t, t + 100);
        }
        // then 400 one-packet flows/s from 2 000 sources: 400 pps, far below 3500 flows/s and 20000 pps
        long spike = T0 + 600_000;
        for (int i = 0; i < 8_000; i++) {
            long t = spike + i * 20_000L / 8_000;
            flows.addV4(ip(100, 2, 0, 0) + i % 2_000, 1024 + i, host, 5060, 17, 0, 1, 60, t, t);
        }
        flows.run(d);

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/10.10.10.30/flows");
        Alert a = latest.get("flood/10.10.10.30/flows");
        assertThat(a.summary()).contains("(flow flood, 5 flows/s usually)");
        assertThat(a.first()).isGreaterThanOrEqualTo(spike);
        assertThat(a.thresholds().get("usual_per_second")).isBetween(4.0, 6.0);
        assertThat(a.counts().get("peak_packets_per_second")).isLessThan(1_000);
    }

    @Test
    void theSameSpikeOnAHostWithoutHistoryIsNotABaselineAlert() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        int host = ip(10, 10, 10, 30);
        for (int i = 0; i < 8_000; i++) {
            long t = T0 + i * 20_000L / 8_000;
            flows.addV4(ip(100, 2, 0, 0) + i % 2_000, 1024 + i, host, 5060, 17, 0, 1, 60, t, t);
        }
        flows.run(d);
        // no rate or baseline alert; the unanswered flows are still an inbound/outbound discrepancy
        assertThat(TestFlows.latest(alerts)).containsOnlyKeys("flood/10.10.10.30/discrepancy-in/udp");
    }

    @Test
    void hostGroupsBringTheirOwnThresholds() {
        FloodDetector d = TestFlows.detector(alerts, p -> {
            FloodParams.Group web = new FloodParams.Group();
            web.name = "web";
            web.prefixes = List.of("10.10.10.0/24");
            web.thresholds.synPerSecond = 1_000;
            FloodParams.Group lab = new FloodParams.Group();
            lab.name = "lab";
            lab.prefixes = List.of("10.99.0.0/16");
            lab.thresholds.synPerSecond = 10;
            lab.thresholds.minSources = 5;
            p.groups = List.of(web, lab);
        });
        synFlood(VICTIM, 3_000, 10, T0, true);          // 300/s: under the web group's 1 000/s
        synFlood(ip(10, 20, 0, 1), 3_000, 10, T0);      // 300/s: over the default 100/s
        synFlood(ip(10, 99, 0, 1), 200, 10, T0);        // 20/s: over the lab's 10/s
        flows.run(d);

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/10.20.0.1/syn", "flood/10.99.0.1/syn");
        assertThat(latest.get("flood/10.99.0.1/syn").thresholds()).containsEntry("syn_per_second", 10.0)
                .containsEntry("min_sources", 5.0);
    }

    @Test
    void oneHeavySourceIsNoFloodButManySourcesAre() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        int host = ip(10, 10, 10, 40);
        for (int i = 0; i < 20_000; i++) { // 40 000 packets/s of UDP from one host
            long t = T0 + i / 2;
            flows.addV4(ip(203, 0, 113, 9), 50000 + i % 10, host, 873, 17, 0, 20, 20 * 1500, t, t);
        }
        flows.run(d);
        assertThat(TestFlows.latest(alerts).keySet()).noneMatch(k -> k.endsWith("/packets"));
        alerts.clear();

        TestFlows more = new TestFlows();
        FloodDetector d2 = TestFlows.detector(alerts, p -> {});
        for (int i = 0; i < 20_000; i++) { // the same from 100 hosts
            long t = T0 + i / 2;
            more.addV4(ip(203, 0, 113, 0) + i % 100, 50000 + i % 10, host, 873, 17, 0, 20, 20 * 1500, t, t);
        }
        more.run(d2);
        assertThat(TestFlows.latest(alerts)).containsOnlyKeys("flood/10.10.10.40/packets");
        assertThat(alerts.get(alerts.size() - 1).summary()).contains("(packet flood)", "from 100 sources");
    }

    @Test
    void aHostThatReceivesManyUnansweredFlowsShowsAnInboundOutboundDiscrepancy() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        // 150 SYN/ACK flows from 30 hosts over 4 minutes: far below every rate threshold
        for (int i = 0; i < 150; i++) {
            long t = T0 + i * 1_600L;
            flows.addV4(ip(45, 0, 0, i % 30), 80, VICTIM, 21, 6, SYN | ACK, 1, 60, t, t);
        }
        // a host whose conversations are answered
        for (int i = 0; i < 150; i++) {
            long t = T0 + i * 1_600L;
            flows.addV4(ip(45, 0, 0, i % 30), 40000 + i, ip(10, 10, 10, 11), 443, 6, SYN | ACK | PSH | FIN, 8, 900, t, t + 50);
            flows.addV4(ip(10, 10, 10, 11), 443, ip(45, 0, 0, i % 30), 40000 + i, 6, SYN | ACK | PSH | FIN, 8, 9000, t, t + 50);
        }
        flows.run(d);

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/10.10.10.10/discrepancy-in/tcp");
        Alert a = latest.get("flood/10.10.10.10/discrepancy-in/tcp");
        assertThat(a.summary()).matches("10\\.10\\.10\\.10 received 150 TCP flows from (29|30|31) hosts in 4 min"
                + " and sent 0 back \\(inbound/outbound discrepancy\\)");
        assertThat(a.dstAddr()).isEqualTo("10.10.10.10");
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        for (int row = 0; row < 150; row++) {
            assertThat(p.test(flows.batch, row)).isTrue();
        }
    }

    @Test
    void aProtocolJumpSpreadOverManyHostsIsSeenAcrossTheHomeNetwork() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        // 20 minutes of 20 000 UDP packets/s spread over 200 hosts, then 5 minutes of 150 000/s
        for (int s = 0; s < 1_500; s++) {
            int perHost = s < 1_200 ? 100 : 750;
            for (int h = 0; h < 200; h++) {
                long t = T0 + s * 1000L + h;
                flows.addV4(ip(100, 3, 0, h), 5000, ip(10, 30, 0, h), 6000, 17, 0, perHost, perHost * 200L, t, t);
            }
        }
        flows.run(d);

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/home/udp/change");
        Alert a = latest.get("flood/home/udp/change");
        assertThat(a.summary()).startsWith("the home network received 9000000 UDP packets in 60 s, ")
                .endsWith("times the usual 1054108 (per-protocol change)");
        assertThat(Filter.parse(a.evidence()).predicate().test(flows.batch, 0)).isTrue();
    }

    @Test
    void trackedHostsStayCappedWhenEveryFlowGoesToANewHost() {
        FloodDetector d = TestFlows.detector(alerts, p -> p.maxDestinations = 1_000);
        for (int i = 0; i < 200_000; i++) {
            long t = T0 + i;
            flows.addV4(ip(100, 4, 0, 1), 1000, ip(10, 0, 0, 0) + i, 80, 6, SYN, 1, 40, t, t);
        }
        flows.feed(d);
        assertThat(d.counters().get("hosts")).isLessThanOrEqualTo(1_000);
        assertThat(d.counters().get("host_evictions")).isGreaterThanOrEqualTo(199_000);
        d.advance(Long.MAX_VALUE);
        d.finish();
        assertThat(alerts).isEmpty();
    }

    @Test
    void lateFlowsStillCountTowardsTheFlood() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        // the newest flow first, then the rest of the flood, 2 minutes older than the ring holds
        flows.addV4(SPOOFED, 1, VICTIM, 80, 6, SYN, 1, 40, T0 + 120_000, T0 + 120_000);
        synFlood(VICTIM, 2_000, 10, T0);
        flows.run(d);
        assertThat(TestFlows.latest(alerts)).containsOnlyKeys("flood/10.10.10.10/syn");
        assertThat(d.counters().get("late_flows")).isEqualTo(2_000);
    }

    @Test
    void anAllowedVictimIsNeverReported() {
        FloodDetector d = TestFlows.detector(alerts, p -> p.allow = List.of("10.10.10.0/24"));
        synFlood(VICTIM, 20_000, 20, T0);
        flows.run(d);
        assertThat(alerts).isEmpty();
    }

    @Test
    void theFloodIsRaisedByTheFlowThatCrossesTheThresholdAndNotBefore() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        synFlood(VICTIM, 2_000, 10, T0); // 100 SYN/s is 1 000 SYN-only flows in a 10 s bucket
        for (int r = 0; r < 999; r++) {
            d.accept(flows.batch, r);
        }
        assertThat(alerts).isEmpty();
        d.accept(flows.batch, 999);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).counts().get("flows")).isEqualTo(1_000);
        assertThat(alerts.get(0).last()).isEqualTo(flows.batch.get(org.flowsec.flow.Field.FIRST, 999));
    }

    @Test
    void aLongFloodIsReRaisedAsItGrowsAndEndsWhenTheWatermarkPassesIt() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        synFlood(VICTIM, 16_000, 80, T0);
        for (int r = 0; r < flows.batch.size(); r++) {
            d.accept(flows.batch, r);
            if (r % 1_000 == 999) {
                d.advance(flows.batch.get(org.flowsec.flow.Field.FIRST, r) - 30_000);
            }
        }
        // doubling: 1 000, 2 000, 4 000, 8 000, 16 000 flows
        assertThat(alerts).extracting(a -> a.counts().get("flows")).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L);
        assertThat(alerts).extracting(Alert::key).containsOnly("flood/10.10.10.10/syn");
        assertThat(d.counters()).containsEntry("floods_active", 1L);
        d.advance(T0 + 80_000 + 61_000);
        assertThat(d.counters()).containsEntry("floods_active", 0L);
        assertThat(alerts).hasSize(5); // nothing new since the last raise

        // a second flood ten minutes later is a new flood under the same key
        TestFlows later = new TestFlows();
        for (int i = 0; i < 2_000; i++) {
            long t = T0 + 600_000 + i * 5L;
            later.addV4(SPOOFED + i, 2000, VICTIM, 443, 6, SYN, 1, 40, t, t);
        }
        later.run(d);
        assertThat(d.counters()).containsEntry("floods_started", 2L);
        assertThat(alerts.get(alerts.size() - 1).first()).isGreaterThanOrEqualTo(T0 + 600_000);
    }

    @Test
    void unsolicitedSynAcksFromManyReflectorsAreAReflectionAttack() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        for (int i = 0; i < 3_000; i++) {
            long t = T0 + i;
            flows.addV4(ip(198, 18, 0, 0) + i, i % 2 == 0 ? 80 : 443, VICTIM, 30000 + i, 6, SYN | ACK, 1, 44, t, t);
            // a real victim answers each stray SYN-ACK with a RST: that is no answer to the flood
            flows.addV4(VICTIM, 30000 + i, ip(198, 18, 0, 0) + i, i % 2 == 0 ? 80 : 443, 6, TestFlows.RST, 1, 40, t, t);
        }
        flows.run(d);

        Map<String, Alert> latest = TestFlows.latest(alerts);
        assertThat(latest).containsOnlyKeys("flood/10.10.10.10/synack");
        Alert a = latest.get("flood/10.10.10.10/synack");
        assertThat(a.summary()).contains("received 3000 SYN-ACK-only flows/3 s", "(TCP SYN-ACK reflection)");
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        for (int row = 0; row < flows.batch.size(); row++) {
            assertThat(p.test(flows.batch, row)).isEqualTo(row % 2 == 0);
        }
    }

    @Test
    void aBusyClientWhoseOwnConnectionsStallAfterTheHandshakeIsNoReflectionVictim() {
        FloodDetector d = TestFlows.detector(alerts, p -> {});
        for (int i = 0; i < 3_000; i++) {
            long t = T0 + i;
            int server = ip(198, 18, 0, 0) + i;
            // the client opens a connection; one in five gets no further than the server's SYN-ACK
            flows.addV4(VICTIM, 30000 + i, server, 443, 6, SYN | ACK, 2, 104, t, t + 20);
            int answer = i % 5 == 0 ? SYN | ACK : SYN | ACK | PSH | FIN;
            flows.addV4(server, 443, VICTIM, 30000 + i, 6, answer, i % 5 == 0 ? 1 : 12, 6000, t, t + 20);
            if (i % 5 == 0) { // and four more of its connections get nothing back but the handshake
                for (int k = 1; k < 5; k++) {
                    flows.addV4(VICTIM, 40000 + 4 * i + k, server + 100_000 * k, 443, 6, SYN | ACK, 2, 104, t, t + 20);
                    flows.addV4(server + 100_000 * k, 443, VICTIM, 40000 + 4 * i + k, 6, SYN | ACK, 1, 44, t, t + 20);
                }
            }
        }
        flows.run(d);

        assertThat(TestFlows.latest(alerts)).doesNotContainKey("flood/10.10.10.10/synack");
    }

    @Test
    void floodsBeyondTheFloodTableAreCountedNotReported() {
        FloodDetector d = TestFlows.detector(alerts, p -> p.maxFloods = 1);
        synFlood(VICTIM, 2_000, 10, T0);
        synFlood(ip(10, 10, 10, 11), 2_000, 10, T0);
        flows.run(d);
        assertThat(TestFlows.latest(alerts)).containsOnlyKeys("flood/10.10.10.10/syn");
        assertThat(d.counters()).containsEntry("floods_started", 1L).containsEntry("floods_not_tracked", 1L);
    }
}
