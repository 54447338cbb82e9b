package org.flowsec.detect.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flowsec.detect.Alert;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FlowPredicate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The scan detector over real captures (../shared/data/traffic-pcaps, see SOURCES.md), metered by softflowd and
 * fed in the store's order with the default parameters and the private ranges as home. Every scan and sweep
 * names its scanner, and only its scanner; the benign captures raise nothing. Two captures cannot name anyone:
 * the ARP sweep has no IP flows, and sgr_hs-sh-IPscan holds only the victim's ICMP protocol-unreachable replies
 * (one flow from 10.0.0.2 to 10.0.0.128): naming the receiver of unreachables would also name every spoofed
 * address that a victim's backscatter reaches, so the detector does not.
 */
class ScanCapturesIT {
    private static final Path TRAFFIC = Path.of("..", "shared", "data", "traffic-pcaps");

    /** capture, scanner (SOURCES.md), the suppression key its alert must carry. */
    private record Case(String capture, String scanner, String key) {}

    private static final List<Case> CASES = List.of(
            new Case("scans/esnet_masscan_tcp_0_1000.pcap", "172.31.15.102", "scan/vertical/172.31.15.102/198.124.152.15"),
            new Case("scans/esnet_masscan_udp_0_1000.pcap", "172.31.15.102", "scan/vertical/172.31.15.102/198.124.152.15"),
            new Case("scans/esnet_nmap_80_all.pcap", "10.87.1.10", "scan/vertical/10.87.1.10/130.211.223.103"),
            new Case("scans/esnet_nmap_80_vanilla.pcap", "10.87.1.10", "scan/vertical/10.87.1.10/130.211.223.103"),
            new Case("scans/evilfingers_nmap_ACK_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_FIN_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_IP_PROTOCOL_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_NULL_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_TCP_CONNECT_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_TCP_SYN_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_UDP_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_VERSION_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_nmap_XMAS_TREE_SCAN.pcap", "192.168.1.10", "scan/vertical/192.168.1.10/192.168.1.25"),
            new Case("scans/evilfingers_xprobe_icmp_echo_fingerprinting.pcap", "192.168.1.20", "scan/vertical/192.168.1.20/192.168.1.25"),
            new Case("scans/evilfingers_xprobe_tcp_scan.pcap", "192.168.1.20", "scan/vertical/192.168.1.20/192.168.1.25"),
            new Case("scans/evilfingers_xprobe_udp_scan.pcap", "192.168.1.20", "scan/vertical/192.168.1.20/192.168.1.25"),
            new Case("scans/evilfingers_xscan_capture.pcap", "192.168.1.125", "scan/vertical/192.168.1.125/192.168.1.120"),
            new Case("scans/ndpi_tcp_scan.pcapng", "192.168.1.178", "scan/vertical/192.168.1.178/192.168.1.2"),
            new Case("scans/ppa1_osfingerprinting.pcap", "10.0.0.29", "scan/vertical/10.0.0.29/10.0.0.2"),
            new Case("scans/ppa1_portscan.pcap", "10.100.25.14", "scan/vertical/10.100.25.14/10.100.18.12"),
            new Case("scans/ppa3_activeosfingerprinting.pcapng", "172.16.16.128", "scan/vertical/172.16.16.128/172.16.16.150"),
            new Case("scans/ppa3_synscan.pcapng", "172.16.0.8", "scan/vertical/172.16.0.8/64.13.134.52"),
            new Case("sweeps/sgr_hs-icmpScan.pcap", "10.0.0.128", "scan/horizontal/10.0.0.128/icmp/8"),
            new Case("sweeps/sgr_hs-tcp_ackPingSweepRand.pcapng", "10.0.0.128", "scan/horizontal/10.0.0.128/tcp/80"),
            new Case("sweeps/sgr_hs-tcp_synPingSweepRand.pcapng", "10.0.0.128", "scan/horizontal/10.0.0.128/tcp/80"),
            new Case("sweeps/sgr_hs-udpScan.pcap", "246.237.45.150", "scan/horizontal/246.237.45.150/udp/40125"),
            new Case("sweeps/slips_test12-icmp-portscan.pcap", "192.168.1.109", "scan/horizontal/192.168.1.109/icmp/8"));

    private static final Set<String> NOTHING_TO_NAME = Set.of(
            "sweeps/sgr_hs-arpScan.pcap", "scans/sgr_hs-sh-IPscan.pcapng");

    private static TestFlows.Run run(FlowBatch flows) {
        return new TestFlows.Run().all(flows);
    }

    @TestFactory
    Stream<DynamicTest> everyScanAndSweepCaptureNamesItsScannerAndNoOneElse() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.capture(), () -> {
            FlowBatch flows = CaptureFlows.of(c.capture());
            TestFlows.Run run = run(flows);
            assertThat(run.latest()).as("alerts of %s", c.capture()).containsKey(c.key());
            assertThat(run.alerts).allSatisfy(a -> assertThat(a.srcAddr()).isEqualTo(c.scanner()));
            Alert a = run.latest().get(c.key());
            FlowPredicate evidence = Filter.parse(a.evidence()).predicate();
            int selected = 0;
            for (int r = 0; r < flows.size(); r++) {
                if (evidence.test(flows, r)) {
                    selected++;
                    assertThat(flows.formatAddress(org.flowsec.flow.Field.SRC_ADDR, r)).isEqualTo(c.scanner());
                }
            }
            assertThat(selected).as("flows selected by %s", a.evidence()).isGreaterThanOrEqualTo(3);
        }));
    }

    @Test
    void theMasscanCaptureIsOneAlertWithTheWholeCount() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        TestFlows.Run run = run(CaptureFlows.of("scans/esnet_masscan_tcp_0_1000.pcap"));
        assertThat(run.keys()).containsExactly("scan/vertical/172.31.15.102/198.124.152.15");
        assertThat(run.latest().values().iterator().next().summary())
                .isEqualTo("172.31.15.102 probed 1001 ports on 198.124.152.15 (999 unanswered, 2 answered), 2 of them crafted or half-open");
    }

    @Test
    void everyCaptureInTheFoldersIsCovered() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String dir : List.of("scans", "sweeps")) {
            try (Stream<Path> s = Files.list(TRAFFIC.resolve(dir))) {
                s.forEach(p -> listed.add(dir + "/" + p.getFileName()));
            }
        }
        Set<String> covered = new TreeSet<>(NOTHING_TO_NAME);
        CASES.forEach(c -> covered.add(c.capture()));
        assertThat(covered).isEqualTo(listed);
    }

    @Test
    void capturesWithNobodyToNameRaiseNothing() {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        assertThat(CaptureFlows.of("sweeps/sgr_hs-arpScan.pcap").size()).isZero();
        assertThat(run(CaptureFlows.of("scans/sgr_hs-sh-IPscan.pcapng")).alerts).isEmpty();
    }

    @Test
    void benignCapturesRaiseNoScanAlert() throws IOException {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        List<String> benign = new ArrayList<>();
        try (Stream<Path> s = Files.list(TRAFFIC.resolve("benign"))) {
            s.sorted().forEach(p -> benign.add("benign/" + p.getFileName()));
        }
        assertThat(benign).isNotEmpty();
        for (String capture : benign) {
            TestFlows.Run run = run(CaptureFlows.of(capture));
            assertThat(run.alerts).as(capture).isEmpty();
        }
    }
}
