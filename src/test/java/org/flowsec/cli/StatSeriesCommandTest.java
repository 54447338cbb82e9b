package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stat} and {@code series} on real captures ingested into a store, checked against sums computed
 * here from {@code query --format csv} of the same store.
 */
class StatSeriesCommandTest {
    private static final Path PCAPS = Path.of("../shared/data/netflow-pcaps");

    @TempDir
    static Path tmp;
    static Path store;
    static List<Map<String, String>> flows;

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void ingestTwoCaptures() {
        store = tmp.resolve("store");
        // nprobe NetFlow v9 (IPv4, 892 flows) and pmacct IPFIX (IPv4 and IPv6, 748 flows)
        for (String pcap : List.of("graylog/nprobe-netflow9-3.pcap",
                "pmacct/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources_traffic-00.pcap")) {
            Run r = run("ingest", "--pcap", PCAPS.resolve(pcap).toString(), "--store", store.toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
        flows = csv(run("query", "--store", store.toString(), "--format", "csv", "--quiet"));
        assertThat(flows).hasSize(892 + 748);
    }

    private static List<Map<String, String>> csv(Run r) {
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], cells[i]);
            }
            rows.add(m);
        }
        return rows;
    }

    /** key -> {flows, packets, bytes} summed from the query output, each flow added to each of its keys. */
    private static Map<String, List<Long>> sums(Function<Map<String, String>, List<String>> keysOf) {
        Map<String, List<Long>> m = new HashMap<>();
        for (Map<String, String> f : flows) {
            for (String k : keysOf.apply(f)) {
                List<Long> v = m.computeIfAbsent(k, x -> new ArrayList<>(List.of(0L, 0L, 0L)));
                v.set(0, v.get(0) + 1);
                v.set(1, v.get(1) + Long.parseLong(f.get("packets")));
                v.set(2, v.get(2) + Long.parseLong(f.get("bytes")));
            }
        }
        return m;
    }

    /** key -> {flows, packets, bytes} as printed by stat in CSV, keys joined by '|'. */
    private static Map<String, List<Long>> stat(int keyColumns, String... args) {
        List<String> a = new ArrayList<>(List.of("stat", "--store", store.toString(), "--format", "csv", "--quiet",
                "--top", "100000"));
        a.addAll(List.of(args));
        Run r = run(a.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, List<Long>> m = new HashMap<>();
        for (String line : r.lines().subList(1, r.lines().size())) {
            String[] c = line.split(",");
            String key = String.join("|", Arrays.copyOf(c, keyColumns));
            m.put(key, List.of(Long.parseLong(c[keyColumns]), Long.parseLong(c[keyColumns + 1]),
                    Long.parseLong(c[keyColumns + 2])));
        }
        return m;
    }

    @Test
    void statBySourceAddressEqualsTheSumsOfTheQueriedFlows() {
        assertThat(stat(1, "--by", "src_addr", "--order", "bytes")).isEqualTo(sums(f -> List.of(f.get("src_addr"))));
    }

    @Test
    void statByEitherSideAddressCountsEachFlowForBothEnds() {
        assertThat(stat(1, "--by", "ip")).isEqualTo(sums(f -> List.of(f.get("src_addr"), f.get("dst_addr"))));
    }

    @Test
    void statByPrefixAndPortEqualsTheSumsOfTheQueriedFlows() throws Exception {
        Map<String, List<Long>> expected = sums(f -> List.of(slash24(f.get("src_addr")) + "|" + f.get("dst_port")));
        assertThat(stat(2, "--by", "srcip4/24,dst_port", "--order", "packets")).isEqualTo(expected);
    }

    private static String slash24(String addr) {
        try {
            byte[] b = InetAddress.getByName(addr).getAddress();
            if (b.length == 16) {
                return addr + "/128";
            }
            return (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + ".0/24";
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void statWithAFilterEqualsTheQueryWithTheSameFilter() {
        List<Map<String, String>> udp = csv(run("query", "--store", store.toString(), "--format", "csv", "--quiet", "proto udp"));
        Map<String, List<Long>> s = stat(1, "--by", "proto", "proto", "udp");
        assertThat(s).containsOnlyKeys("17");
        assertThat(s.get("17").get(0)).isEqualTo(udp.size());
        assertThat(s.get("17").get(2)).isEqualTo(udp.stream().mapToLong(f -> Long.parseLong(f.get("bytes"))).sum());
    }

    @Test
    void topListsTheKeysWithMostBytesFirstAndTheSummaryGoesToStderr() {
        Run r = run("stat", "--store", store.toString(), "--by", "dst_port", "--order", "bytes", "--top", "3");
        assertThat(r.code()).isZero();
        assertThat(r.lines()).hasSize(4);
        assertThat(r.lines().get(0)).startsWith("dst_port").contains("flows", "packets", "bytes", "bytes_percent");
        Map<String, List<Long>> all = sums(f -> List.of(f.get("dst_port")));
        long best = all.values().stream().mapToLong(v -> v.get(2)).max().orElseThrow();
        assertThat(r.lines().get(1)).contains(" " + best + " ");
        long packets = flows.stream().mapToLong(f -> Long.parseLong(f.get("packets"))).sum();
        assertThat(r.err()).startsWith("Summary: flows " + flows.size() + ", packets " + packets + " ");
        assertThat(r.err()).contains("scanned " + flows.size() + " records");
    }

    @Test
    void jsonOutputNamesColumnsAsWrittenInBy() throws Exception {
        Run r = run("stat", "--store", store.toString(), "--by", "dstip6/48,proto", "--format", "json", "--quiet",
                "--top", "2", "--distinct", "src_addr", "ipv6");
        assertThat(r.lines()).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(r.lines().get(0));
        assertThat(first.get("dstip6/48").asText()).endsWith("/48");
        assertThat(first.get("proto").isNumber()).isTrue();
        assertThat(first.get("distinct_src_addr").asLong()).isPositive();
        assertThat(first.get("flows_percent").asDouble()).isBetween(0.0, 100.0);
    }

    @Test
    void seriesBinsAddUpToTheQueriedTotalsAndCountEachFlowInItsStartBin() {
        Run r = run("series", "--store", store.toString(), "--bin", "5m", "--format", "csv", "--quiet");
        List<Map<String, String>> bins = csv(r);
        Map<String, Long> expected = new HashMap<>();
        for (Map<String, String> f : flows) {
            long first = Instant.parse(f.get("first")).toEpochMilli();
            expected.merge(Instant.ofEpochMilli(first - Math.floorMod(first, 300_000)).toString(), 1L, Long::sum);
        }
        for (Map<String, String> b : bins) {
            assertThat(Long.parseLong(b.get("flows"))).as(b.get("time")).isEqualTo(expected.getOrDefault(b.get("time"), 0L));
        }
        assertThat(bins.stream().mapToLong(b -> Long.parseLong(b.get("flows"))).sum()).isEqualTo(flows.size());
        long bytes = flows.stream().mapToLong(f -> Long.parseLong(f.get("bytes"))).sum();
        Run spread = run("series", "--store", store.toString(), "--bin", "1m", "--spread", "--format", "csv", "--quiet");
        assertThat(csv(spread).stream().mapToLong(b -> Long.parseLong(b.get("bytes"))).sum()).isEqualTo(bytes);
    }

    @Test
    void seriesByKeyListsTheTopKeysPerBin() {
        Run r = run("series", "--store", store.toString(), "--bin", "1h", "--by", "proto", "--top", "2", "--format", "csv", "--quiet");
        List<Map<String, String>> rows = csv(r);
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).containsKeys("time", "proto", "flows"));
        assertThat(rows.stream().map(row -> row.get("proto")).distinct()).hasSizeLessThanOrEqualTo(2);
        Map<String, List<Long>> byProto = sums(f -> List.of(f.get("proto")));
        String top = byProto.entrySet().stream().max((a, b) -> Long.compare(a.getValue().get(2), b.getValue().get(2)))
                .orElseThrow().getKey();
        assertThat(rows.stream().filter(row -> row.get("proto").equals(top)).mapToLong(row -> Long.parseLong(row.get("bytes"))).sum())
                .isEqualTo(byProto.get(top).get(2));
    }

    @Test
    void aTooSmallMemoryLimitPrintsTheApproximationMessage() {
        Run r = run("stat", "--store", store.toString(), "--by", "src_addr,src_port", "--order", "bytes", "--max-memory", "20k");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("results are approximate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--by=colour", "--by=pair,dst_port", "--by=srcip4/40", "--order=speed", "--distinct=nope",
        "--by=proto --top 1 --bottom 1", "--threshold=lots", "--top=-1", "--max-memory=1k"})
    void badStatArgumentsGiveOneLineAndExitCodeTwo(String args) {
        List<String> a = new ArrayList<>(List.of("stat", "--store", store.toString()));
        if (!args.startsWith("--by")) {
            a.add("--by=proto");
        }
        a.addAll(List.of(args.split(" ")));
        Run r = run(a.toArray(new String[0]));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void badSeriesArgumentsGiveOneLineAndExitCodeTwo() {
        for (String[] args : List.of(new String[] {"series", "--store", store.toString(), "--bin", "soon"},
                new String[] {"series", "--store", store.toString(), "--bin", "1m", "--by", "pair"},
                new String[] {"series", "--store", store.toString(), "--bin", "1m", "--from", "2026-01-01T00:00:00Z"},
                new String[] {"series", "--store", store.toString(), "--bin", "1ms", "--spread"},
                new String[] {"series", "--store", store.toString()})) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
    }

    @Test
    void bothCommandsHaveHelp() {
        assertThat(run("stat", "--help").out()).contains("Usage: flowsec stat", "--by", "--bidirectional");
        assertThat(run("series", "--help").out()).contains("Usage: flowsec series", "--spread");
    }
}
