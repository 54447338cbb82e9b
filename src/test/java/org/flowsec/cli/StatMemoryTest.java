package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A top-N over more distinct keys than its memory budget holds finishes on every thread count, says on
 * stderr that it is approximate and by how much, and still names the heaviest keys; a budget too small for
 * any table is a usage error. (The 100-million-flow check under -Xmx2g is a manual one: docs/queries.md.)
 */
class StatMemoryTest {
    @TempDir
    static Path tmp;
    static Path store;

    @BeforeAll
    static void store() throws Exception {
        store = QueryThreadsTest.realisticStore(tmp.resolve("store"));
    }

    private static List<String> keys(String csv) {
        return csv.lines().skip(1).map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList();
    }

    @Test
    void aTopNOverTooManyKeysDegradesToHeavyHittersAndSaysSo() {
        String s = store.toString();
        CliRun exact = CliRun.of("stat", "--store", s, "--by", "src_addr,src_port", "--order", "bytes", "--top", "3",
                "--format", "csv");
        assertThat(exact.code()).isZero();
        assertThat(exact.err()).doesNotContain("approximate");
        for (String threads : List.of("1", "2")) {
            CliRun small = CliRun.of("stat", "--store", s, "--by", "src_addr,src_port", "--order", "bytes", "--top", "3",
                    "--format", "csv", "--max-memory", "40k", "--threads", threads);
            assertThat(small.code()).as(small.err()).isZero();
            assertThat(small.err()).contains("flowsec: results are approximate").contains("memory limit")
                    .contains("raise the heap (-Xmx) or narrow the query");
            // the heaviest keys carry far more bytes than the error bound: still listed, in the same order
            assertThat(keys(small.out()).get(0)).isEqualTo(keys(exact.out()).get(0));
            assertThat(small.err()).contains("Summary: flows 20000,");
        }
    }

    @Test
    void aRankingFromStoredAddressTotalsKeepsToTheMemoryLimitTheSameWay() {
        String s = store.toString();
        CliRun exact = CliRun.of("stat", "--store", s, "--by", "dst_addr", "--order", "bytes", "--top", "3",
                "--format", "csv");
        assertThat(exact.err()).contains("from their address totals").doesNotContain("approximate");
        for (String threads : List.of("1", "2")) {
            CliRun small = CliRun.of("stat", "--store", s, "--by", "dst_addr", "--order", "bytes", "--top", "3",
                    "--format", "csv", "--max-memory", "20k", "--threads", threads);
            assertThat(small.code()).as(small.err()).isZero();
            assertThat(small.err()).contains("from their address totals")
                    .contains("flowsec: results are approximate").contains("memory limit");
            assertThat(keys(small.out()).get(0)).isEqualTo(keys(exact.out()).get(0));
            assertThat(small.err()).contains("Summary: flows 20000,");
        }
    }

    @Test
    void aBudgetTooSmallForAnyTableIsAUsageError() {
        CliRun r = CliRun.of("stat", "--store", store.toString(), "--by", "src_addr", "--max-memory", "1k");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("memory limit");
    }
}
