package org.flowsec.detect.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureDetectorTest {
    private static final long T = 1_700_000_000_000L;
    private final List<Alert> raised = new ArrayList<>();
    private final TestFlows flows = new TestFlows();

    private List<Alert> run(SignatureParams params) {
        SignatureDetector d = new SignatureDetector(params, HomeNetworks.of(List.of("10.0.0.0/8")), raised::add);
        TestFlows.runAll(d, flows.batch);
        return TestFlows.latestPerKey(raised);
    }

    private List<Alert> run() { return run(new SignatureParams()); }

    @Test
    void theBuiltInRulesLoadWithCodeRedSlammerAndTheClassicBackdoorPorts() {
        RuleSet rules = RuleSet.load(new SignatureParams());
        assertThat(rules.rules()).extracting(Rule::name)
                .contains("back-orifice", "netbus", "subseven", "blaster-shell", "bagle", "mydoom", "sasser",
                        "dameware", "radmin", "irc-cc", "code-red", "slammer", "mirai-telnet");
        assertThat(rules.rules()).allSatisfy(r -> assertThat(r.ports()).isNotEmpty());
    }

    @Test
    void aHomeHostAnsweringFromTheBlasterShellPortIsReportedAsLikelyCompromised() {
        flows.tcp("198.51.100.7", 1793, "10.0.0.2", 4444).packets(12).bytes(588).flags("APR").at(T, 5700);
        flows.tcp("10.0.0.2", 4444, "198.51.100.7", 1793).packets(6).bytes(328).flags("AP").at(T, 5700);
        flows.tcp("10.0.0.2", 50000, "93.184.216.34", 443).packets(10).bytes(2000).flags("APSF").at(T, 100);

        List<Alert> alerts = run();

        Alert answer = alerts.stream().filter(a -> a.key().contains("/answer/")).findFirst().orElseThrow();
        assertThat(answer.severity()).isEqualTo(Severity.HIGH);
        assertThat(answer.srcAddr()).isEqualTo("10.0.0.2");
        assertThat(answer.dstAddr()).isEqualTo("198.51.100.7");
        assertThat(answer.proto()).isEqualTo(6);
        assertThat(answer.ports()).containsExactly(4444);
        assertThat(answer.summary()).contains("10.0.0.2 answered on tcp/4444").contains("likely compromised");
        assertThat(TestFlows.selected(answer, flows.batch)).containsExactly(0, 1);
        Alert attempt = alerts.stream().filter(a -> a.key().contains("/attempt/")).findFirst().orElseThrow();
        assertThat(attempt.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(attempt.dstAddr()).isEqualTo("10.0.0.2");
        assertThat(alerts).hasSize(2);
    }

    @Test
    void aClientWhoseEphemeralPortIsABackdoorPortTalkingToAWebServerRaisesNothing() {
        // Windows XP picked ephemeral ports in 1025-5000, which holds 4444, 2745, 3127, 4899, 1243...
        flows.tcp("10.0.0.5", 4444, "93.184.216.34", 80).packets(8).bytes(900).flags("APSF").at(T, 300);
        flows.tcp("93.184.216.34", 80, "10.0.0.5", 4444).packets(9).bytes(9000).flags("APSF").at(T, 300);
        flows.tcp("10.0.0.5", 2745, "198.51.100.9", 8080).packets(8).bytes(900).flags("APSF").at(T, 300);
        flows.tcp("198.51.100.9", 8080, "10.0.0.5", 2745).packets(9).bytes(9000).flags("APSF").at(T, 300);
        flows.udp("10.0.0.5", 3127, "8.8.8.8", 53).bytes(70).at(T, 0);
        flows.udp("8.8.8.8", 53, "10.0.0.5", 3127).bytes(200).at(T, 0);

        assertThat(run()).isEmpty();
    }

    @Test
    void aLoneSynProbeIsLeftToTheScanDetectorButARetriedSynIsAnAttempt() {
        flows.tcp("203.0.113.9", 40000, "10.0.0.7", 27374).packets(1).bytes(60).flags("S").at(T, 0);
        flows.tcp("10.0.0.7", 27374, "203.0.113.9", 40000).packets(1).bytes(40).flags("AR").at(T, 0);
        assertThat(run()).isEmpty();

        flows.tcp("203.0.113.10", 40001, "10.0.0.8", 2745).packets(3).bytes(144).flags("S").at(T + 1000, 6000);
        List<Alert> alerts = run();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("signature/bagle/attempt/10.0.0.8");
            assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(a.srcAddr()).isEqualTo("203.0.113.10");
            assertThat(a.summary()).startsWith("203.0.113.10 tried tcp/2745 on 10.0.0.8");
            assertThat(TestFlows.selected(a, flows.batch)).containsExactly(2);
        });
    }

    @Test
    void aVerticalPortScanOverBackdoorPortsRaisesNoSignatureAlert() {
        int[] ports = {31337, 4444, 12345, 6667, 9898, 4899, 6129, 2745, 3127, 5554, 17300};
        for (int i = 0; i < ports.length; i++) {
            long t = T + i * 10L;
            // from outside: SYNs retried, refused by RST
            flows.tcp("203.0.113.50", 40000, "10.0.0.25", ports[i]).packets(2).bytes(88).flags("S").at(t, 1000);
            flows.tcp("10.0.0.25", ports[i], "203.0.113.50", 40000).packets(2).bytes(80).flags("AR").at(t, 1000);
            // from a local scanner: FIN, NULL, XMAS and ACK probes, a connect() torn down at once, empty UDP
            flows.tcp("10.0.0.10", 53073, "10.0.0.25", ports[i]).packets(1).bytes(40).flags("F").at(t, 0);
            flows.tcp("10.0.0.10", 53074, "10.0.0.25", ports[i]).packets(1).bytes(40).flags("").at(t, 0);
            flows.tcp("10.0.0.10", 53075, "10.0.0.25", ports[i]).packets(1).bytes(40).flags("FPU").at(t, 0);
            flows.tcp("10.0.0.10", 53076, "10.0.0.25", ports[i]).packets(1).bytes(40).flags("A").at(t, 0);
            flows.tcp("10.0.0.25", ports[i], "10.0.0.10", 53076).packets(1).bytes(40).flags("R").at(t, 0);
            flows.tcp("10.0.0.10", 2000 + i, "10.0.0.25", ports[i]).packets(3).bytes(132).flags("SAR").at(t, 2);
            flows.tcp("10.0.0.10", 2100 + i, "10.0.0.25", ports[i]).packets(6).bytes(288).flags("S").at(t, 3000);
            flows.udp("10.0.0.10", 62025, "10.0.0.25", ports[i]).packets(1).bytes(28).at(t, 0);
            flows.flow(1, "10.0.0.25", 0, "10.0.0.10", 0).packets(1).bytes(56).at(t, 0);
            // and a local host SYN-scanning an outside host, answered by RST
            flows.tcp("10.0.0.8", 36050, "198.51.100.52", ports[i]).packets(1).bytes(44).flags("S").at(t, 0);
            flows.tcp("198.51.100.52", ports[i], "10.0.0.8", 36050).packets(1).bytes(46).flags("AR").at(t, 0);
        }

        SignatureDetector d = new SignatureDetector(new SignatureParams(), HomeNetworks.of(List.of("10.0.0.0/8")),
                raised::add);
        TestFlows.runAll(d, flows.batch);

        assertThat(raised).isEmpty();
        assertThat(d.counters()).containsEntry("scanners_skipped", 1L).containsEntry("held", 0L);
    }

    @Test
    void aWormTryingAFewBackdoorsOfAHostIsAnAttemptOnceItsProbeWindowCloses() {
        for (String port : List.of("2745", "3127", "6129")) {
            flows.tcp("203.0.113.77", 1500, "10.0.0.30", Integer.parseInt(port)).packets(3).bytes(144).flags("S")
                    .at(T, 6000);
        }
        SignatureDetector d = new SignatureDetector(new SignatureParams(), HomeNetworks.of(List.of("10.0.0.0/8")),
                raised::add);
        for (int r = 0; r < flows.size(); r++) {
            d.accept(flows.batch, r);
        }
        d.advance(T + 299_000);
        assertThat(raised).isEmpty(); // held: the rest of a scan could still come
        d.advance(T + 300_000);
        assertThat(TestFlows.latestPerKey(raised)).extracting(Alert::key).containsExactlyInAnyOrder(
                "signature/bagle/attempt/10.0.0.30", "signature/mydoom/attempt/10.0.0.30",
                "signature/dameware/attempt/10.0.0.30");
        assertThat(raised).allSatisfy(a -> assertThat(a.srcAddr()).isEqualTo("203.0.113.77"));
    }

    @Test
    void aLoneSynProbeCountsWhenConfigured() {
        flows.tcp("203.0.113.9", 40000, "10.0.0.7", 27374).packets(1).bytes(60).flags("S").at(T, 0);
        SignatureParams p = new SignatureParams();
        p.countLoneSynProbes = true;
        assertThat(run(p)).extracting(Alert::key).containsExactly("signature/subseven/attempt/10.0.0.7");
    }

    @Test
    void slammerInboundIsAnAttemptAndOutboundMeansTheHomeHostIsInfected() {
        flows.udp("203.0.113.1", 7654, "10.0.0.9", 1434).bytes(404).at(T, 0);
        flows.udp("10.0.0.66", 1025, "192.0.2.1", 1434).bytes(404).at(T, 0);
        flows.udp("10.0.0.66", 1025, "192.0.2.2", 1434).bytes(404).at(T + 1, 0);
        flows.udp("10.0.0.70", 1025, "192.0.2.3", 1434).bytes(120).at(T, 0); // a real SQL browser query

        List<Alert> alerts = run();

        assertThat(alerts).extracting(Alert::key).containsExactlyInAnyOrder(
                "signature/slammer/attempt/10.0.0.9", "signature/slammer/source/10.0.0.66");
        Alert source = alerts.stream().filter(a -> a.key().endsWith("/source/10.0.0.66")).findFirst().orElseThrow();
        assertThat(source.severity()).isEqualTo(Severity.HIGH);
        assertThat(source.counts()).containsEntry("flows", 2L).containsEntry("peers", 2L);
        assertThat(source.summary()).contains("10.0.0.66 sent SQL Slammer").contains("2 hosts");
        assertThat(TestFlows.selected(source, flows.batch)).containsExactly(1, 2);
    }

    @Test
    void codeRedMatchesItsExactPacketAndByteCountsOnly() {
        flows.tcp("203.0.113.5", 3000, "10.0.0.80", 80).packets(7).bytes(4327).flags("APSF").at(T, 2000);
        flows.tcp("203.0.113.6", 3000, "10.0.0.80", 80).packets(8).bytes(4327).flags("APSF").at(T, 2000);
        flows.tcp("203.0.113.7", 3000, "10.0.0.80", 80).packets(7).bytes(4328).flags("APSF").at(T, 2000);

        List<Alert> alerts = run();

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("signature/code-red/attempt/10.0.0.80");
            assertThat(a.srcAddr()).isEqualTo("203.0.113.5");
            assertThat(TestFlows.selected(a, flows.batch)).containsExactly(0);
        });
    }

    @Test
    void aHomeHostConnectingOutToIrcIsAClientButAHomeIrcServerIsNot() {
        flows.tcp("10.0.0.12", 51000, "198.51.100.66", 6667).packets(20).bytes(2000).flags("APS").at(T, 60_000);
        flows.tcp("198.51.100.66", 6667, "10.0.0.12", 51000).packets(20).bytes(3000).flags("APS").at(T, 60_000);
        flows.tcp("203.0.113.40", 52000, "10.0.0.13", 6667).packets(20).bytes(2000).flags("APS").at(T, 60_000);
        flows.tcp("10.0.0.13", 6667, "203.0.113.40", 52000).packets(20).bytes(3000).flags("APS").at(T, 60_000);

        List<Alert> alerts = run();

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("signature/irc-cc/client/10.0.0.12");
            assertThat(a.summary()).contains("10.0.0.12 connected out to tcp/6667 on 198.51.100.66");
            assertThat(TestFlows.selected(a, flows.batch)).containsExactly(0, 1);
        });
    }

    @Test
    void miraiTelnetSpreadNeedsTenDistinctVictims() {
        for (int i = 1; i <= 9; i++) {
            flows.tcp("10.0.0.16", 40000 + i, "198.51.100." + i, 23).packets(5).bytes(300).flags("S").at(T + i, 3000);
        }
        assertThat(run()).isEmpty();
        flows.tcp("10.0.0.16", 40010, "198.51.100.10", 2323).packets(5).bytes(300).flags("S").at(T + 10, 3000);
        assertThat(run()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("signature/mirai-telnet/source/10.0.0.16");
            assertThat(a.counts()).containsEntry("peers", 10L);
            assertThat(a.ports()).containsExactlyInAnyOrder(23, 2323);
        });
    }

    @Test
    void repeatsOfOneFindingUpdateOneKeyWithGrowingCountsAndALastUpdateAtTheEnd() {
        for (int i = 0; i < 5; i++) {
            flows.tcp("10.0.0.2", 4444, "198.51.100.7", 1800 + i).packets(6).bytes(300).flags("AP").at(T + i * 1000L, 10);
        }
        run();
        List<Alert> answers = raised.stream().filter(a -> a.key().contains("/answer/")).toList();
        assertThat(answers).extracting(a -> a.counts().get("flows")).containsExactly(1L, 2L, 4L, 5L);
        assertThat(answers.get(3).first()).isEqualTo(T);
        assertThat(answers.get(3).last()).isEqualTo(T + 4010);
    }

    @Test
    void anAllowedHostNeverAlerts() {
        flows.tcp("10.0.0.2", 4444, "198.51.100.7", 1793).packets(6).bytes(328).flags("AP").at(T, 5700);
        SignatureParams p = new SignatureParams();
        p.allow = List.of("10.0.0.2");
        assertThat(run(p)).isEmpty();
    }

    @Test
    void userRuleFilesAddRulesAndDisabledRulesRemoveThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.rules");
        Files.writeString(file, """
                # our own: the old admin backdoor on 7777
                rule site-admin-backdoor
                    ports       7777
                    filter      proto tcp
                                and port 7777     # continued on a second line
                    severity    critical
                    description the old admin backdoor
                """);
        flows.tcp("10.0.0.2", 7777, "198.51.100.7", 40000).packets(6).bytes(328).flags("AP").at(T, 10);
        flows.tcp("10.0.0.2", 4444, "198.51.100.7", 40001).packets(6).bytes(328).flags("AP").at(T, 10);
        SignatureParams p = new SignatureParams();
        p.ruleFiles = List.of(file.toString());
        p.disabledRules = List.of("blaster-shell");

        List<Alert> alerts = run(p);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("signature/site-admin-backdoor/answer/10.0.0.2");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.evidence()).isEqualTo("(proto tcp and port 7777) and host 10.0.0.2");
        });
    }

    @Test
    void ruleFileErrorsNameTheSourceAndLine() {
        assertThatThrownBy(() -> RuleFile.parse("rule x\n    ports 1\n    filter proto tcp and port 99999\n", "f.rules"))
                .hasMessageStartingWith("f.rules:1: rule x: bad filter");
        assertThatThrownBy(() -> RuleFile.parse("rule x\n    filter proto tcp\n", "f.rules"))
                .hasMessageContaining("'ports' is required");
        assertThatThrownBy(() -> RuleFile.parse("rule x\n    ports 1\n    filter any\n    severity source=high\n", "f.rules"))
                .hasMessageContaining("a backdoor rule has no role source");
        assertThatThrownBy(() -> RuleFile.parse("    ports 1\n", "f.rules")).hasMessage(
                "f.rules:1: setting outside a rule; start a rule with 'rule NAME'");
        SignatureParams p = new SignatureParams();
        p.disabledRules = List.of("no-such-rule");
        assertThatThrownBy(() -> RuleSet.load(p)).hasMessageContaining("no rule named no-such-rule");
    }

    @Test
    void findingsAreBoundedAndExpireOnTheWatermark() {
        SignatureParams p = new SignatureParams();
        p.maxStates = 2;
        SignatureDetector d = new SignatureDetector(p, HomeNetworks.of(List.of()), raised::add);
        for (int i = 1; i <= 3; i++) {
            flows.tcp("10.0.0." + i, 4444, "198.51.100.7", 1793).packets(6).bytes(328).flags("AP").at(T, 10);
        }
        for (int r = 0; r < flows.size(); r++) {
            d.accept(flows.batch, r);
        }
        assertThat(d.counters()).containsEntry("states", 2L).containsEntry("states_dropped", 1L);
        d.advance(T + 3_600_000L + 11);
        assertThat(d.counters()).containsEntry("states", 0L).containsEntry("states_evicted", 2L);
        d.accept(flows.batch, 0); // late: older than the watermark, still counted
        assertThat(d.counters()).containsEntry("late_flows", 1L).containsEntry("states", 1L);
    }
}
