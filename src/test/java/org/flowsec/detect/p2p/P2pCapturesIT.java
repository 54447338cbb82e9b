package org.flowsec.detect.p2p;

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

/** The P2P detector on real captures metered by softflowd (rows of ../shared/data/SOURCES.md). */
class P2pCapturesIT {
    @BeforeAll
    static void needsSoftflowd() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
    }

    private static List<Alert> detect(FlowBatch flows, P2pParams params, List<String> home) {
        List<Alert> raised = new ArrayList<>();
        P2pDetector d = new P2pDetector(params, HomeNetworks.of(home), raised::add);
        TestFlows.runAll(d, flows);
        return TestFlows.latestPerKey(raised);
    }

    /** Every selected flow involves the host; every counted flow is selected. */
    private static void evidenceShowsTheHostsP2pFlows(Alert a, FlowBatch flows, String host) {
        List<Integer> rows = TestFlows.selected(a, flows);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(a.counts().get("flows").intValue());
        assertThat(rows).allMatch(r -> flows.formatAddress(Field.SRC_ADDR, r).equals(host)
                || flows.formatAddress(Field.DST_ADDR, r).equals(host));
    }

    @Test
    void bitTorrentPeerWireWithoutKnownPortsIsFoundAsAHighPortMesh() {
        FlowBatch flows = CaptureFlows.of("p2p/ndpi_bittorrent.pcap");
        List<Alert> alerts = detect(flows, new P2pParams(), List.of());

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/mesh/192.168.1.3");
            assertThat(a.counts().get("peers")).isGreaterThanOrEqualTo(10);
            evidenceShowsTheHostsP2pFlows(a, flows, "192.168.1.3");
        });
    }

    @Test
    void aBitTorrentClientOnPort6881IsNamed() {
        FlowBatch flows = CaptureFlows.of("p2p/ppa1_torrential-slowness.pcap");
        List<Alert> alerts = detect(flows, new P2pParams(), List.of());

        Alert bt = alerts.stream().filter(a -> a.key().equals("p2p/bittorrent/192.168.0.193")).findFirst()
                .orElseThrow(() -> new AssertionError("no BitTorrent alert in " + alerts));
        assertThat(bt.counts().get("peers")).isGreaterThanOrEqualTo(10);
        evidenceShowsTheHostsP2pFlows(bt, flows, "192.168.0.193");
        assertThat(alerts).allSatisfy(a -> assertThat(a.srcAddr()).isEqualTo("192.168.0.193"));
    }

    @Test
    void aGnutellaServentConnectingToItsPeersIsNamed() {
        FlowBatch flows = CaptureFlows.of("p2p/ppa1_gnutella.pcap");
        List<Alert> alerts = detect(flows, new P2pParams(), List.of());

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/gnutella/10.1.4.176");
            assertThat(a.counts().get("peers")).isGreaterThanOrEqualTo(40);
            evidenceShowsTheHostsP2pFlows(a, flows, "10.1.4.176");
        });
    }

    @Test
    void anEdonkeyClientOfAKnownServerAddressIsNamed() {
        // one session on non-standard ports: only a configured server list (eMule's server.met) can tell
        FlowBatch flows = CaptureFlows.of("p2p/ndpi_edonkey.pcap");
        P2pParams params = new P2pParams();
        P2pParams.Rendezvous server = new P2pParams.Rendezvous();
        server.profile = "edonkey";
        server.addresses = List.of("135.192.214.240");
        params.rendezvous = List.of(server);

        List<Alert> alerts = detect(flows, params, List.of("201.15.177.227/32"));

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/edonkey/201.15.177.227");
            assertThat(a.dstAddr()).isEqualTo("135.192.214.240");
            assertThat(TestFlows.selected(a, flows)).hasSize(2);
        });
        assertThat(detect(flows, new P2pParams(), List.of("201.15.177.227/32"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"benign/ipfixprobe_mixed.pcap", "benign/ppa3_http_espn.pcapng",
            "malware/ppa1_blaster.pcap", "malware/ppa1_evilprogram.pcap", "malware/slips_test7-malicious.pcap",
            "malware/ppa3_ratinfected.pcapng", "malware/ppa3_cryptowall4_c2.pcapng", "malware/ndpi_trickbot.pcap",
            "bruteforce/ppa1_ftp-crack.pcap", "bruteforce/slips_malicious-ssh-bruteforce.pcap"})
    void capturesWithoutP2pRaiseNoP2pAlert(String capture) {
        assertThat(detect(CaptureFlows.of(capture), new P2pParams(), List.of())).isEmpty();
    }
}
