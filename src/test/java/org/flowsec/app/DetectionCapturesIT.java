package org.flowsec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flowsec.base.Clock;
import org.flowsec.detect.Alert;
import org.flowsec.detect.CaptureFlows;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.DetectionEngine;
import org.flowsec.detect.RecordingSink;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.Softflowd;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every real capture of {@code ../shared/data/traffic-pcaps}, metered by softflowd (NetFlow v9) into flowsec's
 * collector and read back, then run through the whole detection pipeline as {@code flowsec detect} builds it:
 * all seven detectors with the default config (only two captures need a config: their SOURCES.md rows name a
 * public host as the local one, or a P2P server that no port rule can know). Each capture must raise what its
 * SOURCES.md row describes, naming the right host, and the benign captures must raise nothing at all. The
 * alerts of every capture are written to {@code target/detection-captures.md} (the table in docs/detectors.md).
 */
class DetectionCapturesIT {
    private static final Path TRAFFIC = Path.of("..", "shared", "data", "traffic-pcaps");
    private static final Map<String, List<Alert>> RESULTS = new TreeMap<>();

    /** A detector that must name {@code host} (as source or destination of one of its alerts). */
    record Expect(String detector, String host) {}

    private static final Map<String, String> CONFIGS = Map.of(
            "malware/ppa1_evilprogram.pcap", "home: [24.6.125.19/32]\n",
            "p2p/ndpi_edonkey.pcap", """
                    home: [201.15.177.227/32]
                    p2p:
                      rendezvous:
                        - profile: edonkey
                          addresses: [135.192.214.240]
                    """);

    private static final Map<String, List<Expect>> EXPECTED = expectations();

    private static Map<String, List<Expect>> expectations() {
        Map<String, List<Expect>> m = new LinkedHashMap<>();
        m.put("scans/esnet_masscan_tcp_0_1000.pcap", List.of(new Expect("scan", "172.31.15.102")));
        m.put("scans/esnet_masscan_udp_0_1000.pcap", List.of(new Expect("scan", "172.31.15.102")));
        m.put("scans/esnet_nmap_80_all.pcap", List.of(new Expect("scan", "10.87.1.10")));
        m.put("scans/esnet_nmap_80_vanilla.pcap", List.of(new Expect("scan", "10.87.1.10")));
        for (String s : List.of("ACK_SCAN", "FIN_SCAN", "IP_PROTOCOL_SCAN", "NULL_SCAN", "TCP_CONNECT_SCAN",
                "TCP_SYN_SCAN", "UDP_SCAN", "VERSION_SCAN", "XMAS_TREE_SCAN")) {
            m.put("scans/evilfingers_nmap_" + s + ".pcap", List.of(new Expect("scan", "192.168.1.10")));
        }
        for (String s : List.of("icmp_echo_fingerprinting", "tcp_scan", "udp_scan")) {
            m.put("scans/evilfingers_xprobe_" + s + ".pcap", List.of(new Expect("scan", "192.168.1.20")));
        }
        m.put("scans/evilfingers_xscan_capture.pcap", List.of(new Expect("scan", "192.168.1.125")));
        m.put("scans/ndpi_tcp_scan.pcapng", List.of(new Expect("scan", "192.168.1.178")));
        m.put("scans/ppa1_osfingerprinting.pcap", List.of(new Expect("scan", "10.0.0.29")));
        m.put("scans/ppa1_portscan.pcap", List.of(new Expect("scan", "10.100.25.14")));
        m.put("scans/ppa3_activeosfingerprinting.pcapng", List.of(new Expect("scan", "172.16.16.128")));
        m.put("scans/ppa3_synscan.pcapng", List.of(new Expect("scan", "172.16.0.8")));
        m.put("sweeps/sgr_hs-icmpScan.pcap", List.of(new Expect("scan", "10.0.0.128")));
        m.put("sweeps/sgr_hs-tcp_ackPingSweepRand.pcapng", List.of(new Expect("scan", "10.0.0.128")));
        m.put("sweeps/sgr_hs-tcp_synPingSweepRand.pcapng", List.of(new Expect("scan", "10.0.0.128")));
        m.put("sweeps/sgr_hs-udpScan.pcap", List.of(new Expect("scan", "246.237.45.150")));
        m.put("sweeps/slips_test12-icmp-portscan.pcap", List.of(new Expect("scan", "192.168.1.109")));
        for (String s : List.of("amp.TCP.reflection.SYNACK.pcap", "amp.TCP.syn.optionallyACK.optionallysamePort.pcapng",
                "amp.UDP.isakmp.pcap", "amp.UDP.snmp.src161.pcapng", "amp.dns.RRSIG.fragmented.pcap",
                "pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng", "pkt.TCP.synflood.spoofed.pcap")) {
            m.put("dos/stopddos_" + s, List.of(new Expect("flood", "10.10.10.10")));
        }
        m.put("malware/ppa1_blaster.pcap", List.of(new Expect("signature", "10.234.2.116")));
        m.put("malware/ppa1_evilprogram.pcap", List.of(new Expect("signature", "24.6.125.19")));
        m.put("malware/slips_test7-malicious.pcap",
                List.of(new Expect("signature", "192.168.2.16"), new Expect("scan", "192.168.2.16")));
        m.put("malware/ppa3_ratinfected.pcapng", List.of(new Expect("signature", "172.16.0.111")));
        m.put("bruteforce/ppa1_ftp-crack.pcap", List.of(new Expect("bruteforce", "10.234.125.254")));
        m.put("bruteforce/slips_malicious-ssh-bruteforce.pcap", List.of(new Expect("bruteforce", "147.32.80.40")));
        m.put("p2p/ppa1_gnutella.pcap", List.of(new Expect("p2p", "10.1.4.176")));
        m.put("p2p/ppa1_torrential-slowness.pcap", List.of(new Expect("p2p", "192.168.0.193")));
        m.put("p2p/ndpi_bittorrent.pcap", List.of(new Expect("p2p", "192.168.1.3")));
        m.put("p2p/ndpi_edonkey.pcap", List.of(new Expect("p2p", "201.15.177.227")));
        return m;
    }

    @Test
    void everyAttackCaptureRaisesWhatItsSourcesRowDescribesNamingTheRightHost() throws IOException {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        List<String> missing = new ArrayList<>();
        for (var e : EXPECTED.entrySet()) {
            List<Alert> alerts = detect(e.getKey());
            for (Expect x : e.getValue()) {
                boolean named = alerts.stream().anyMatch(a -> a.detector().equals(x.detector())
                        && (x.host().equals(a.srcAddr()) || x.host().equals(a.dstAddr())));
                if (!named) {
                    missing.add(e.getKey() + ": no " + x.detector() + " alert naming " + x.host() + " (got "
                            + alerts.stream().map(Alert::key).toList() + ")");
                }
            }
            for (Alert a : alerts) {
                assertThat(Filter.parse(a.evidence()).text()).as("evidence of %s", a.key()).isNotBlank();
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theBenignCapturesRaiseNoAlertAtAll() throws IOException {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        List<String> benign;
        try (Stream<Path> s = Files.list(TRAFFIC.resolve("benign"))) {
            benign = s.map(p -> "benign/" + p.getFileName()).sorted().toList();
        }
        assertThat(benign).isNotEmpty();
        for (String capture : benign) {
            assertThat(detect(capture)).as("alerts of %s", capture).isEmpty();
        }
    }

    @Test
    void portScansRaiseNoSignatureAlertAndFloodsNoP2pAlert() throws IOException {
        assumeTrue(Softflowd.installed(), "softflowd is installed by scripts/test.sh");
        List<String> wrong = new ArrayList<>();
        for (String dir : List.of("scans", "sweeps", "dos")) {
            String detector = dir.equals("dos") ? "p2p" : "signature";
            try (Stream<Path> s = Files.list(TRAFFIC.resolve(dir))) {
                for (String capture : s.map(p -> dir + "/" + p.getFileName()).sorted().toList()) {
                    detect(capture).stream().filter(a -> a.detector().equals(detector))
                            .forEach(a -> wrong.add(capture + ": " + a.summary()));
                }
            }
        }
        // probes of backdoor ports are the scan detector's finding; a flood's victim only receives
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyCaptureInTheFolderIsCoveredByThisTest() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(TRAFFIC)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.forEach(f -> all.add(dir.getFileName() + "/" + f.getFileName()));
                }
            }
        }
        // Documented cases with nothing to name: the ARP sweep meters no IP flow, the IP-protocol-scan capture
        // holds only the victim's replies, the spoofed SYN sample has random destinations (no victim), and two
        // C2 sessions over HTTP/7080 look like ordinary web traffic in flows.
        List<String> nothingToName = List.of("sweeps/sgr_hs-arpScan.pcap", "scans/sgr_hs-sh-IPscan.pcapng",
                "dos/ppa1_dosattack.pcap", "malware/ndpi_trickbot.pcap", "malware/ppa3_cryptowall4_c2.pcapng");
        for (String c : all) {
            if (!c.startsWith("benign/")) {
                assertThat(EXPECTED.containsKey(c) || nothingToName.contains(c)).as("%s has an expectation", c).isTrue();
            }
        }
    }

    private static List<Alert> detect(String capture) {
        return RESULTS.computeIfAbsent(capture, DetectionCapturesIT::run);
    }

    private static List<Alert> run(String capture) {
        FlowBatch flows = CaptureFlows.of(capture);
        DetectConfig config = DetectConfigLoader.parse(CONFIGS.getOrDefault(capture, "{}\n"), capture);
        RecordingSink sink = new RecordingSink();
        DetectionService service = new DetectionService(new DetectionService.Settings(config, null, false,
                List.of(sink), new PrintWriter(new StringWriter())), Detectors::create, Clock.SYSTEM);
        DetectionEngine engine = service.start();
        FlowBatch chunk = new FlowBatch(256);
        for (int from = 0; from < flows.size(); from += 256) {
            chunk.clear();
            chunk.appendRange(flows, from, Math.min(flows.size(), from + 256));
            engine.accept(chunk);
        }
        service.close();
        Map<String, Alert> latest = new LinkedHashMap<>();
        sink.alerts().forEach(a -> latest.put(a.id(), a));
        return List.copyOf(latest.values());
    }

    @AfterAll
    static void writeResultTable() throws IOException {
        if (RESULTS.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder("| capture | alerts (detector: summary) |\n|---|---|\n");
        RESULTS.forEach((capture, alerts) -> md.append("| ").append(capture).append(" | ")
                .append(alerts.isEmpty() ? "none" : alerts.stream()
                        .map(a -> a.detector() + ": " + a.summary().replace("|", "/"))
                        .collect(Collectors.joining("<br>")))
                .append(" |\n"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "detection-captures.md"), md);
    }
}
