package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A sealed segment stores, per source and per destination address, the flows, packets, bytes, earliest first
 * and latest last of its rows; a ranking by address over whole segments reads them instead of the rows, so they
 * must be exactly what the rows add up to, whichever way sealing wrote the blocks.
 */
class SegmentAddressTotalsTest {
    private static final long T0 = 1_790_000_100_000L;
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        if (dir != null) {
            StoreTesting.deleteTree(dir);
        }
    }

    /** chunkRecords 1,000: journal chunks copied into the segment as they are; 5,000: rows decoded and re-blocked. */
    @ParameterizedTest
    @ValueSource(ints = {1000, 5000})
    void aSegmentsTotalsAreItsRowsSummedPerSourceAndPerDestinationAddress(int chunkRecords) throws Exception {
        dir = Files.createTempDirectory("flowsec-totals");
        StoreConfig cfg = new StoreConfig(Duration.ofDays(1), 1000, 1, chunkRecords, Duration.ofSeconds(1), false,
                Duration.ofDays(3650), 0, true);
        FlowBatch rows = new RealisticFlows(7, T0, 3_000).batch(12_345);
        write(cfg, rows);
        StoreReader reader = StoreReader.open(dir);
        Path segment = StoreTesting.sealedFiles(dir).get(0);
        AddressTotals[] totals = reader.addressTotals(segment, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(totals).isNotNull();
        FlowBatch back = StoreTesting.readAll(reader);
        assertThat(asMap(totals[0])).isEqualTo(sumByHand(back, Field.SRC_ADDR));
        assertThat(asMap(totals[1])).isEqualTo(sumByHand(back, Field.DST_ADDR));
        assertThat(totals[0].totalFlows()).isEqualTo(12_345);
        assertThat(totals[1].totalBytes()).isEqualTo(totals[0].totalBytes());
    }

    @Test
    void totalsStandForASegmentOnlyWhenEveryOneOfItsFlowsOverlapsTheWindow() throws Exception {
        dir = Files.createTempDirectory("flowsec-totals");
        FlowBatch rows = new RealisticFlows(8, T0, 500).batch(4_000);
        write(StoreConfig.DEFAULTS.withBlockRecords(1000), rows);
        StoreReader reader = StoreReader.open(dir);
        Path segment = StoreTesting.sealedFiles(dir).get(0);
        long minLast = Long.MAX_VALUE;
        long maxFirst = Long.MIN_VALUE;
        for (int r = 0; r < rows.size(); r++) {
            minLast = Math.min(minLast, rows.get(Field.LAST, r));
            maxFirst = Math.max(maxFirst, rows.get(Field.FIRST, r));
        }
        // a flow overlaps [from, to) when it starts before to and ends at from or later
        assertThat(reader.addressTotals(segment, minLast, maxFirst + 1)).isNotNull();
        assertThat(reader.addressTotals(segment, minLast + 1, maxFirst + 1)).isNull();
        assertThat(reader.addressTotals(segment, minLast, maxFirst)).isNull();
    }

    @Test
    void aFlowThatEndsBeforeItStartsKeepsTheTotalsOutOfAWindowItsEndLiesOutside() throws Exception {
        dir = Files.createTempDirectory("flowsec-totals");
        FlowBatch rows = new RealisticFlows(11, T0, 500).batch(2_000);
        long[] first = rows.slot(Field.FIRST.slot());
        long[] last = rows.slot(Field.LAST.slot());
        long earliest = Long.MAX_VALUE;
        for (int r = 0; r < rows.size(); r++) {
            earliest = Math.min(earliest, first[r]);
        }
        // an exporter's clock gone wrong: ends ten seconds before the segment's earliest start
        last[1_000] = earliest - 10_000;
        write(StoreConfig.DEFAULTS.withBlockRecords(1000), rows);
        StoreReader reader = StoreReader.open(dir);
        Path segment = StoreTesting.sealedFiles(dir).get(0);
        // a scan from the earliest start leaves that flow out (it does not overlap), so the totals must not stand in
        assertThat(StoreTesting.read(reader, earliest, Long.MAX_VALUE, ScanHints.NONE).size()).isEqualTo(1_999);
        assertThat(reader.addressTotals(segment, earliest, Long.MAX_VALUE)).isNull();
        assertThat(reader.addressTotals(segment, earliest - 10_000, Long.MAX_VALUE)).isNotNull();
    }

    @Test
    void damagedTotalsAreLeftOutWhileEveryRowStillReads() throws Exception {
        dir = Files.createTempDirectory("flowsec-totals");
        FlowBatch rows = new RealisticFlows(9, T0, 500).batch(3_000);
        write(StoreConfig.DEFAULTS.withBlockRecords(1000), rows);
        Path segment = StoreTesting.sealedFiles(dir).get(0);
        org.flowsec.store.format.AddressTotalsFormat.Ref ref;
        try (SegmentReader r = SegmentReader.open(segment)) {
            ref = r.footer().totals();
        }
        assertThat(ref).isNotNull();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = ref.offset() + ref.length() / 2;
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
            ch.write(one, at);
        }
        StoreReader reader = StoreReader.open(dir);
        assertThat(reader.addressTotals(segment, Long.MIN_VALUE, Long.MAX_VALUE)).isNull();
        assertThat(StoreTesting.readAll(reader).size()).isEqualTo(3_000);
    }

    @Test
    void aSideWithMoreAddressesThanTheBuilderKeepsIsLeftOutAndItsMemoryFreed() {
        FlowBatch rows = new RealisticFlows(10, T0, 5_000).batch(20_000);
        AddressTotalsBuilder few = new AddressTotalsBuilder(Field.SRC_ADDR, 100);
        few.add(rows);
        assertThat(few.gaveUp()).isTrue();
        assertThat(few.build()).isNull();
        AddressTotalsBuilder enough = new AddressTotalsBuilder(Field.SRC_ADDR, 1 << 16);
        enough.add(rows);
        assertThat(asMap(enough.build())).isEqualTo(sumByHand(rows, Field.SRC_ADDR));
    }

    private void write(StoreConfig cfg, FlowBatch rows) throws Exception {
        try (FlowStore store = FlowStore.open(dir, cfg, new ManualClock(T0))) {
            for (int from = 0; from < rows.size(); from += 700) {
                FlowBatch part = new FlowBatch(700);
                part.appendRange(rows, from, Math.min(rows.size(), from + 700));
                store.accept(part);
            }
        }
        assertThat(StoreTesting.sealedFiles(dir)).hasSize(1);
    }

    /** address "hi/lo" -> flows, packets, bytes, first, last, summed row by row. */
    private static Map<String, List<Long>> sumByHand(FlowBatch b, Field side) {
        Map<String, long[]> sums = new TreeMap<>();
        for (int r = 0; r < b.size(); r++) {
            long[] s = sums.computeIfAbsent(b.hi(side, r) + "/" + b.lo(side, r),
                    k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            s[0]++;
            s[1] += b.get(Field.PACKETS, r);
            s[2] += b.get(Field.BYTES, r);
            s[3] = Math.min(s[3], b.get(Field.FIRST, r));
            s[4] = Math.max(s[4], b.get(Field.LAST, r));
        }
        Map<String, List<Long>> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, List.of(s[0], s[1], s[2], s[3], s[4])));
        return out;
    }

    private static Map<String, List<Long>> asMap(AddressTotals t) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (int e = 0; e < t.size(); e++) {
            out.put(t.hi()[e] + "/" + t.lo()[e],
                    List.of(t.flows()[e], t.packets()[e], t.bytes()[e], t.first()[e], t.last()[e]));
        }
        return out;
    }
}
