package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/**
 * The second look for first and last ({@link FirstLastSearch}) over blocks in arrival order: exact values, and
 * only the blocks that can change them are read again, also for a listed key that stopped early or started
 * late (which a search by time bounds alone would chase through the whole store).
 */
class FirstLastSearchTest {
    private static final long T0 = Flows.T0;
    private static final int BLOCKS = 200;
    private static final int ROWS = 50;

    /**
     * Blocks of 50 flows, block i ending within [T0 + 10 s * i, T0 + 10 s * (i + 1)), each flow lasting 0..60 s:
     * 10.0.0.1 in every block, 10.0.0.2 only in blocks 0..9 (it stopped early), 10.0.0.3 only in blocks 150..159
     * (it started late), the others once each.
     */
    private static Blocks arrivalOrder() {
        List<FlowBatch> blocks = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < BLOCKS; i++) {
            Flows f = new Flows();
            for (int r = 0; r < ROWS; r++) {
                long last = T0 + 10_000L * i + random.nextInt(10_000);
                long first = last - random.nextInt(60_000);
                String src = r < 10 ? "10.0.0.1"
                        : r < 20 && i < 10 ? "10.0.0.2"
                        : r < 20 && i >= 150 && i < 160 ? "10.0.0.3"
                        : "172.16." + i + "." + r;
                f.add(src, 40000, "198.51.100.1", 443, 6, 100, 100_000, first, last);
            }
            FlowBatch b = new FlowBatch(ROWS);
            for (int r = 0; r < ROWS; r++) {
                b.appendRow(f.row(r), 0);
            }
            blocks.add(b);
        }
        return new Blocks(blocks);
    }

    @Test
    void findsTheExactTimesOfEachListedKeyInAFewBlocks() throws IOException {
        Blocks store = arrivalOrder();
        StatQuery q = StatQuery.of(GroupKey.parse("src_addr"), Order.FLOWS, 3);
        StatResult once = StatEngine.run(q, store.asBatchSource());
        StatResult twice = StatEngine.run(q, store);
        assertThat(once.rows()).extracting(r -> String.join("", q.key().text(r.key())))
                .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(lines(twice)).isEqualTo(lines(once));
        // one full scan, then a few blocks at the start, around the late key's blocks and at the end
        assertThat(store.reads.get(0)).isNull();
        int again = store.reads.stream().skip(1).mapToInt(BitSet::cardinality).sum();
        assertThat(again).as("blocks read again: " + store.reads).isBetween(3, 40);
    }

    @Test
    void aFilterAndAWindowSelectTheSameRowsAsOnePass() throws IOException {
        Blocks store = arrivalOrder();
        StatQuery q = StatQuery.of(GroupKey.parse("src_addr"), Order.BYTES, 5)
                .withFilter(org.flowsec.query.filter.Filter.parse("src net 10.0.0.0/30 or src net 172.16.100.0/22"))
                .withRange(T0 + 55_000, T0 + 1_555_000);
        store.window(q.fromMs(), q.toMs());
        assertThat(lines(StatEngine.run(q, store))).isEqualTo(lines(StatEngine.run(q, store.asBatchSource())));
    }

    @Test
    void aRateOrderOrManyListedKeysReadEveryRowOnce() throws IOException {
        for (StatQuery q : List.of(StatQuery.of(GroupKey.parse("src_addr"), Order.BPS, 3),
                StatQuery.of(GroupKey.parse("src_addr"), Order.FLOWS, StatQuery.MAX_DEFERRED_KEYS + 1))) {
            Blocks store = arrivalOrder();
            StatResult r = StatEngine.run(q, store);
            assertThat(store.reads).containsExactly((BitSet) null);
            assertThat(lines(r)).isEqualTo(lines(StatEngine.run(q, store.asBatchSource())));
        }
    }

    private static List<String> lines(StatResult r) {
        return r.rows().stream().map(row -> String.join(",", r.query().key().text(row.key())) + "|" + row.flows()
                + "|" + row.packets() + "|" + row.bytes() + "|" + row.first() + "|" + row.last()).toList();
    }

    /** Blocks as a store delivers them: whole or chosen ones, only rows in the window, with the blocks' bounds. */
    private static final class Blocks implements BlockSource {
        final List<FlowBatch> blocks;
        /** The span sets each run read (null: all). */
        final List<BitSet> reads = new ArrayList<>();
        private long from = Long.MIN_VALUE;
        private long to = Long.MAX_VALUE;

        Blocks(List<FlowBatch> blocks) {
            this.blocks = blocks;
        }

        /** Delivers only the rows overlapping [from, to), as the store's scan does. */
        void window(long from, long to) {
            this.from = from;
            this.to = to;
        }

        ParallelSource asBatchSource() {
            return ParallelSource.of(visitor -> {
                for (FlowBatch b : blocks) {
                    if (!visitor.visit(b.copy())) {
                        return;
                    }
                }
            });
        }

        @Override
        public List<Span> spans() {
            List<Span> out = new ArrayList<>();
            for (FlowBatch b : blocks) {
                long[] first = b.slot(Field.FIRST.slot());
                long[] last = b.slot(Field.LAST.slot());
                long[] s = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
                for (int r = 0; r < b.size(); r++) {
                    s[0] = Math.min(s[0], first[r]);
                    s[1] = Math.max(s[1], first[r]);
                    s[2] = Math.min(s[2], last[r]);
                    s[3] = Math.max(s[3], last[r]);
                }
                out.add(new Span(s[0], s[1], s[2], s[3]));
            }
            return out;
        }

        @Override
        public <R> void run(Supplier<? extends Function<FlowBatch, R>> workers, Predicate<? super R> consumer)
                throws IOException {
            run(Set.of(), null, workers, consumer);
        }

        @Override
        public <R> void run(Set<Field> fields, BitSet spans, Supplier<? extends Function<FlowBatch, R>> workers,
                            Predicate<? super R> consumer) {
            reads.add(spans == null ? null : (BitSet) spans.clone());
            Function<FlowBatch, R> w = workers.get();
            List<Span> bounds = spans();
            for (int i = 0; i < blocks.size(); i++) {
                if (spans != null && !spans.get(i)) {
                    continue;
                }
                FlowBatch block = blocks.get(i);
                FlowBatch b = new FlowBatch(block.size());
                long[] first = block.slot(Field.FIRST.slot());
                long[] last = block.slot(Field.LAST.slot());
                for (int r = 0; r < block.size(); r++) {
                    if (first[r] < to && last[r] >= from) {
                        b.appendRow(block, r);
                    }
                }
                if (b.size() == 0) {
                    continue;
                }
                b.setTimeBounds(bounds.get(i).minFirst(), bounds.get(i).maxLast());
                R r = w.apply(b);
                if (r != null && !consumer.test(r)) {
                    return;
                }
            }
        }
    }
}
