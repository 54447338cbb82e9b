package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code query --write DIR} keeps the matching flows in a store of their own, every field intact, as
 * nfdump -w and rwfilter --pass do: 20,000 realistic flows in blocks of 1,000 over two segments.
 */
class QueryWriteTest extends RealisticStoreCliTest {
    /** The CSV lines (header dropped) of {@code dir}'s flows matching {@code filter}, sorted. */
    private static List<String> csv(String dir, String filter) {
        CliRun r = CliRun.of("query", "--store", dir, "--format", "csv", "--quiet", "--filter", filter);
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = new ArrayList<>(r.out().lines().skip(1).toList());
        lines.sort(null);
        return lines;
    }

    @Test
    void theWrittenStoreHoldsExactlyTheMatchingFlows() {
        String out = tmp.resolve("https").toString();
        String filter = "proto tcp and dst port 443";
        CliRun w = CliRun.of("query", "--store", store, "--write", out, "--filter", filter);
        assertThat(w.code()).as(w.err()).isZero();
        assertThat(w.out()).isEmpty();
        List<String> expected = csv(store, filter);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(w.err()).contains("wrote " + expected.size() + " flows to " + out);
        assertThat(csv(out, "any")).isEqualTo(expected);
        assertThat(CliRun.of("query", "--store", out, "--count", "--format", "csv", "--quiet").out())
                .isEqualTo(CliRun.of("query", "--store", store, "--count", "--format", "csv", "--quiet", "--filter", filter).out());

        // a second run adds to the store
        assertThat(CliRun.of("query", "--store", store, "--write", out, "--quiet", "--filter", filter).code()).isZero();
        List<String> twice = csv(out, "any");
        assertThat(twice).hasSize(2 * expected.size());
        assertThat(new HashSet<>(twice)).isEqualTo(new HashSet<>(expected));
    }

    @Test
    void aLimitKeepsThatManyOfTheMatchingFlows() {
        String out = tmp.resolve("first-udp").toString();
        CliRun w = CliRun.of("query", "--store", store, "--write", out, "--limit", "250", "proto", "udp");
        assertThat(w.code()).as(w.err()).isZero();
        List<String> kept = csv(out, "any");
        assertThat(kept).hasSize(250);
        assertThat(csv(store, "proto udp")).containsAll(kept);
    }

    @Test
    void itNeverWritesIntoTheStoreItReadsAndPrintsNothingElse() throws Exception {
        for (String[] args : List.of(
                new String[] {"query", "--store", store, "--write", store},
                new String[] {"query", "--store", store, "--write", Path.of(store).resolve("sub").toString()},
                new String[] {"query", "--store", store, "--write", tmp.resolve("x").toString(), "--count"},
                new String[] {"query", "--store", store, "--write", tmp.resolve("x").toString(), "--sort", "bytes"},
                new String[] {"query", "--store", store, "--write", tmp.resolve("x").toString(), "--fields", "bytes"})) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
            assertThat(r.err()).startsWith("flowsec: ").contains("--write");
        }
        java.nio.file.Path file = tmp.resolve("a-file");
        java.nio.file.Files.writeString(file, "not a store");
        CliRun onFile = CliRun.of("query", "--store", store, "--write", file.toString());
        assertThat(onFile.code()).isEqualTo(ExitCode.USAGE);
        assertThat(onFile.err()).isEqualTo("flowsec: --write " + file + " is a file: give a directory for the new store\n");
        assertThat(tmp.resolve("x")).doesNotExist();
        assertThat(Path.of(store).resolve("sub")).doesNotExist();
    }
}
