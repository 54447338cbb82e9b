package org.flowsec.detect.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.Severity;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signature detector on real captures metered by softflowd (rows of ../shared/data/SOURCES.md). */
class SignatureCapturesIT {
    @BeforeAll
    static void needsSoftflowd() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
    }

    private static List<Alert> detect(FlowBatch flows, List<String> home) {
        List<Alert> raised = new ArrayList<>();
        SignatureDetector d = new SignatureDetector(new SignatureParams(), HomeNetworks.of(home), raised::add);
        TestFlows.runAll(d, flows);
        return TestFlows.latestPerKey(raised);
    }

    private static Alert only(List<Alert> alerts, String key) {
        return alerts.stream().filter(a -> a.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + key + " in " + alerts));
    }

    @Test
    void blastersRemoteShellNamesTheAnsweringHostAsLikelyCompromised() {
        FlowBatch flows = CaptureFlows.of("malware/ppa1_blaster.pcap");
        List<Alert> alerts = detect(flows, List.of());

        Alert answer = only(alerts, "signature/blaster-shell/answer/10.234.2.116");
        assertThat(answer.severity()).isEqualTo(Severity.HIGH);
        assertThat(answer.dstAddr()).isEqualTo("10.234.0.239");
        assertThat(answer.ports()).containsExactly(4444);
        assertThat(TestFlows.selected(answer, flows)).hasSize(2); // the shell session, both directions
        // both hosts are private, so the client side is reported too: it connected to a remote shell
        assertThat(alerts).extracting(Alert::key).containsExactlyInAnyOrder(
                "signature/blaster-shell/answer/10.234.2.116", "signature/blaster-shell/attempt/10.234.2.116",
                "signature/blaster-shell/client/10.234.0.239");
    }

    @Test
    void theProbedHostOfEvilprogramSeesWormAndBackdoorAttemptsButNoCompromise() {
        FlowBatch flows = CaptureFlows.of("malware/ppa1_evilprogram.pcap");
        List<Alert> alerts = detect(flows, List.of("24.6.125.19/32"));

        assertThat(alerts).extracting(Alert::key).contains(
                "signature/bagle/attempt/24.6.125.19", "signature/mydoom/attempt/24.6.125.19",
                "signature/dameware/attempt/24.6.125.19", "signature/sasser/attempt/24.6.125.19",
                "signature/radmin/attempt/24.6.125.19", "signature/slammer/attempt/24.6.125.19");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.key()).contains("/attempt/24.6.125.19");
            assertThat(a.dstAddr()).isEqualTo("24.6.125.19");
            // the evidence shows the probes and the host's refusals
            assertThat(TestFlows.selected(a, flows)).hasSizeGreaterThanOrEqualTo(a.counts().get("flows").intValue());
        });
        Alert slammer = only(alerts, "signature/slammer/attempt/24.6.125.19");
        assertThat(slammer.counts()).containsEntry("flows", 2L).containsEntry("peers", 2L);
    }

    @Test
    void theMiraiLikeHostSpreadingOverTelnetIsNamed() {
        FlowBatch flows = CaptureFlows.of("malware/slips_test7-malicious.pcap");
        List<Alert> alerts = detect(flows, List.of());

        Alert spread = only(alerts, "signature/mirai-telnet/source/192.168.2.16");
        assertThat(spread.severity()).isEqualTo(Severity.HIGH);
        assertThat(spread.counts().get("peers")).isGreaterThanOrEqualTo(10);
        assertThat(TestFlows.selected(spread, flows)).hasSizeGreaterThanOrEqualTo(50);
        assertThat(alerts).extracting(Alert::key).containsExactly("signature/mirai-telnet/source/192.168.2.16");
    }

    @Test
    void theRemoteAccessTrojanOn4433NamesBothEnds() {
        FlowBatch flows = CaptureFlows.of("malware/ppa3_ratinfected.pcapng");
        List<Alert> alerts = detect(flows, List.of());

        Alert client = only(alerts, "signature/rat-4433/client/172.16.0.114");
        assertThat(client.dstAddr()).isEqualTo("172.16.0.111");
        assertThat(client.counts()).containsEntry("flows", 8L);
        assertThat(TestFlows.selected(client, flows)).hasSize(16);
        only(alerts, "signature/rat-4433/answer/172.16.0.111");
        assertThat(alerts).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"benign/ipfixprobe_mixed.pcap", "benign/ppa3_http_espn.pcapng",
            "malware/ppa3_cryptowall4_c2.pcapng", "malware/ndpi_trickbot.pcap",
            "bruteforce/ppa1_ftp-crack.pcap", "bruteforce/slips_malicious-ssh-bruteforce.pcap",
            "p2p/ndpi_bittorrent.pcap", "p2p/ndpi_edonkey.pcap", "p2p/ppa1_gnutella.pcap",
            "p2p/ppa1_torrential-slowness.pcap"})
    void capturesWithoutBackdoorsOrWormsRaiseNoSignatureAlert(String capture) {
        assertThat(detect(CaptureFlows.of(capture), List.of())).isEmpty();
    }
}
