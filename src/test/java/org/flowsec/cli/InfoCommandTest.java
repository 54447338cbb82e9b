package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreBenchData;
import org.flowsec.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowsec info} tells what a store holds from its footers: the flows a full query counts, the bytes the
 * files take, the flow times the flows span; a journal being written and a corrupt file are told apart.
 */
class InfoCommandTest {
    @TempDir
    Path tmp;

    private static long filesSize(Path store, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.toString().endsWith(suffix)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void segmentsAndDaysAddUpToWhatAQueryReads() throws Exception {
        Path store = QueryThreadsTest.realisticStore(tmp.resolve("store"));
        CliRun segments = CliRun.of("info", "--store", store.toString(), "--by", "segment", "--format", "csv", "--quiet");
        assertThat(segments.code()).as(segments.err()).isZero();
        List<String[]> rows = segments.out().lines().skip(1).map(l -> l.split(",", -1)).toList();
        assertThat(segments.out().lines().findFirst()).hasValue("segment,segments,being_written,flows,bytes,bytes_per_flow,first,last");
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r[3])).sum()).isEqualTo(20_000);
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r[4])).sum()).isEqualTo(filesSize(store, ".fsg"));
        for (String[] r : rows) {
            assertThat(store.resolve(r[0])).exists();
            assertThat(r[5]).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", Long.parseLong(r[4]) / Double.parseDouble(r[3])));
        }

        // first and last: those of the flows themselves
        List<String> csv = CliRun.of("query", "--store", store.toString(), "--format", "csv", "--quiet").out().lines().skip(1).toList();
        long first = csv.stream().mapToLong(l -> Instant.parse(l.split(",")[0]).toEpochMilli()).min().orElseThrow();
        long last = csv.stream().mapToLong(l -> Instant.parse(l.split(",")[1]).toEpochMilli()).max().orElseThrow();
        CliRun days = CliRun.of("info", "--store", store.toString(), "--format", "json");
        assertThat(days.out().lines()).hasSize(1);
        assertThat(days.out()).contains("\"segments\":2").contains("\"flows\":20000")
                .contains("\"first\":\"" + Instant.ofEpochMilli(first) + "\"")
                .contains("\"last\":\"" + Instant.ofEpochMilli(last) + "\"");
        assertThat(days.err()).startsWith("Summary: 2 segments (0 being written), flows 20000, ")
                .contains("0 corrupt files");
    }

    @Test
    void aJournalBeingWrittenCountsAndACorruptFileIsNamedAndSkipped() throws Exception {
        Path store = tmp.resolve("live");
        long[] now = {1_790_000_100_000L};
        FlowBatch rows = StoreBenchData.realistic(3_000);
        try (FlowStore s = FlowStore.open(store, StoreConfig.DEFAULTS.withBlockRecords(1000), () -> now[0])) {
            FlowBatch a = new FlowBatch(2_000);
            a.appendRange(rows, 0, 2_000);
            s.accept(a);
        } // closing seals the first window
        now[0] += 300_000;
        try (FlowStore s = FlowStore.open(store, StoreConfig.DEFAULTS.withBlockRecords(1000), () -> now[0])) {
            FlowBatch b = new FlowBatch(1_000);
            b.appendRange(rows, 2_000, 3_000);
            s.accept(b);
            s.flush();
            CliRun live = CliRun.of("info", "--store", store.toString(), "--by", "segment", "--format", "csv");
            assertThat(live.code()).as(live.err()).isZero();
            assertThat(live.out().lines().skip(1).map(l -> l.split(",")[2] + ":" + l.split(",")[3]).toList())
                    .containsExactly("0:2000", "1:1000");
            assertThat(live.err()).startsWith("Summary: 2 segments (1 being written), flows 3000, ");
        }
        Path sealed;
        try (Stream<Path> s = Files.walk(store)) {
            sealed = s.filter(p -> p.toString().endsWith(".fsg")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(sealed);
        Files.write(sealed, java.util.Arrays.copyOf(bytes, bytes.length - 40)); // the footer's end cut off
        CliRun cut = CliRun.of("info", "--store", store.toString(), "--by", "segment", "--format", "csv");
        assertThat(cut.code()).isZero();
        assertThat(cut.err()).contains("flowsec: skipped " + sealed).contains("1 corrupt files");
        assertThat(cut.out().lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[3])).sum()).isEqualTo(1_000);
    }

    @Test
    void anEmptyStoreHasNoFlowsAndAMissingOneIsAUsageError() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        CliRun empty = CliRun.of("info", "--store", tmp.resolve("empty").toString());
        assertThat(empty.code()).isZero();
        assertThat(empty.err()).startsWith("Summary: 0 segments (0 being written), no flows; 0 corrupt files");
        CliRun missing = CliRun.of("info", "--store", tmp.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        CliRun badBy = CliRun.of("info", "--store", tmp.resolve("empty").toString(), "--by", "week");
        assertThat(badBy.code()).isEqualTo(ExitCode.USAGE);
    }
}
