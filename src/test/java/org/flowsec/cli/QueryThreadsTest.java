package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreBenchData;
import org.flowsec.store.StoreConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code query} and {@code stat} print exactly the same on one thread and on several: 20,000 realistic flows
 * in blocks of 1,000 over two segments, several questions each.
 */
class QueryThreadsTest {
    @TempDir
    static Path tmp;
    static Path store;

    @BeforeAll
    static void twentyThousandFlowsInTwoSegments() throws Exception {
        store = realisticStore(tmp.resolve("store"));
    }

    /** 20,000 realistic flows in blocks of 1,000, in two segments five minutes apart. */
    static Path realisticStore(Path store) throws java.io.IOException {
        long[] now = {1_790_000_100_000L};
        FlowBatch all = StoreBenchData.realistic(20_000);
        try (FlowStore s = FlowStore.open(store, StoreConfig.DEFAULTS.withBlockRecords(1000), () -> now[0])) {
            for (int half = 0; half < 2; half++) {
                FlowBatch b = new FlowBatch(10_000);
                b.appendRange(all, half * 10_000, half * 10_000 + 10_000);
                s.accept(b);
                s.flush();
                now[0] += 300_000;
            }
        }
        return store;
    }

    private static String run(List<String> args) {
        return runWithErr(args)[0];
    }

    private static String[] runWithErr(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(new String[0]));
        assertThat(code).as(err.toString()).isZero();
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void sortAloneSortsByStartTimeStablyAndSpillsWhenTheBudgetIsSmall() {
        String store = QueryThreadsTest.store.toString();
        List<String> unsorted = run(List.of("query", "--store", store, "--format", "csv", "--quiet", "proto", "udp"))
                .lines().skip(1).toList();
        String[] sorted = runWithErr(List.of("query", "--store", store, "--format", "csv", "--max-memory", "200k",
                "--sort", "--", "proto", "udp"));
        List<String> expected = new ArrayList<>(unsorted);
        expected.sort(java.util.Comparator.comparing(line -> java.time.Instant.parse(line.substring(0, line.indexOf(',')))));
        assertThat(unsorted).hasSizeGreaterThan(2000).isNotEqualTo(expected);
        assertThat(sorted[0].lines().skip(1).toList()).isEqualTo(expected);
        assertThat(sorted[1]).contains("runs on temporary files").contains("Summary: flows " + expected.size() + ",");
    }

    @Test
    void linesFormattedOnTheScanThreadsEqualThosePrintedOneByOne() {
        String store = QueryThreadsTest.store.toString();
        for (String format : List.of("csv", "json")) {
            // without --limit the scan threads format the lines; with one, this thread prints row by row
            String threaded = run(List.of("query", "--store", store, "--format", format, "--quiet", "not", "proto", "udp"));
            String oneByOne = run(List.of("query", "--store", store, "--format", format, "--quiet", "--limit", "1000000",
                    "not", "proto", "udp"));
            assertThat(threaded.lines().count()).isGreaterThan(10_000);
            assertThat(threaded).isEqualTo(oneByOne);
        }
        String empty = run(List.of("query", "--store", store, "--format", "csv", "--quiet", "proto", "99"));
        assertThat(empty.lines().toList()).singleElement().asString().startsWith("first,last,");
    }

    @Test
    void aBadSortFieldIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "query", "--store",
                store.toString(), "--sort", "colour");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown --sort field 'colour'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "query --format csv proto tcp and dst port 443",
        "query --format csv --limit 7 not proto tcp",
        "query --format json host 10.1.0.5 or net 172.16.0.0/16",
        "query --count proto udp",
        "query --count",
        "stat --by src_addr --order bytes --top 10",
        "stat --by srcip4/24,dst_port --top 25 --distinct dst_addr",
        "stat --by ip --order packets --top 10 --bidirectional proto tcp",
        "stat --by port --bottom 5",
        "query --format csv --sort bytes:desc,first --limit 20 proto tcp",
        "query --format csv --sort src_addr,dst_port:desc --max-memory 64k not proto tcp",
    })
    void oneThreadAndSeveralPrintTheSame(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(1, List.of("--store", store.toString(), "--quiet"));
        List<String> one = new ArrayList<>(args);
        one.addAll(1, List.of("--threads", "1"));
        List<String> three = new ArrayList<>(args);
        three.addAll(1, List.of("--threads", "3"));
        String expected = run(one);
        assertThat(expected.lines().count()).isGreaterThan(1);
        assertThat(run(three)).isEqualTo(expected);
    }
}
