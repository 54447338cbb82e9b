package org.flowsec.detect.bruteforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.signature.TestFlows;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The brute-force detector on real captures metered by softflowd (rows of ../shared/data/SOURCES.md). */
class BruteForceCapturesIT {
    @BeforeAll
    static void needsSoftflowd() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
    }

    private static List<Alert> detect(FlowBatch flows) {
        List<Alert> raised = new ArrayList<>();
        BruteForceDetector d = new BruteForceDetector(new BruteForceParams(), HomeNetworks.of(List.of()), raised::add);
        TestFlows.runAll(d, flows);
        return TestFlows.latestPerKey(raised);
    }

    @Test
    void theFtpCrackNamesTheCrackerAndTheServer() {
        FlowBatch flows = CaptureFlows.of("bruteforce/ppa1_ftp-crack.pcap");
        List<Alert> alerts = detect(flows);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("bruteforce/10.234.125.254/10.121.70.151/21");
            assertThat(a.srcAddr()).isEqualTo("10.234.125.254");
            assertThat(a.dstAddr()).isEqualTo("10.121.70.151");
            assertThat(a.counts().get("sessions")).isGreaterThanOrEqualTo(700);
            // every login flow of the cracker; a few were cut short or too long to count as sessions
            List<Integer> rows = TestFlows.selected(a, flows);
            assertThat(rows).hasSizeGreaterThanOrEqualTo(a.counts().get("sessions").intValue());
            assertThat(rows).allMatch(r -> flows.get(Field.DST_PORT, r) == 21
                    && flows.formatAddress(Field.SRC_ADDR, r).equals("10.234.125.254"));
        });
    }

    @Test
    void nmapSshBruteOnPort902IsCaughtByTheAnyPortPath() {
        FlowBatch flows = CaptureFlows.of("bruteforce/slips_malicious-ssh-bruteforce.pcap");
        List<Alert> alerts = detect(flows);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("bruteforce/147.32.80.40/147.32.80.37/902");
            assertThat(a.thresholds()).containsKey("baseline_factor");
            assertThat(a.counts().get("sessions")).isGreaterThanOrEqualTo(60);
            // 67 client flows; the one refused before the handshake is shown but was no session
            assertThat(TestFlows.selected(a, flows)).hasSize(67);
            assertThat(a.counts()).containsEntry("sessions", 66L);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"benign/ipfixprobe_mixed.pcap", "benign/ppa3_http_espn.pcapng",
            "malware/ppa1_blaster.pcap", "malware/ppa1_evilprogram.pcap", "malware/slips_test7-malicious.pcap",
            "malware/ppa3_ratinfected.pcapng", "malware/ppa3_cryptowall4_c2.pcapng", "malware/ndpi_trickbot.pcap",
            "p2p/ndpi_bittorrent.pcap", "p2p/ndpi_edonkey.pcap", "p2p/ppa1_gnutella.pcap",
            "p2p/ppa1_torrential-slowness.pcap"})
    void capturesWithoutPasswordGuessingRaiseNoBruteForceAlert(String capture) {
        assertThat(detect(CaptureFlows.of(capture))).isEmpty();
    }
}
