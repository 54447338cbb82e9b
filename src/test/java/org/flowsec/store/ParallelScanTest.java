package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scan on several threads hands the consumer exactly what the one-thread scan hands its visitor, in the
 * same order, with the same counters: three sealed segments of several blocks plus the live journal of a
 * fourth, whole or through a time window, with early stops, corrupt blocks and failing workers.
 */
class ParallelScanTest {
    private static final long T0 = 1_790_000_100_000L;

    @TempDir
    Path dir;
    private FlowStore store;
    private final List<String> reports = new ArrayList<>();

    @BeforeEach
    void threeSealedSegmentsAndALiveJournal() throws Exception {
        ManualClock clock = new ManualClock(T0);
        RealisticFlows gen = new RealisticFlows(5, T0, 5000);
        try (FlowStore sealed = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(500), clock)) {
            for (int i = 0; i < 3; i++) {
                sealed.accept(gen.batch(2000));
                clock.advance(Duration.ofMinutes(5).toMillis());
            }
        }
        // closing sealed the three; a store opened again in the next window keeps its rows in a journal
        store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(500), clock);
        store.accept(gen.batch(700));
        store.flush();
        assertThat(StoreTesting.journals(dir)).isNotEmpty();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    private StoreReader reader() throws IOException {
        return StoreReader.open(dir, (file, reason) -> reports.add(file + ": " + reason));
    }

    private record Read(FlowBatch rows, ScanStats stats, int batches) {}

    private Read sequential(long from, long to, ScanHints hints) throws IOException {
        FlowBatch all = new FlowBatch(16);
        int[] batches = {0};
        ScanStats st = reader().scan(from, to, hints, b -> {
            all.appendAll(b);
            batches[0]++;
            return true;
        });
        return new Read(all, st, batches[0]);
    }

    private Read parallel(int threads, long from, long to, ScanHints hints) throws IOException {
        FlowBatch all = new FlowBatch(16);
        int[] batches = {0};
        ScanStats st = reader().scan(from, to, hints, threads, () -> FlowBatch::copy, b -> {
            all.appendAll(b);
            batches[0]++;
            return true;
        });
        return new Read(all, st, batches[0]);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void everyThreadCountDeliversTheSameRowsInTheSameOrder(int threads) throws IOException {
        Read seq = sequential(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE);
        Read par = parallel(threads, Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE);
        assertThat(seq.rows().size()).isEqualTo(6700);
        assertThat(par.rows().sameRows(seq.rows())).isTrue();
        assertThat(par.batches()).isEqualTo(seq.batches());
        assertThat(par.stats().toString()).isEqualTo(seq.stats().toString());
        assertThat(par.stats().journals()).isEqualTo(1);
    }

    @Test
    void aTimeWindowAndAProjectionSelectTheSameRowsAndColumns() throws IOException {
        long from = T0 + 300; // the flows start within the first 1.5 s
        long to = T0 + 700;
        ScanHints hints = ScanHints.NONE.withFields(Field.SRC_ADDR, Field.BYTES);
        Read seq = sequential(from, to, hints);
        Read par = parallel(2, from, to, hints);
        assertThat(seq.rows().size()).isBetween(1, 6699);
        assertThat(par.rows().size()).isEqualTo(seq.rows().size());
        for (Field f : List.of(Field.SRC_ADDR, Field.BYTES)) {
            for (int k = 0; k < f.width(); k++) {
                assertThat(java.util.Arrays.copyOf(par.rows().slot(f.slot() + k), par.rows().size()))
                        .as(f.catalogName()).containsExactly(java.util.Arrays.copyOf(seq.rows().slot(f.slot() + k), seq.rows().size()));
            }
        }
        assertThat(par.stats().toString()).isEqualTo(seq.stats().toString());
    }

    @Test
    void codesStayWithTheirRowsWhenATimeWindowCutsBlocks() throws IOException {
        long from = T0 + 300;
        long to = T0 + 700;
        ScanHints hints = ScanHints.NONE.withFields(Field.SRC_ADDR, Field.PROTO).withCodes(java.util.Set.of(Field.SRC_ADDR,
                Field.PROTO));
        int[] coded = {0};
        reader().scan(from, to, hints, 2, () -> b -> {
            int[] seen = new int[b.size()];
            for (int s : new int[] {Field.SRC_ADDR.slot() + 1, Field.PROTO.slot()}) {
                if (b.codeRange(s) == 0) {
                    continue;
                }
                java.util.Map<Integer, Long> local = new java.util.HashMap<>();
                for (int r = 0; r < b.size(); r++) {
                    long v = b.slot(s)[r];
                    assertThat(local.computeIfAbsent(b.codes(s)[r], c -> v)).as("slot %d row %d", s, r).isEqualTo(v);
                    seen[r]++;
                }
            }
            return seen.length > 0 && seen[0] > 0 ? 1 : 0;
        }, r -> {
            coded[0] += r;
            return true;
        });
        assertThat(coded[0]).as("batches that had codes").isPositive();
    }

    @Test
    void aConsumerThatSaysStopGetsNoMoreResults() throws IOException {
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger worked = new AtomicInteger();
        reader().scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, 2, () -> b -> worked.incrementAndGet(),
                r -> consumed.incrementAndGet() < 3);
        assertThat(consumed.get()).isEqualTo(3);
        assertThat(worked.get()).isLessThan(14); // 13 blocks and the journal: in-flight work is bounded
    }

    @Test
    void aCorruptBlockIsCountedAndReportedOnceAndTheRestIsRead() throws Exception {
        store.close();
        store = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(500), new ManualClock(T0 + 3_600_000));
        Path victim = StoreTesting.sealedFiles(dir).get(1);
        SegmentReader r = SegmentReader.open(victim);
        var blocks = r.footer().blocks();
        r.close();
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            for (int b : new int[] {0, 2}) {
                long at = blocks.get(b).offset() + blocks.get(b).length() / 2;
                f.seek(at);
                int x = f.read();
                f.seek(at);
                f.write(x ^ 0x10);
            }
        }
        Read seq = sequential(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE);
        List<String> seqReports = List.copyOf(reports);
        reports.clear();
        Read par = parallel(2, Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE);
        assertThat(par.stats().corruptBlocks()).isEqualTo(2);
        assertThat(par.stats().corruptFiles()).isEqualTo(1);
        assertThat(par.stats().toString()).isEqualTo(seq.stats().toString());
        assertThat(par.rows().sameRows(seq.rows())).isTrue();
        assertThat(reports).hasSize(1).allMatch(s -> s.startsWith(victim.toString()));
        assertThat(seqReports).isNotEmpty();
    }

    @Test
    void aFailingWorkerFailsTheScan() {
        assertThatThrownBy(() -> reader().scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, 2,
                () -> b -> {
                    throw new IllegalStateException("worker bug");
                }, r -> true)).isInstanceOf(IllegalStateException.class).hasMessage("worker bug");
    }

    @Test
    void aScanOfAnEmptyWindowConsumesNothing() throws IOException {
        AtomicInteger consumed = new AtomicInteger();
        ScanStats st = reader().scan(T0 - 10_000_000, T0 - 9_000_000, new ScanHints(new long[0], Set.of()), 2,
                () -> b -> 1, r -> consumed.incrementAndGet() > 0);
        assertThat(consumed.get()).isZero();
        assertThat(st.recordsDelivered()).isZero();
    }
}
