package org.flowsec.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.stats.Accumulator;
import org.flowsec.stats.DistinctCounter;
import org.flowsec.stats.DistinctCounters;
import org.flowsec.stats.LongKeyAggregator;
import org.flowsec.stats.TopN;

/**
 * Runs a {@link StatQuery} over a {@link BatchSource}: selects the matching rows of each batch with the
 * compiled filter, adds each row to one key (two for an either-side key) in a {@link LongKeyAggregator}
 * with columns flows, packets, bytes (SUM), first (MIN), last (MAX), then picks the top or bottom N with
 * {@link TopN}. Nothing is allocated per row: keys are built in one reused array.
 */
public final class StatEngine {
    /** HyperLogLog precision of distinct counts: 1.6 % standard error once past about 380 values. */
    public static final int DISTINCT_PRECISION = 12;
    private static final Accumulator[] KINDS = {Accumulator.SUM, Accumulator.SUM, Accumulator.SUM,
        Accumulator.MIN, Accumulator.MAX};

    private final StatQuery query;
    private final GroupKey key;
    private final FlowPredicate predicate;
    private final LongKeyAggregator table;
    private final DistinctCounters[] distinct;
    private final long[] words = new long[GroupKey.MAX_WORDS];
    /** Chunks the consumer is done with, for workers to fill again: a scan allocates a few, not one per block. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Chunk> free = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final long[][] values = new long[KINDS.length][];
    private long flows;
    private long packets;
    private long bytes;
    private long records;

    private StatEngine(StatQuery q) {
        this.query = q;
        this.key = q.key();
        this.predicate = q.filter().predicate();
        this.table = new LongKeyAggregator(key.words(), KINDS, q.order().sumColumn(), 16, q.memoryLimitBytes());
        this.distinct = new DistinctCounters[q.distinct().size()];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = new DistinctCounters(key.words(), DISTINCT_PRECISION);
        }
    }

    /** Aggregates every batch of the source and lists the selected keys. */
    public static StatResult run(StatQuery q, BatchSource source) throws IOException {
        return run(q, ParallelSource.of(source));
    }

    /**
     * Aggregates on the source's threads: workers filter their batches and extract keys and values into
     * columns; the calling thread adds those columns to the one key table, in the source's order, so the
     * result (approximation included) is the same as on one thread.
     */
    public static StatResult run(StatQuery q, ParallelSource source) throws IOException {
        StatEngine e = new StatEngine(q);
        source.run(e::newWorker, e::consume);
        return e.result();
    }

    /**
     * The selected rows of one batch as columns: {@code n} entries (one per row and side) of key words,
     * packets, bytes, first, last, and the values of each distinct field (two words for addresses).
     */
    private static final class Chunk {
        int n;
        long records;
        long flows;
        long packets;
        long bytes;
        long[][] keys;
        long[][] values;
        long[][] distinct;

        Chunk(int keyWords, int distinctWords) {
            keys = new long[keyWords][0];
            values = new long[KINDS.length][0];
            distinct = new long[distinctWords][0];
        }

        void ensure(int capacity) {
            if (values[1].length < capacity) {
                int c = Math.max(capacity, 1024);
                keys = grow(keys, c);
                values = grow(values, c);
                distinct = grow(distinct, c);
            }
        }

        private static long[][] grow(long[][] a, int c) {
            long[][] out = new long[a.length][];
            for (int i = 0; i < a.length; i++) {
                out[i] = new long[c];
            }
            return out;
        }
    }

    private int distinctWords() {
        int w = 0;
        for (Field f : query.distinct()) {
            w += f.width();
        }
        return w;
    }

    private Function<FlowBatch, Chunk> newWorker() {
        int[][] rows = {new int[0]};
        long[] k = new long[GroupKey.MAX_WORDS];
        int keyWords = key.words();
        int distinctWords = distinctWords();
        return b -> {
            int n = b.size();
            if (rows[0].length < n) {
                rows[0] = new int[Math.max(n, 1024)];
            }
            Chunk c = free.poll();
            if (c == null) {
                c = new Chunk(keyWords, distinctWords);
            }
            c.ensure(n * key.sides());
            c.records = n;
            c.flows = 0;
            c.packets = 0;
            c.bytes = 0;
            int selected = predicate.select(b, rows[0]);
            int[] sel = rows[0];
            long[] first = b.slot(Field.FIRST.slot());
            long[] last = b.slot(Field.LAST.slot());
            long[] pkts = b.slot(Field.PACKETS.slot());
            long[] octets = b.slot(Field.BYTES.slot());
            int out = 0;
            for (int i = 0; i < selected; i++) {
                int r = sel[i];
                // the source may deliver whole blocks: keep only flows overlapping the query's range
                if (first[r] >= query.toMs() || last[r] < query.fromMs()) {
                    continue;
                }
                c.flows++;
                c.packets += pkts[r];
                c.bytes += octets[r];
                boolean swap = query.bidirectional() && Sides.swapped(b, r);
                for (int side = 0; side < key.sides(); side++) {
                    key.extract(b, r, side, swap, k);
                    for (int w = 0; w < keyWords; w++) {
                        c.keys[w][out] = k[w];
                    }
                    c.values[StatResult.PACKETS][out] = pkts[r];
                    c.values[StatResult.BYTES][out] = octets[r];
                    c.values[StatResult.FIRST][out] = first[r];
                    c.values[StatResult.LAST][out] = last[r];
                    int at = 0;
                    for (Field f : query.distinct()) {
                        c.distinct[at++][out] = b.slot(f.slot())[r];
                        if (f.isAddress()) {
                            c.distinct[at++][out] = b.slot(f.slot() + 1)[r];
                        }
                    }
                    out++;
                }
            }
            c.n = out;
            return c;
        };
    }

    private boolean consume(Chunk c) {
        records += c.records;
        flows += c.flows;
        packets += c.packets;
        bytes += c.bytes;
        values[StatResult.FLOWS] = null; // counts 1 per entry
        for (int v = 1; v < values.length; v++) {
            values[v] = c.values[v];
        }
        table.addColumns(c.n, c.keys, values);
        if (distinct.length > 0) {
            int keyWords = key.words();
            for (int i = 0; i < c.n; i++) {
                for (int w = 0; w < keyWords; w++) {
                    words[w] = c.keys[w][i];
                }
                int at = 0;
                for (int d = 0; d < distinct.length; d++) {
                    DistinctCounter counter = distinct[d].counter(words);
                    if (query.distinct().get(d).isAddress()) {
                        counter.add(c.distinct[at][i], c.distinct[at + 1][i]);
                        at += 2;
                    } else {
                        counter.add(c.distinct[at++][i]);
                    }
                }
            }
        }
        free.add(c);
        return true;
    }

    private StatResult result() {
        Order order = query.order();
        long threshold = Double.isNaN(query.threshold()) ? TopN.NO_THRESHOLD : order.thresholdScore(query.threshold(), query.bottom());
        TopN.Result top = TopN.select(table, order.score(), query.limit(), query.bottom(), threshold);
        List<StatRow> out = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            int s = top.slot(i);
            long[] k = new long[key.words()];
            for (int w = 0; w < k.length; w++) {
                k[w] = table.key(s, w);
            }
            long[] counts = new long[distinct.length];
            for (int d = 0; d < distinct.length; d++) {
                DistinctCounter c = distinct[d].find(k);
                counts[d] = c == null ? 0 : c.estimate();
            }
            out.add(new StatRow(k, table.value(s, StatResult.FLOWS), table.value(s, StatResult.PACKETS),
                    table.value(s, StatResult.BYTES), table.value(s, StatResult.FIRST), table.value(s, StatResult.LAST),
                    top.percent(i, order.sumColumn()), counts));
        }
        return new StatResult(query, List.copyOf(out), table.size(), new Totals(flows, packets, bytes, records),
                table.approximation());
    }
}
