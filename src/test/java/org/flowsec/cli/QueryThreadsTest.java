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
        store = tmp.resolve("store");
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
    }

    private static String run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(new String[0]));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
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
