package org.flowsec.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.flowsec.cli.Main;
import org.flowsec.generate.FlowSender;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flowsec {@code stat} against nfdump 1.7 on the same flows: the generator sends IPFIX to flowsec's
 * collector, which repeats every datagram to nfcapd; nfdump's top-N statistic ({@code -s srcip/bytes}) and
 * aggregation ({@code -A srcip4/24,dstport}) must equal flowsec's, key for key and count for count.
 */
class StatNfdumpIT {
    private static final int FLOWS = 20_000;

    @TempDir
    static Path dir;
    static Path store;
    static Path nfcapdDir;

    @BeforeAll
    static void sendTheSameFlowsToNfcapdAndFlowsec() throws Exception {
        assumeTrue(Nfdump.installed(), "nfdump is not installed");
        store = dir.resolve("store");
        nfcapdDir = dir.resolve("nfcapd");
        int port = Nfdump.freeUdpPort();
        try (Nfdump nfcapd = Nfdump.collector(port, nfcapdDir);
             LoopbackCollector flowsec = new LoopbackCollector(store, List.of("127.0.0.1:" + port))) {
            GeneratorConfig config = GeneratorConfig.of(new InetSocketAddress("127.0.0.1", flowsec.port()), 10, FLOWS)
                    .withRate(20_000).withSeed(31).withIpv6Share(0.2);
            assertThat(new FlowSender().run(config, ProgressListener.NONE).flows()).isEqualTo(FLOWS);
            flowsec.awaitFlows(FLOWS);
            flowsec.close();
            Thread.sleep(500); // let nfcapd drain its socket before SIGTERM makes it close its file
        }
    }

    private static List<String> nfdump(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nfdump", "-R", nfcapdDir.toString(), "-q", "-N", "-6"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static List<String> flowsec(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(1, List.of("--store", store.toString(), "--format", "csv", "--quiet"));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), a.toArray(new String[0]));
        assertThat(code).as(err.toString()).isZero();
        return out.toString().lines().toList();
    }

    private static String addr(String text) throws Exception {
        return InetAddress.getByName(text.strip()).getHostAddress();
    }

    @Test
    void bothStoredEveryFlowWithTheSamePacketsAndBytes() throws Exception {
        List<String> records = nfdump("-o", "fmt:%pkt,%byt");
        long packets = records.stream().mapToLong(l -> Long.parseLong(l.split(",")[0].strip())).sum();
        long bytes = records.stream().mapToLong(l -> Long.parseLong(l.split(",")[1].strip())).sum();
        assertThat(records).hasSize(FLOWS);
        assertThat(flowsec("query", "--count")).containsExactly("flows,packets,bytes", FLOWS + "," + packets + "," + bytes);
    }

    @Test
    void topTenSourcesByBytesEqualNfdumpsStatistic() throws Exception {
        assertThat(flowsecTop("src_addr", "bytes")).containsExactlyElementsOf(nfdumpTop("srcip/bytes"));
    }

    @Test
    void theTopTenSourcesComeFromTheSegmentsStoredAddressTotalsAndStillEqualNfdumps() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "stat", "--store", store.toString(),
                "--by", "dst_addr", "--order", "flows", "--top", "10", "--format", "csv");
        assertThat(code).as(err.toString()).isZero();
        // the collector sealed its segment on close: no row is scanned, the totals stand for them
        assertThat(err.toString()).contains("scanned 0 records").contains("from their address totals");
        List<String> rows = new ArrayList<>();
        for (String line : out.toString().lines().skip(1).toList()) {
            String[] c = line.split(",");
            rows.add(addr(c[0]) + "," + c[1] + "," + c[2] + "," + c[3]);
        }
        assertThat(rows).containsExactlyElementsOf(nfdumpTop("dstip/flows"));
    }

    @Test
    void topTenAddressesOfEitherSideByPacketsEqualNfdumpsStatistic() throws Exception {
        assertThat(flowsecTop("ip", "packets")).containsExactlyElementsOf(nfdumpTop("ip/packets"));
    }

    /** nfdump -o csv of -s: ts,te,td,pr,val,fl,flP,pkt,pktP,byt,bytP,pps,bps,bpp; as "addr,flows,packets,bytes". */
    private static List<String> nfdumpTop(String statistic) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : nfdump("-s", statistic, "-n", "10", "-o", "csv")) {
            String[] c = line.split(",");
            if (c.length == 14 && !c[0].equals("ts")) {
                rows.add(addr(c[4]) + "," + c[5] + "," + c[7] + "," + c[9]);
            }
        }
        assertThat(rows).hasSize(10);
        return rows;
    }

    private static List<String> flowsecTop(String key, String order) throws Exception {
        List<String> out = flowsec("stat", "--by", key, "--order", order, "--top", "10");
        assertThat(out.get(0)).startsWith(key + ",flows,packets,bytes,");
        List<String> rows = new ArrayList<>();
        for (String line : out.subList(1, out.size())) {
            String[] c = line.split(",");
            rows.add(addr(c[0]) + "," + c[1] + "," + c[2] + "," + c[3]);
        }
        return rows;
    }

    @Test
    void prefixAndPortAggregationEqualsNfdumpsForEveryKey() throws Exception {
        // IPv4 only: nfdump's -A srcip4/24 masks IPv6 addresses too, flowsec leaves the other family whole.
        // TCP and UDP only: nfdump prints ICMP type.code where the destination port is.
        Set<String> expected = new HashSet<>();
        for (String line : nfdump("-A", "srcip4/24,dstport", "-o", "fmt:%sa,%dp,%fl,%pkt,%byt",
                "inet and (proto tcp or proto udp)")) {
            String[] c = Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
            expected.add(c[0] + "/24," + c[1] + "," + c[2] + "," + c[3] + "," + c[4]);
        }
        assertThat(expected).hasSizeGreaterThan(100);
        List<String> out = flowsec("stat", "--by", "srcip4/24,dst_port", "--top", "100000000",
                "ipv4 and (proto tcp or proto udp)");
        Set<String> actual = new HashSet<>();
        for (String line : out.subList(1, out.size())) {
            String[] c = line.split(",");
            actual.add(c[0] + "," + c[1] + "," + c[2] + "," + c[3] + "," + c[4]);
        }
        assertThat(actual).isEqualTo(expected);
    }
}
