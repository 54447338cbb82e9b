package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowStoreTest {
    private static final long T0 = 1_790_000_100_000L; // 2026-09-21, inside a 5-minute window
    private static final StoreConfig CFG = StoreConfig.DEFAULTS.withBlockRecords(1000);

    @TempDir
    Path dir;

    private static FlowBatch flows(long[][] firstLast) {
        FlowBatch b = new FlowBatch(firstLast.length);
        for (long[] fl : firstLast) {
            int r = b.addRow();
            b.set(Field.FIRST, r, fl[0]);
            b.set(Field.LAST, r, fl[1]);
            b.setIpv4(Field.SRC_ADDR, r, 0x0A000001);
            b.set(Field.BYTES, r, fl[0] % 1000);
        }
        return b;
    }

    @Test
    void aScanSelectsFlowsByFlowTimeWhateverTimeTheyArrived() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, CFG, clock)) {
            // arrive now, but happened an hour ago, a day ago, and span the range edges
            store.accept(flows(new long[][] {
                    {T0 - 3_600_000, T0 - 3_500_000},
                    {T0 - 86_400_000, T0 - 86_399_000},
                    {T0 - 7_200_000, T0 - 3_590_000},
                    {T0 - 3_000_000, T0 - 2_000_000}}));
            clock.advance(Duration.ofMinutes(6).toMillis());
            store.accept(flows(new long[][] {{T0 - 3_550_000, T0 - 3_550_000}}));
        }
        StoreReader reader = StoreReader.open(dir);
        FlowBatch hit = StoreTesting.read(reader, T0 - 3_600_000, T0 - 3_500_000, ScanHints.NONE);
        assertThat(firsts(hit)).containsExactlyInAnyOrder(T0 - 3_600_000, T0 - 7_200_000, T0 - 3_550_000);
        assertThat(firsts(StoreTesting.read(reader, T0 - 86_400_000, T0 - 86_399_999, ScanHints.NONE)))
                .containsExactly(T0 - 86_400_000);
        // [from, to): a flow starting exactly at 'to' is outside, one ending exactly at 'from' is inside
        assertThat(firsts(StoreTesting.read(reader, T0 - 3_500_000, T0 - 3_000_000, ScanHints.NONE)))
                .containsExactlyInAnyOrder(T0 - 3_600_000);
        assertThat(StoreTesting.read(reader, T0, T0 + 1_000_000, ScanHints.NONE).size()).isZero();
    }

    @Test
    void blocksOutsideTheRangeAreSkippedUnread() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(100), clock)) {
            for (int hour = 0; hour < 10; hour++) {
                long[][] rows = new long[100][];
                for (int i = 0; i < 100; i++) {
                    long t = T0 - 36_000_000 + hour * 3_600_000L + i * 1000L;
                    rows[i] = new long[] {t, t + 500};
                }
                store.accept(flows(rows));
            }
        }
        ScanStats st = StoreReader.open(dir).scan(T0 - 36_000_000 + 3_600_000, T0 - 36_000_000 + 7_200_000,
                ScanHints.NONE, b -> true);
        assertThat(st.recordsDelivered()).isEqualTo(100);
        assertThat(st.blocksRead()).isEqualTo(1);
        assertThat(st.blocksSkippedByTime()).isEqualTo(9);
    }

    @Test
    void aReaderSkipsSegmentsItKnowsToBeOutsideTheRangeWithoutOpeningThem() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, CFG, clock)) {
            for (int i = 0; i < 3; i++) {
                store.accept(flows(new long[][] {{T0 + i * 600_000L, T0 + i * 600_000L + 1000}}));
                clock.advance(Duration.ofMinutes(5).toMillis());
            }
        }
        StoreReader reader = StoreReader.open(dir);
        ScanStats first = reader.scan(T0 + 1_200_000, T0 + 1_300_000, ScanHints.NONE, b -> true);
        assertThat(first.segmentsSkipped()).isZero();
        assertThat(first.recordsDelivered()).isEqualTo(1);
        ScanStats again = reader.scan(T0 + 1_200_000, T0 + 1_300_000, ScanHints.NONE, b -> true);
        assertThat(again.segmentsSkipped()).isEqualTo(2);
        assertThat(again.recordsDelivered()).isEqualTo(1);
    }

    @Test
    void theSegmentBeingWrittenIsVisibleToAnotherReaderAfterFlush() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, CFG, clock)) {
            StoreReader other = StoreReader.open(dir);
            store.accept(flows(new long[][] {{T0 - 1000, T0}}));
            store.flush();
            assertThat(StoreTesting.readAll(other).size()).isEqualTo(1);
            List<SegmentInfo> segs = other.segments();
            assertThat(segs).hasSize(1);
            assertThat(segs.get(0).sealed()).isFalse();
            assertThat(segs.get(0).records()).isEqualTo(1);

            store.accept(flows(new long[][] {{T0 - 500, T0}}));
            clock.advance(1000); // flushInterval passed: accept hands a chunk to the writer without an explicit flush
            store.accept(flows(new long[][] {{T0 - 400, T0}}));
            // the writer appends it on its own thread: readers see it moments later, well within the 10 s promised
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (StoreTesting.readAll(other).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(StoreTesting.readAll(other).size()).isEqualTo(3);

            clock.advance(Duration.ofMinutes(5).toMillis());
            store.flush(); // the window ended: rotation hands the journal to the sealer
            store.awaitSealing();
            segs = other.segments();
            assertThat(segs).hasSize(1);
            assertThat(segs.get(0).sealed()).isTrue();
            assertThat(segs.get(0).records()).isEqualTo(3);
            assertThat(StoreTesting.readAll(other).size()).isEqualTo(3);
        }
    }

    @Test
    void aChunkTheWriterCannotAppendIsCountedAndReportedByTheNextFlushAndWritingGoesOn() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Path dateDir = dir.resolve("2026/09/21");
        Files.createDirectories(dateDir.getParent());
        Files.writeString(dateDir, "a file where the window's directory belongs"); // the journal cannot be created
        try (FlowStore store = FlowStore.open(dir, CFG, clock)) {
            store.accept(flows(new long[][] {{T0, T0}, {T0 + 1, T0 + 1}}));
            assertThatThrownBy(store::flush).isInstanceOf(java.io.UncheckedIOException.class);
            assertThat(store.stats().errors()).isEqualTo(1);
            Files.delete(dateDir);
            store.accept(flows(new long[][] {{T0 + 2, T0 + 2}}));
            store.flush(); // the failure was reported once; this chunk goes through
            assertThat(store.stats().errors()).isEqualTo(1);
        }
        FlowBatch stored = StoreTesting.readAll(StoreReader.open(dir));
        assertThat(stored.size()).as("only the chunk that failed is lost").isEqualTo(1);
        assertThat(stored.get(Field.FIRST, 0)).isEqualTo(T0 + 2);
    }

    @Test
    void segmentsRotateByArrivalTimeIntoDatedDirectories() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, CFG, clock)) {
            for (int i = 0; i < 4; i++) {
                store.accept(flows(new long[][] {{T0, T0}}));
                clock.advance(Duration.ofMinutes(5).toMillis());
            }
            store.flush();
            store.awaitSealing();
            assertThat(store.stats().segmentsSealed()).isEqualTo(4);
        }
        List<SegmentInfo> segs = StoreReader.open(dir).segments();
        assertThat(segs).hasSize(4);
        long window = T0 / 300_000 * 300_000;
        assertThat(segs.get(0).path()).isEqualTo(dir.resolve("2026/09/21/seg-" + window + "-0.fsg"));
        assertThat(segs.get(1).windowStartMillis()).isEqualTo(window + 300_000);
    }

    @Test
    void aSecondWriterOnTheSameDirectoryIsRefused() throws Exception {
        try (FlowStore store = FlowStore.open(dir, CFG, new ManualClock(T0))) {
            assertThatThrownBy(() -> FlowStore.open(dir, CFG, new ManualClock(T0)))
                    .isInstanceOf(IOException.class).hasMessageContaining("another flowsec writer");
        }
        FlowStore.open(dir, CFG, new ManualClock(T0)).close();
    }

    @Test
    void aRestartInTheSameWindowStartsTheNextSegmentAndKeepsTheFirst() throws Exception {
        for (int run = 0; run < 3; run++) {
            try (FlowStore store = FlowStore.open(dir, CFG, new ManualClock(T0 + run))) {
                store.accept(flows(new long[][] {{T0 + run, T0 + run}}));
            }
        }
        List<SegmentInfo> segs = StoreReader.open(dir).segments();
        assertThat(segs).extracting(SegmentInfo::seq).containsExactly(0, 1, 2);
        assertThat(StoreTesting.readAll(StoreReader.open(dir)).size()).isEqualTo(3);
    }

    @Test
    void anAddressHintSkipsBlocksThatCannotHoldTheAddressButFindsEveryRowThatHasIt() throws Exception {
        FlowBatch all = new RealisticFlows(5, T0, 20_000).batch(20_000);
        InetAddress needle = InetAddress.getByName("198.51.100.7");
        for (int r = 0; r < all.size(); r += 4999) {
            all.setIpv4(Field.DST_ADDR, r, 0xC6336407);
        }
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(1000), new ManualClock(T0))) {
            store.accept(all);
        }
        FlowBatch got = new FlowBatch(16);
        ScanStats st = StoreReader.open(dir).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.anyAddress(needle), b -> {
            for (int i = 0; i < b.size(); i++) {
                if (b.hi(Field.DST_ADDR, i) == 0 && b.lo(Field.DST_ADDR, i) == Addresses.v4Low(0xC6336407)) {
                    got.appendRow(b, i);
                }
            }
            return true;
        });
        assertThat(got.size()).isEqualTo(5);
        assertThat(st.blocksRead()).isLessThanOrEqualTo(7); // 5 blocks hold it; ~1% false positives
        assertThat(st.blocksSkippedByBloom()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void aVisitorCanStopTheScanEarly() throws Exception {
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(100), new ManualClock(T0))) {
            store.accept(new RealisticFlows(1, T0, 1000).batch(1000));
        }
        int[] calls = {0};
        StoreReader.open(dir).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> ++calls[0] < 2);
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aProjectedScanDecodesTheRequestedFieldsExactly() throws Exception {
        FlowBatch in = new RealisticFlows(12, T0, 20_000).batch(5000);
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(1000), new ManualClock(T0))) {
            store.accept(in.copy());
        }
        FlowBatch all = StoreTesting.readAll(StoreReader.open(dir));
        FlowBatch some = StoreTesting.read(StoreReader.open(dir), Long.MIN_VALUE, Long.MAX_VALUE,
                ScanHints.NONE.withFields(Field.SRC_ADDR, Field.DST_PORT, Field.BYTES));
        assertThat(some.size()).isEqualTo(all.size());
        for (Field f : List.of(Field.SRC_ADDR, Field.SRC_PORT, Field.DST_PORT, Field.BYTES)) {
            for (int k = 0; k < f.width(); k++) {
                assertThat(java.util.Arrays.equals(some.slot(f.slot() + k), 0, some.size(),
                        all.slot(f.slot() + k), 0, all.size())).as(f.catalogName()).isTrue();
            }
        }
        // a window cutting through the blocks filters rows by time; "last" alone brings "first" (it is relative)
        long from = T0 + 100;
        long to = T0 + 200;
        FlowBatch windowAll = StoreTesting.read(StoreReader.open(dir), from, to, ScanHints.NONE);
        FlowBatch windowLast = StoreTesting.read(StoreReader.open(dir), from, to, ScanHints.NONE.withFields(Field.LAST));
        assertThat(windowLast.size()).isEqualTo(windowAll.size()).isBetween(1, all.size() - 1);
        for (Field f : List.of(Field.FIRST, Field.LAST)) {
            assertThat(java.util.Arrays.equals(windowLast.slot(f.slot()), 0, windowLast.size(),
                    windowAll.slot(f.slot()), 0, windowAll.size())).as(f.catalogName()).isTrue();
        }
    }

    private static List<Long> firsts(FlowBatch b) {
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(b.get(Field.FIRST, i));
        }
        return out;
    }

    @Test
    void closeSealsTheLastJournal() throws Exception {
        try (FlowStore store = FlowStore.open(dir, CFG, new ManualClock(T0))) {
            store.accept(flows(new long[][] {{T0, T0}}));
        }
        assertThat(StoreTesting.journals(dir)).isEmpty();
        assertThat(StoreTesting.sealedFiles(dir)).hasSize(1);
        assertThat(Files.exists(dir.resolve(FlowStore.LOCK_FILE))).isTrue();
    }
}
