package org.flowsec.detect.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.Severity;
import org.flowsec.detect.signature.TestFlows;
import org.junit.jupiter.api.Test;

class P2pDetectorTest {
    private static final long T = 1_700_000_000_000L;
    private final List<Alert> raised = new ArrayList<>();
    private final TestFlows flows = new TestFlows();

    private List<Alert> run(P2pParams params) {
        P2pDetector d = new P2pDetector(params, HomeNetworks.of(List.of("10.0.0.0/8")), raised::add);
        TestFlows.runAll(d, flows.batch);
        return TestFlows.latestPerKey(raised);
    }

    private List<Alert> run() { return run(new P2pParams()); }

    private void peer(String local, int localPort, String remote, int remotePort, long at) {
        flows.tcp(local, localPort, remote, remotePort).packets(40).bytes(50_000).flags("AP").at(at, 5000);
        flows.tcp(remote, remotePort, local, localPort).packets(30).bytes(2_000).flags("AP").at(at, 5000);
    }

    @Test
    void aTrackerContactMakesTheHostABitTorrentUserAndItsHighPortPeersCountAsTransfers() {
        flows.tcp("10.0.0.5", 40000, "198.51.100.1", 6969).packets(6).bytes(600).flags("APSF").at(T, 300);
        for (int i = 1; i <= 3; i++) {
            peer("10.0.0.5", 40000 + i, "203.0.113." + i, 20000 + i * 7, T + i * 1000L);
        }
        flows.tcp("10.0.0.5", 41000, "93.184.216.34", 443).packets(20).bytes(3000).flags("APSF").at(T, 300);

        List<Alert> alerts = run();

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/bittorrent/10.0.0.5");
            assertThat(a.severity()).isEqualTo(Severity.LOW);
            assertThat(a.srcAddr()).isEqualTo("10.0.0.5");
            assertThat(a.dstAddr()).isEqualTo("198.51.100.1");
            assertThat(a.summary()).startsWith("10.0.0.5 is using BitTorrent: it contacted the rendezvous point 198.51.100.1 on tcp/6969 and has 3 peers");
            assertThat(a.counts()).containsEntry("peers", 3L).containsEntry("flows", 7L).containsEntry("rendezvous_contacts", 1L)
                    .containsEntry("bulk_flows", 3L); // the 40-packet, 50 kB downloads; not their ACK streams
            assertThat(TestFlows.selected(a, flows.batch)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        });
        // raised at the tracker contact, before any peer was seen
        assertThat(raised.get(0).counts()).containsEntry("peers", 0L);
    }

    @Test
    void fivePeersOnPeerPortsMakeAUserWithoutAnyRendezvous() {
        for (int i = 1; i <= 4; i++) {
            peer("10.0.0.6", 6881, "203.0.113." + i, 30000 + i, T + i);
        }
        assertThat(run()).isEmpty();
        flows.tcp("10.0.0.6", 3663, "198.51.100.9", 6346).packets(4).bytes(192).flags("S").at(T, 9000);
        peer("10.0.0.6", 45000, "203.0.113.5", 6889, T + 5);
        assertThat(run()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/bittorrent/10.0.0.6");
            assertThat(a.counts()).containsEntry("peers", 5L);
            assertThat(a.summary()).contains("5 peers on its peer ports");
            assertThat(TestFlows.selected(a, flows.batch)).hasSize(10);
        });
    }

    @Test
    void inboundProbesAndRefusalsOnPeerPortsDoNotCount() {
        for (int i = 1; i <= 20; i++) {
            flows.tcp("203.0.113." + i, 40000, "10.0.0.7", 6881).packets(1).bytes(60).flags("S").at(T + i, 0);
            flows.tcp("10.0.0.7", 6881, "203.0.113." + i, 40000).packets(1).bytes(40).flags("AR").at(T + i, 0);
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void aWebClientWhoseEphemeralPortIsAPeerPortRaisesNothing() {
        for (int i = 1; i <= 30; i++) {
            int port = i % 3 == 0 ? 51413 : 6881 + i % 9;
            flows.tcp("10.0.0.8", port, "198.51.100." + i, i % 2 == 0 ? 443 : 8443).packets(20).bytes(3000).flags("APSF").at(T + i, 300);
            flows.tcp("198.51.100." + i, i % 2 == 0 ? 443 : 8443, "10.0.0.8", port).packets(30).bytes(40000).flags("APSF").at(T + i, 300);
            flows.udp("10.0.0.8", 50000 + i, "8.8.8.8", 53).bytes(70).at(T + i, 0);
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void aHighPortMeshNeedsTenOutsidePeers() {
        for (int i = 1; i <= 9; i++) {
            peer("10.0.0.9", 52000 + i, "203.0.113." + i, 30000 + i, T + i);
            peer("10.0.0.10", 52000 + i, "10.0.1." + i, 49152 + i, T + i); // LAN RPC on dynamic ports
        }
        assertThat(run()).isEmpty();
        peer("10.0.0.9", 52010, "203.0.113.10", 30010, T + 10);
        peer("10.0.0.10", 52010, "10.0.1.10", 49162, T + 10);
        assertThat(run()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/mesh/10.0.0.9");
            assertThat(a.counts()).containsEntry("peers", 10L);
            assertThat(a.summary()).contains("10.0.0.9 talks to 10 peers with high ports at both ends");
            assertThat(TestFlows.selected(a, flows.batch)).hasSize(20).noneMatch(r -> r % 4 >= 2);
        });
    }

    @Test
    void oneWayUdpToManyHostsIsNoMeshButAnsweredUdpIs() {
        for (int i = 1; i <= 20; i++) {
            flows.udp("10.0.0.16", 11694, "203.0.113." + i, 13000 + i).bytes(46).at(T + i, 0);
        }
        assertThat(run()).isEmpty();
        for (int i = 1; i <= 10; i++) {
            flows.udp("203.0.113." + i, 13000 + i, "10.0.0.16", 11694).packets(3).bytes(900).at(T + 100 + i, 50);
        }
        assertThat(run()).extracting(Alert::key).containsExactly("p2p/mesh/10.0.0.16");
    }

    @Test
    void aReflectionOrSynFloodOntoAHomeHostRaisesNoP2pAlert() {
        for (int i = 1; i <= 200; i++) {
            String reflector = "203.0." + (i / 250) + "." + (i % 250 + 1);
            // IKE reflection: answers the victim never asked for, from 4500 to random high ports
            flows.udp(reflector, 4500, "10.0.0.20", 20000 + i).packets(1).bytes(232).at(T + i, 0);
            // onto a BitTorrent peer port, too
            flows.udp(reflector, 40000 + i, "10.0.0.20", 6881).packets(3).bytes(1500).at(T + i, 10);
            // a SYN flood with ECN bits and stray ACKs; the victim's SYN-ACKs and resets
            flows.tcp(reflector, 30000 + i, "10.0.0.21", 30120).packets(2).bytes(92).flags("SRA").at(T + i, 200);
            flows.tcp("10.0.0.21", 30120, reflector, 30000 + i).packets(3).bytes(132).flags("SA").at(T + i, 3000);
            flows.tcp("10.0.0.21", 30121, reflector, 30000 + i).packets(1).bytes(40).flags("R").at(T + i, 0);
        }

        P2pDetector d = new P2pDetector(new P2pParams(), HomeNetworks.of(List.of("10.0.0.0/8")), raised::add);
        TestFlows.runAll(d, flows.batch);

        assertThat(raised).isEmpty();
        assertThat(d.counters().get("hosts")).isLessThanOrEqualTo(2L); // the UDP victim, nobody else
    }

    @Test
    void aTrackerPortProbedByAPortScanIsNoRendezvous() {
        flows.tcp("10.0.0.17", 36050, "198.51.100.1", 6969).packets(1).bytes(44).flags("S").at(T, 0);
        flows.tcp("198.51.100.1", 6969, "10.0.0.17", 36050).packets(1).bytes(44).flags("SA").at(T, 0);
        flows.tcp("10.0.0.17", 36050, "198.51.100.1", 6969).packets(1).bytes(40).flags("R").at(T, 0);
        flows.udp("10.0.0.17", 62025, "198.51.100.1", 6969).packets(1).bytes(28).at(T, 0);
        assertThat(run()).isEmpty();
    }

    @Test
    void aConfiguredIndexServerAddressMarksItsUsers() {
        flows.tcp("10.0.0.11", 1754, "192.0.2.77", 7551).packets(6).bytes(514).flags("APSF").at(T, 57000);
        P2pParams p = new P2pParams();
        P2pParams.Rendezvous server = new P2pParams.Rendezvous();
        server.profile = "edonkey";
        server.addresses = List.of("192.0.2.77");
        p.rendezvous = List.of(server);
        assertThat(run(p)).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("p2p/edonkey/10.0.0.11");
            assertThat(a.summary()).contains("is using eDonkey: it contacted the rendezvous point 192.0.2.77 on tcp/7551");
            assertThat(a.evidence()).isEqualTo("host 10.0.0.11 and (port in [4662 4672 4661 4665] or ip in [192.0.2.77])");
            assertThat(TestFlows.selected(a, flows.batch)).containsExactly(0);
        });
    }

    @Test
    void usersRetireThirtyMinutesAfterTheirLastP2pFlow() {
        P2pDetector d = new P2pDetector(new P2pParams(), HomeNetworks.of(List.of("10.0.0.0/8")), raised::add);
        flows.tcp("10.0.0.12", 40000, "198.51.100.1", 6969).packets(6).bytes(600).flags("APSF").at(T, 300);
        d.accept(flows.batch, 0);
        d.advance(T + 1_800_000);
        assertThat(d.counters()).containsEntry("hosts", 1L);
        d.advance(T + 1_800_301);
        assertThat(d.counters()).containsEntry("hosts", 0L).containsEntry("hosts_retired", 1L);
        // retired: a later high-port session is no longer a BitTorrent transfer
        peer("10.0.0.12", 40001, "203.0.113.1", 20000, T + 2_000_000);
        d.accept(flows.batch, 1);
        d.finish();
        assertThat(TestFlows.latestPerKey(raised)).extracting(Alert::key).containsExactly("p2p/bittorrent/10.0.0.12");
        assertThat(d.counters()).containsEntry("hosts", 1L); // the mesh candidate, below its threshold
    }

    @Test
    void allowedHostsAndTheHostBoundAreHonoured() {
        flows.tcp("10.0.0.13", 40000, "198.51.100.1", 6969).packets(6).bytes(600).flags("APSF").at(T, 300);
        flows.tcp("10.0.0.14", 40000, "198.51.100.1", 6969).packets(6).bytes(600).flags("APSF").at(T, 300);
        P2pParams p = new P2pParams();
        p.allow = List.of("10.0.0.13");
        p.maxHosts = 1;
        P2pDetector d = new P2pDetector(p, HomeNetworks.of(List.of("10.0.0.0/8")), raised::add);
        flows.tcp("10.0.0.15", 40000, "198.51.100.1", 6969).packets(6).bytes(600).flags("APSF").at(T, 300);
        TestFlows.runAll(d, flows.batch);
        assertThat(TestFlows.latestPerKey(raised)).extracting(Alert::key).containsExactly("p2p/bittorrent/10.0.0.14");
        assertThat(d.counters()).containsEntry("hosts_dropped", 1L);
    }

    @Test
    void aWebServerWhoseClientsEphemeralPortsFallInTheBitTorrentRangeIsNoPeer() {
        // clients of 10.0.0.80:443 that picked ephemeral ports 6881-6889: the range is BitTorrent's, the host
        // is a server (the background model's busiest server raised this before servers were left out)
        for (int i = 0; i < 9; i++) {
            String client = "198.51.100." + (10 + i);
            flows.tcp(client, 6881 + i, "10.0.0.80", 443).packets(12).bytes(1_500).flags("APSF").at(T + i * 1000L, 500);
            flows.tcp("10.0.0.80", 443, client, 6881 + i).packets(20).bytes(40_000).flags("APSF").at(T + i * 1000L, 500);
        }
        assertThat(run()).isEmpty();
    }
}
