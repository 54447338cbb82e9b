package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.FileHeader;
import org.flowsec.store.format.SegmentTrailer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every truncation class and random bit flips of a sealed segment are detected, reported with the path, and skipped. */
class CorruptFilesTest {
    private static final long T0 = 1_790_000_100_000L;

    @TempDir
    Path dir;
    private final List<String> reports = new ArrayList<>();
    private Path victim;
    private byte[] original;
    private int othersRows;
    private List<SegmentInfo> segs;

    @BeforeEach
    void writeThreeSegments() throws Exception {
        ManualClock clock = new ManualClock(T0);
        RealisticFlows gen = new RealisticFlows(3, T0, 5000);
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(500), clock)) {
            for (int i = 0; i < 3; i++) {
                store.accept(gen.batch(2000));
                clock.advance(Duration.ofMinutes(5).toMillis());
            }
        }
        segs = StoreReader.open(dir).segments();
        assertThat(segs).hasSize(3);
        victim = segs.get(1).path();
        original = Files.readAllBytes(victim);
        othersRows = (int) (segs.get(0).records() + segs.get(2).records());
    }

    private ScanStats scan() throws IOException {
        reports.clear();
        StoreReader reader = StoreReader.open(dir, (file, reason) -> reports.add(file + ": " + reason));
        return reader.scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> true);
    }

    private void assertOnlyVictimLost(ScanStats st, boolean wholeFile) {
        assertThat(st.corruptFiles()).isEqualTo(1);
        assertThat(reports).singleElement().asString().startsWith(victim.toString() + ": ");
        if (wholeFile) {
            assertThat(st.recordsDelivered()).isEqualTo(othersRows);
        } else {
            assertThat(st.recordsDelivered()).isBetween((long) othersRows, (long) othersRows + 2000 - 1);
        }
    }

    @Test
    void everyTruncationPointIsReportedAndTheOtherSegmentsReadFine() throws Exception {
        long footerOffset = java.nio.ByteBuffer.wrap(original, original.length - SegmentTrailer.LENGTH, 8).getLong();
        int[] cuts = {0, 1, FileHeader.LENGTH - 1, FileHeader.LENGTH, FileHeader.LENGTH + 100,
                (int) footerOffset - 1, (int) footerOffset, (int) footerOffset + 5, original.length - SegmentTrailer.LENGTH,
                original.length - 1};
        for (int cut : cuts) {
            Files.write(victim, java.util.Arrays.copyOf(original, cut));
            ScanStats st = scan();
            assertOnlyVictimLost(st, true);
            assertThat(reports.get(0)).as("cut at %d", cut).isNotBlank();
        }
    }

    @Test
    void randomBitFlipsAnywhereInTheFileAreDetected() throws Exception {
        org.flowsec.store.format.AddressTotalsFormat.Ref totals;
        try (SegmentReader sr = SegmentReader.open(victim)) {
            totals = sr.footer().totals();
        }
        assertThat(totals).isNotNull();
        Random r = new Random(11);
        int inTotals = 0;
        for (int k = 0; k < 300; k++) {
            byte[] bad = original.clone();
            int at = k < 48 ? k : r.nextInt(bad.length); // every header byte, then anywhere
            bad[at] ^= (byte) (1 << r.nextInt(8));
            Files.write(victim, bad);
            if (at >= totals.offset() && at < totals.offset() + totals.length()) {
                // the address totals are checked when a ranking reads them: refused there, every row still reads
                inTotals++;
                assertThat(StoreReader.open(dir).addressTotals(victim, Long.MIN_VALUE, Long.MAX_VALUE))
                        .as("flip at %d in the address totals", at).isNull();
                assertThat(scan().corruptFiles()).isZero();
                continue;
            }
            ScanStats st = scan();
            assertThat(st.corruptFiles()).as("flip at %d of %d", at, bad.length).isEqualTo(1);
            assertOnlyVictimLost(st, false);
        }
        assertThat(inTotals).isPositive();
    }

    @Test
    void segmentsListingReportsACorruptFileAndListsTheRest() throws Exception {
        Files.write(victim, java.util.Arrays.copyOf(original, original.length / 2));
        List<String> seen = new ArrayList<>();
        List<SegmentInfo> listed = StoreReader.open(dir, (f, why) -> seen.add(f.toString())).segments();
        assertThat(listed).extracting(SegmentInfo::path).containsExactly(segs.get(0).path(), segs.get(2).path());
        assertThat(seen).containsExactly(victim.toString());
    }

    @Test
    void aCorruptSegmentDoesNotStopTheWriterFromOpening() throws Exception {
        Files.write(victim, java.util.Arrays.copyOf(original, 100));
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS, new ManualClock(T0 + 3_600_000))) {
            store.accept(new RealisticFlows(4, T0, 100).batch(10));
        }
        assertThat(scan().recordsDelivered()).isEqualTo(othersRows + 10);
    }

    @Test
    void recoveryKeepsTheValidPrefixOfATornJournalAndSealsIt() throws Exception {
        SegmentFile jf = SegmentFile.of(dir, T0 + 3_600_000, 0, false);
        FlowBatch a = new RealisticFlows(8, T0, 100).batch(300);
        FlowBatch b = new RealisticFlows(9, T0, 100).batch(300);
        try (ChunkEncoder chunks = new ChunkEncoder(StoreConfig.DEFAULTS);
             JournalWriter w = JournalWriter.create(jf, T0, StoreConfig.DEFAULTS)) {
            for (FlowBatch rows : List.of(a, b)) {
                ByteSink bytes = new ByteSink(1 << 16);
                chunks.encode(rows, bytes);
                w.append(bytes, rows.size());
            }
        }
        long size = Files.size(jf.path());
        try (RandomAccessFile raf = new RandomAccessFile(jf.path().toFile(), "rw")) {
            raf.setLength(size - 7); // the second chunk is torn
        }
        StoreStats stats;
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS, new ManualClock(T0 + 3_600_000))) {
            stats = store.stats();
        }
        assertThat(stats.journalsRecovered()).isEqualTo(1);
        assertThat(stats.recordsRecovered()).isEqualTo(300);
        assertThat(stats.tornBytes()).isGreaterThan(0);
        assertThat(Files.exists(jf.path())).isFalse();
        FlowBatch back = StoreTesting.read(StoreReader.open(dir), Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE);
        assertThat(back.size()).isEqualTo(othersRows + 2000 + 300);
    }
}
