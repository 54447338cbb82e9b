package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.SpillFiles;
import org.junit.jupiter.api.Test;

/**
 * {@link FlowSorter} equals a reference stable sort (java.util's List.sort) on random flows with many ties,
 * for random orders, limits and memory budgets: in memory, as a bounded top-N, and spilled to real temporary
 * files (the store's {@link SpillFiles}) and merged.
 */
class FlowSorterTest {
    private static final String[] SPECS = {"first", "bytes:desc", "src_addr,dst_port:desc", "proto,bytes:desc,first",
        "dst_addr:desc", "packets:asc,src_port", "tcp_flags"};

    /** Spill to real temporary files, counting the runs written and checking they are deleted on close. */
    private static final class TempRuns implements Spill {
        final SpillFiles files;
        int runs;

        TempRuns() {
            try {
                files = SpillFiles.create(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Run write(FlowBatch rows, int[] order, int n) throws IOException {
            runs++;
            return files.write(rows, order, n)::next;
        }

        @Override
        public void close() throws IOException {
            files.close();
        }
    }

    @Property(tries = 150)
    void sortingEqualsAStableReferenceSort(@ForAll @IntRange(min = 0, max = 3000) int flows,
                                           @ForAll @IntRange(min = 0, max = 6) int spec,
                                           @ForAll @LongRange(min = 0, max = 4000) long limitOrAll,
                                           @ForAll @IntRange(min = 1, max = 400) int budgetRows,
                                           @ForAll long seed) throws IOException {
        long limit = limitOrAll > 3500 ? Long.MAX_VALUE : limitOrAll;
        FlowOrder order = FlowOrder.parse(SPECS[spec]);
        List<FlowBatch> input = randomBatches(seed, flows);
        // reference: every row tagged with its arrival number, sorted stably by the order
        FlowBatch all = new FlowBatch(16);
        input.forEach(all::appendAll);
        List<Integer> ref = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ref.add(i);
        }
        ref.sort((a, b) -> order.compare(all, a, all, b));
        List<String> expected = ref.stream().limit(limit).map(r -> row(all, r)).toList();

        TempRuns[] spill = {null};
        List<String> got = new ArrayList<>();
        try (FlowSorter sorter = new FlowSorter(order, limit, (long) budgetRows * FlowSorter.ROW_BYTES,
                () -> spill[0] = new TempRuns())) {
            for (FlowBatch b : input) {
                sorter.add(b);
            }
            sorter.finish((b, r) -> got.add(row(b, r)));
        }
        assertThat(got).isEqualTo(expected);
        if (spill[0] != null) {
            assertThat(Files.exists(spill[0].files.directory())).as("temporary files deleted").isFalse();
        }
    }

    @Test
    void aTinyBudgetSpillsManyRunsAndStillSortsEveryRow() throws IOException {
        FlowOrder order = FlowOrder.parse("bytes:desc,first");
        List<FlowBatch> input = randomBatches(42, 50_000);
        TempRuns[] spill = {null};
        List<Long> bytes = new ArrayList<>();
        long[] lastFirst = {Long.MIN_VALUE};
        // 1,500 rows of budget: buffers of 1,000 (growing holds old and new rows at once), so 50 runs
        try (FlowSorter sorter = new FlowSorter(order, Long.MAX_VALUE, 1500L * FlowSorter.ROW_BYTES,
                () -> spill[0] = new TempRuns())) {
            for (FlowBatch b : input) {
                sorter.add(b);
            }
            sorter.finish((b, r) -> {
                long v = b.get(Field.BYTES, r);
                if (!bytes.isEmpty() && bytes.get(bytes.size() - 1) == v) {
                    assertThat(b.get(Field.FIRST, r)).isGreaterThanOrEqualTo(lastFirst[0]);
                }
                bytes.add(v);
                lastFirst[0] = b.get(Field.FIRST, r);
                return true;
            });
            assertThat(sorter.spilledRuns()).isEqualTo(50);
        }
        assertThat(bytes).hasSize(50_000).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(spill[0].runs).isEqualTo(50);
        try (Stream<Path> left = Files.list(spill[0].files.directory().getParent())) {
            assertThat(left.filter(p -> p.equals(spill[0].files.directory()))).isEmpty();
        }
    }

    @Test
    void aLimitThatFitsTheBudgetNeverSpills() throws IOException {
        try (FlowSorter sorter = new FlowSorter(FlowOrder.parse("first"), 10, 1000L * FlowSorter.ROW_BYTES, () -> {
            throw new AssertionError("a top-10 must not spill");
        })) {
            for (FlowBatch b : randomBatches(1, 20_000)) {
                sorter.add(b);
            }
            List<Long> firsts = new ArrayList<>();
            sorter.finish((b, r) -> firsts.add(b.get(Field.FIRST, r)));
            assertThat(firsts).hasSize(10).isSorted();
            assertThat(sorter.spilledRuns()).isZero();
        }
    }

    @Test
    void badOrdersSayWhatIsAccepted() {
        assertThatThrownBy(() -> FlowOrder.parse("bogus")).hasMessageContaining("unknown --sort field 'bogus'");
        assertThatThrownBy(() -> FlowOrder.parse("bytes:down")).hasMessageContaining("FIELD:desc");
        assertThatThrownBy(() -> FlowOrder.parse(",")).hasMessageContaining("needs a field");
        assertThat(FlowOrder.parse(" Bytes:DESC , first ").toString()).isEqualTo("bytes:desc,first");
    }

    /** Every slot of a row, so that rows equal in the sort keys but different elsewhere are told apart. */
    private static String row(FlowBatch b, int r) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < Field.SLOTS; s++) {
            sb.append(b.slot(s)[r]).append(' ');
        }
        return sb.toString();
    }

    /** Flows with few distinct values per field (many ties), in batches of 1 to 700 rows. */
    private static List<FlowBatch> randomBatches(long seed, int flows) {
        Random rnd = new Random(seed);
        List<FlowBatch> out = new ArrayList<>();
        int done = 0;
        while (done < flows) {
            int n = Math.min(flows - done, 1 + rnd.nextInt(700));
            FlowBatch b = new FlowBatch(n);
            for (int i = 0; i < n; i++) {
                int r = b.addRow();
                long first = 1_790_000_000_000L + rnd.nextInt(50) * 1000L;
                b.set(Field.FIRST, r, first);
                b.set(Field.LAST, r, first + rnd.nextInt(3) * 500L);
                if (rnd.nextInt(4) == 0) {
                    b.setAddress(Field.SRC_ADDR, r, 0x2001_0DB8_0000_0000L, rnd.nextInt(3));
                } else {
                    b.setIpv4(Field.SRC_ADDR, r, 0x0A00_0000 + rnd.nextInt(5));
                }
                b.setIpv4(Field.DST_ADDR, r, rnd.nextBoolean() ? 0xC000_0201 : 0x0808_0808);
                b.set(Field.SRC_PORT, r, 1024 + rnd.nextInt(3));
                b.set(Field.DST_PORT, r, List.of(53L, 80L, 443L).get(rnd.nextInt(3)));
                b.set(Field.PROTO, r, rnd.nextBoolean() ? 6 : 17);
                b.set(Field.TCP_FLAGS, r, rnd.nextInt(4));
                b.set(Field.PACKETS, r, 1 + rnd.nextInt(4));
                b.set(Field.BYTES, r, 40L * (1 + rnd.nextInt(6)));
                b.set(Field.SAMPLING, r, 1);
                b.set(Field.TOS, r, done + i); // tells every row apart, so the order of ties is checked
            }
            out.add(b);
            done += n;
        }
        return out;
    }
}
