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
import org.flowsec.stats.Approximation;
import org.flowsec.stats.DistinctCounter;
import org.flowsec.stats.DistinctCounters;
import org.flowsec.stats.KeyHash;
import org.flowsec.stats.LongKeyAggregator;
import org.flowsec.stats.TopN;

/**
 * Runs a {@link StatQuery} over a {@link BatchSource}: selects the matching rows of each batch with the
 * compiled filter, adds each row to one key (two for an either-side key) in a {@link LongKeyAggregator}
 * with columns flows, packets, bytes (SUM), first (MIN), last (MAX), then picks the top or bottom N with
 * {@link TopN}. Without distinct counts each thread pre-aggregates in a {@link StatWorker}'s cache of hot
 * keys; with them rows go to the tables one by one. Nothing is allocated per row.
 */
public final class StatEngine {
    /** HyperLogLog precision of distinct counts: 1.6 % standard error once past about 380 values. */
    public static final int DISTINCT_PRECISION = 12;
    static final Accumulator[] KINDS = {Accumulator.SUM, Accumulator.SUM, Accumulator.SUM,
        Accumulator.MIN, Accumulator.MAX};

    private final StatQuery query;
    private final GroupKey key;
    private final FlowPredicate predicate;
    /** Key tables by partition of the key's hash; each behind its lock, so workers aggregate in parallel. */
    private final LongKeyAggregator[] tables;
    private final DistinctCounters[][] distinct;
    private final java.util.concurrent.locks.ReentrantLock[] locks;
    private final java.util.concurrent.atomic.AtomicInteger workers = new java.util.concurrent.atomic.AtomicInteger();
    /** The pre-aggregating workers made so far, drained once the source has ended. */
    private final List<StatWorker> started = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Whether first and last are left to {@link FirstLastSearch} (the scan decodes neither). */
    private final boolean timesDeferred;
    private long flows;
    private long packets;
    private long bytes;
    private long records;

    /**
     * With one partition, rows reach the table in the source's order and results are exactly reproducible,
     * approximations included; with several, exact results are the same, approximate ones may vary a little
     * with the threads' timing. The memory limit is shared evenly: the hash spreads keys evenly.
     */
    StatEngine(StatQuery q, int partitions, boolean timesDeferred) {
        this.timesDeferred = timesDeferred;
        this.query = q;
        this.key = q.key();
        this.predicate = q.filter().predicate();
        this.tables = new LongKeyAggregator[partitions];
        this.distinct = new DistinctCounters[partitions][q.distinct().size()];
        this.locks = new java.util.concurrent.locks.ReentrantLock[partitions];
        for (int p = 0; p < partitions; p++) {
            tables[p] = new LongKeyAggregator(key.words(), KINDS, q.order().sumColumn(), 16,
                    q.memoryLimitBytes() / partitions);
            for (int i = 0; i < q.distinct().size(); i++) {
                distinct[p][i] = new DistinctCounters(key.words(), DISTINCT_PRECISION);
            }
            locks[p] = new java.util.concurrent.locks.ReentrantLock();
        }
    }

    /** Aggregates every batch of the source and lists the selected keys. */
    public static StatResult run(StatQuery q, BatchSource source) throws IOException {
        return run(q, ParallelSource.of(source));
    }

    /**
     * Aggregates on the source's threads: each worker filters its batches, extracts keys and values into
     * columns and adds them to the key table of each key's hash partition (one per thread), under that
     * partition's lock; without distinct counts through its own {@link StatWorker} cache of hot keys. The
     * calling thread only sums the totals; the top N is picked over all partitions.
     */
    public static StatResult run(StatQuery q, ParallelSource source) throws IOException {
        if (source instanceof BlockSource blocks && q.addressTotalsUsable()) {
            StatResult r = StoredTotalsPass.run(q, blocks);
            if (r != null) {
                return r;
            }
        }
        if (source instanceof BlockSource blocks && q.timesDeferrable()) {
            StatResult r = runDeferringTimes(q, blocks);
            if (r != null) {
                return r;
            }
        }
        return runAll(List.of(q), source).get(0);
    }

    /**
     * Aggregates flows, packets and bytes without reading first and last, then finds those for the listed keys
     * alone ({@link FirstLastSearch}): for a ranking by a sum, two of the five columns a scan decodes. Null when
     * the store's layout would make the second look read much of it again, or the second look missed a key (the
     * store changed meanwhile): then one pass reads everything.
     */
    private static StatResult runDeferringTimes(StatQuery q, BlockSource source) throws IOException {
        if (!FirstLastSearch.worthwhile(source.spans())) {
            return null;
        }
        StatEngine e = new StatEngine(q, Math.max(1, source.parallelism()), true);
        source.run(q.fieldsWithoutTimes(), null, e::newCachingWorker, e::consume);
        e.finishWorkers();
        StatResult r = e.result();
        if (r.rows().isEmpty()) {
            return r;
        }
        // an approximate table may have dropped a key and met it again: where it was met is then not all of it
        List<StatRow> rows = FirstLastSearch.complete(q, r.rows(), source, !r.approximation().approximate());
        return rows == null ? null : new StatResult(q, List.copyOf(rows), r.keys(), r.totals(), r.approximation());
    }

    /**
     * Adds {@code n} entries that each stand for many flows, as column arrays: key words, then flows, packets,
     * bytes (sums), first (minimum) and last (maximum). Each entry goes to its key's partition as the caching
     * workers ({@link StatWorker}) pick it, so that a key met both ways stays one key. Safe from several threads.
     */
    void addEntries(int n, long[][] keys, long[][] values) {
        if (tables.length == 1) {
            addUnderLock(0, n, keys, values);
            return;
        }
        int[] partOf = new int[n];
        int[] count = new int[tables.length];
        long[] k = new long[keys.length];
        for (int i = 0; i < n; i++) {
            for (int w = 0; w < k.length; w++) {
                k[w] = keys[w][i];
            }
            partOf[i] = KeyHash.partition(KeyHash.hash(k, k.length), tables.length);
            count[partOf[i]]++;
        }
        for (int p = 0; p < tables.length; p++) {
            long[][] pk = new long[keys.length][count[p]];
            long[][] pv = new long[values.length][count[p]];
            int at = 0;
            for (int i = 0; i < n; i++) {
                if (partOf[i] == p) {
                    for (int w = 0; w < keys.length; w++) {
                        pk[w][at] = keys[w][i];
                    }
                    for (int c = 0; c < values.length; c++) {
                        pv[c][at] = values[c][i];
                    }
                    at++;
                }
            }
            addUnderLock(p, at, pk, pv);
        }
    }

    private void addUnderLock(int p, int n, long[][] keys, long[][] values) {
        locks[p].lock();
        try {
            tables[p].addColumns(n, keys, values);
        } finally {
            locks[p].unlock();
        }
    }

    /** Adds flows, packets and bytes that entries added by {@link #addEntries} stand for to the totals. */
    synchronized void addToTotals(long flows, long packets, long bytes) {
        this.flows += flows;
        this.packets += packets;
        this.bytes += bytes;
    }

    /**
     * Several statistics over one scan of the source, as nfdump's repeated {@code -s}: each batch goes to a
     * worker of every query in turn. The queries must share filter and time range (their totals are one); each
     * is computed in one pass, first and last included. Results are in the order of {@code queries}.
     */
    public static List<StatResult> runAll(List<StatQuery> queries, ParallelSource source) throws IOException {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no statistic to compute");
        }
        StatQuery first = queries.get(0);
        for (StatQuery q : queries) {
            if (q.fromMs() != first.fromMs() || q.toMs() != first.toMs() || !q.filter().equals(first.filter())) {
                throw new IllegalArgumentException("statistics over one scan share their filter and time range");
            }
        }
        List<StatEngine> engines = new ArrayList<>();
        for (StatQuery q : queries) {
            engines.add(new StatEngine(q, Math.max(1, source.parallelism()), false));
        }
        source.run(() -> {
            List<Function<FlowBatch, long[]>> workers = new ArrayList<>();
            for (StatEngine e : engines) {
                workers.add(e.query.distinct().isEmpty() ? e.newCachingWorker() : e.newWorker());
            }
            return b -> {
                long[] counts = null;
                for (Function<FlowBatch, long[]> w : workers) {
                    counts = w.apply(b); // the same filter and range: the same counts from each
                }
                return counts;
            };
        }, counts -> {
            for (StatEngine e : engines) {
                e.consume(counts);
            }
            return true;
        });
        List<StatResult> results = new ArrayList<>();
        for (StatEngine e : engines) {
            e.finishWorkers();
            results.add(e.result());
        }
        return results;
    }

    void finishWorkers() {
        // the source has ended: its threads are done with their workers
        synchronized (started) {
            for (StatWorker w : started) {
                w.finish();
            }
        }
    }


    int partitions() {
        return tables.length;
    }

    StatWorker newCachingWorker() {
        StatWorker w = new StatWorker(this, query, tables.length, workers.getAndIncrement(), timesDeferred);
        started.add(w);
        return w;
    }

    /**
     * Adds {@code rows} to partition {@code p}'s table and clears them, if its lock is free or
     * {@code wait}; returns whether it did.
     */
    boolean add(int p, org.flowsec.stats.KeyRows rows, boolean wait) {
        if (wait) {
            locks[p].lock();
        } else if (!locks[p].tryLock()) {
            return false;
        }
        try {
            tables[p].addRows(rows);
            rows.clear();
            return true;
        } finally {
            locks[p].unlock();
        }
    }

    private int distinctWords() {
        int w = 0;
        for (Field f : query.distinct()) {
            w += f.width();
        }
        return w;
    }

    /** Partition of a key: a hash independent of the tables' own, so each table's slots stay evenly used. */
    private int partition(long[][] keys, int i) {
        long h = 0x2545F4914F6CDD1DL;
        for (long[] word : keys) {
            h = Long.rotateLeft((h ^ word[i]) * 0xD6E8FEB86659FD93L, 29);
        }
        h ^= h >>> 31;
        return (int) ((h >>> 1) % tables.length);
    }

    private Function<FlowBatch, long[]> newWorker() {
        int[][] rows = {new int[0]};
        long[] k = new long[GroupKey.MAX_WORDS];
        long[] words = new long[GroupKey.MAX_WORDS];
        int keyWords = key.words();
        int distinctWords = distinctWords();
        int first = workers.getAndIncrement();
        KeyColumns c = new KeyColumns(keyWords, KINDS.length, distinctWords);
        KeyColumns[] parts = new KeyColumns[tables.length];
        for (int p = 0; p < parts.length && parts.length > 1; p++) {
            parts[p] = new KeyColumns(keyWords, KINDS.length, distinctWords);
        }
        return b -> {
            int n = b.size();
            if (rows[0].length < n) {
                rows[0] = new int[Math.max(n, 1024)];
            }
            c.ensure(n * key.sides());
            long[] counts = extract(b, rows[0], k, c);
            if (tables.length == 1) {
                aggregate(0, c, words);
                return counts;
            }
            for (KeyColumns part : parts) {
                part.ensure(c.n);
                part.n = 0;
            }
            for (int i = 0; i < c.n; i++) {
                parts[partition(c.keys, i)].copyEntry(c, i);
            }
            for (int j = 0; j < parts.length; j++) {
                int p = (first + j) % parts.length; // workers start on different partitions
                aggregate(p, parts[p], words);
            }
            return counts;
        };
    }

    /** Fills {@code c} with the selected rows of {@code b}; returns {records, flows, packets, bytes}. */
    private long[] extract(FlowBatch b, int[] sel, long[] k, KeyColumns c) {
        int selected = predicate.select(b, sel);
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        long[] pkts = b.slot(Field.PACKETS.slot());
        long[] octets = b.slot(Field.BYTES.slot());
        int keyWords = key.words();
        long[] counts = {b.size(), 0, 0, 0};
        int out = 0;
        for (int i = 0; i < selected; i++) {
            int r = sel[i];
            // the source may deliver whole blocks: keep only flows overlapping the query's range
            if (first[r] >= query.toMs() || last[r] < query.fromMs()) {
                continue;
            }
            counts[1]++;
            counts[2] += pkts[r];
            counts[3] += octets[r];
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
        return counts;
    }

    private void aggregate(int p, KeyColumns c, long[] words) {
        if (c.n == 0) {
            return;
        }
        locks[p].lock();
        try {
            tables[p].addColumns(c.n, c.keys, c.values);
            DistinctCounters[] dc = distinct[p];
            for (int i = 0; i < c.n && dc.length > 0; i++) {
                for (int w = 0; w < c.keys.length; w++) {
                    words[w] = c.keys[w][i];
                }
                int at = 0;
                for (int d = 0; d < dc.length; d++) {
                    DistinctCounter counter = dc[d].counter(words);
                    if (query.distinct().get(d).isAddress()) {
                        counter.add(c.distinct[at][i], c.distinct[at + 1][i]);
                        at += 2;
                    } else {
                        counter.add(c.distinct[at++][i]);
                    }
                }
            }
        } finally {
            locks[p].unlock();
        }
    }

    boolean consume(long[] counts) {
        records += counts[0];
        flows += counts[1];
        packets += counts[2];
        bytes += counts[3];
        return true;
    }

    /** One selected key: its partition, slot and score. */
    private record Pick(int partition, int slot, long score) {}

    StatResult result() {
        Order order = query.order();
        long threshold = Double.isNaN(query.threshold()) ? TopN.NO_THRESHOLD : order.thresholdScore(query.threshold(), query.bottom());
        List<Pick> picks = new ArrayList<>();
        long keys = 0;
        long total = 0;
        for (int p = 0; p < tables.length; p++) {
            TopN.Result top = TopN.select(tables[p], order.score(), query.limit(), query.bottom(), threshold);
            for (int i = 0; i < top.size(); i++) {
                picks.add(new Pick(p, top.slot(i), top.score(i)));
            }
            keys += tables[p].size();
            total += tables[p].total(order.sumColumn());
        }
        // each partition's list is best first; merged the way TopN ranks: score, then key ascending
        picks.sort((a, b) -> {
            if (a.score() != b.score()) {
                return query.bottom() ? Long.compare(a.score(), b.score()) : Long.compare(b.score(), a.score());
            }
            for (int w = 0; w < key.words(); w++) {
                int c = Long.compare(tables[a.partition()].key(a.slot(), w), tables[b.partition()].key(b.slot(), w));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<StatRow> out = new ArrayList<>();
        for (int i = 0; i < picks.size() && i < query.limit(); i++) {
            LongKeyAggregator t = tables[picks.get(i).partition()];
            int s = picks.get(i).slot();
            long[] k = new long[key.words()];
            for (int w = 0; w < k.length; w++) {
                k[w] = t.key(s, w);
            }
            long[] counts = new long[query.distinct().size()];
            for (int d = 0; d < counts.length; d++) {
                DistinctCounter c = distinct[picks.get(i).partition()][d].find(k);
                counts[d] = c == null ? 0 : c.estimate();
            }
            double percent = total == 0 ? 0 : 100.0 * t.value(s, order.sumColumn()) / total;
            out.add(new StatRow(k, t.value(s, StatResult.FLOWS), t.value(s, StatResult.PACKETS),
                    t.value(s, StatResult.BYTES), t.value(s, StatResult.FIRST), t.value(s, StatResult.LAST),
                    percent, counts));
        }
        return new StatResult(query, List.copyOf(out), keys, new Totals(flows, packets, bytes, records), approximation());
    }

    /** The partitions' approximations together: the widest error bound, keys and evictions summed. */
    private Approximation approximation() {
        if (tables.length == 1) {
            return tables[0].approximation();
        }
        boolean approximate = false;
        long atLimit = 0;
        long evictions = 0;
        long bound = 0;
        for (LongKeyAggregator t : tables) {
            Approximation a = t.approximation();
            approximate |= a.approximate();
            atLimit += a.keysAtLimit();
            evictions += a.evictions();
            bound = Math.max(bound, a.errorBound());
        }
        return new Approximation(approximate, query.order().sumColumn(), atLimit, evictions, bound,
                query.memoryLimitBytes());
    }
}
