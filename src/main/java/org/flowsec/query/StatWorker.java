package org.flowsec.query;

import java.util.function.Function;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.stats.FlowKeyTable;
import org.flowsec.stats.HotKeyCache;
import org.flowsec.stats.KeyHash;
import org.flowsec.stats.KeyRows;

/**
 * One thread's share of a {@link StatEngine} run without distinct counts: per batch it selects the rows,
 * extracts keys and values column by column, hashes each key once and adds it to its own
 * {@link HotKeyCache}; only the entries the cache evicts go to the shared tables, a partition at a time
 * (the partition comes from the same hash: {@link KeyHash#partition}). A batch whose key fields all came
 * with dictionary codes is first summed per code ({@link CodedGroups}) and its one entry per key goes to the
 * worker's own {@link FlowKeyTable} instead. Returns {records, flows, packets, bytes} of each batch.
 * {@link #finish} drains the table and the cache once the source has ended.
 */
final class StatWorker implements Function<FlowBatch, long[]> {
    /** 2^13 slots of 8 to 10 longs: 512 to 640 KiB, inside a core's L2 cache. */
    static final int CACHE_BITS = 13;
    /** Rows added to the cache between looks at the evicted entries. */
    static final int SLICE = 512;
    /** Evicted entries of a partition are added once this many wait and its lock is free... */
    static final int FLUSH_ROWS = 256;
    /** ... or when this many wait, lock free or not. */
    static final int FORCE_ROWS = 2048;
    /** Keys the coded path keeps to itself before spilling: a table of 16 to 32 MiB per worker. */
    static final int LOCAL_KEYS = 1 << 17;

    private final StatEngine engine;
    private final StatQuery query;
    private final GroupKey key;
    private final FlowPredicate predicate;
    private final boolean bidirectional;
    private final int first;
    /**
     * Whether first and last are left to a later look ({@link FirstLastSearch}): the source then delivers only
     * rows inside the query's range and decodes neither column, and each row counts with its batch's bounds
     * instead ({@link FlowBatch#boundMinFirst}), so that each key ends up with the bounds of the blocks it was
     * seen in: where the later look needs to search for it.
     */
    private final boolean timesDeferred;
    /** With {@link #timesDeferred}: the batch's bounds, a row each, for rows not grouped by codes. */
    private long[] noFirst = new long[0];
    private long[] noLast = new long[0];
    private final HotKeyCache cache;
    /** Per side, groups a batch by the key's dictionary codes first, where the store gave them (null: never). */
    private final CodedGroups[] coded;
    /**
     * The coded path's own table of keys: a block's keys, each once, are added here without locks; only when it
     * outgrows {@link #LOCAL_KEYS}, and at the end, do its keys go to the shared tables. Null until needed.
     */
    private FlowKeyTable local;
    private int[] rows = new int[0];
    private long[][] keys;
    private long[] hashes = new long[0];
    /** flows (null: 1 per entry), packets, bytes, first, last. */
    private final long[][] values = new long[5][];
    /** {@link #values} when they are the batch's columns themselves. */
    private final long[][] direct = new long[5][];
    private final long[] k = new long[GroupKey.MAX_WORDS];

    StatWorker(StatEngine engine, StatQuery query, int partitions, int first, boolean timesDeferred) {
        this.timesDeferred = timesDeferred;
        this.engine = engine;
        this.query = query;
        this.key = query.key();
        this.predicate = query.filter().predicate();
        this.bidirectional = query.bidirectional();
        this.first = first;
        this.cache = new HotKeyCache(key.words(), StatEngine.KINDS, CACHE_BITS, partitions);
        this.keys = new long[key.words()][0];
        if (query.codedFields().isEmpty()) {
            this.coded = null;
        } else {
            this.coded = new CodedGroups[key.sides()];
            for (int side = 0; side < coded.length; side++) {
                coded[side] = new CodedGroups(key, side, !timesDeferred);
            }
        }
    }

    @Override
    public long[] apply(FlowBatch b) {
        int n = b.size();
        ensure(n);
        int selected = predicate.select(b, rows);
        long[] firstMs = b.slot(Field.FIRST.slot());
        long[] lastMs = b.slot(Field.LAST.slot());
        long[] pkts = b.slot(Field.PACKETS.slot());
        long[] octets = b.slot(Field.BYTES.slot());
        long[] counts = {n, 0, 0, 0};
        // the source may deliver whole blocks: keep only flows overlapping the query's range
        long from = query.fromMs();
        long to = query.toMs();
        int m = 0;
        long p = 0;
        long o = 0;
        if (timesDeferred) { // the source delivered only rows inside the range
            for (int i = 0; i < selected; i++) {
                int r = rows[i];
                p += pkts[r];
                o += octets[r];
            }
            m = selected;
        } else {
            for (int i = 0; i < selected; i++) {
                int r = rows[i];
                if (firstMs[r] < to && lastMs[r] >= from) {
                    rows[m++] = r;
                    p += pkts[r];
                    o += octets[r];
                }
            }
        }
        counts[1] = m;
        counts[2] = p;
        counts[3] = o;
        if (coded != null && codedOnEverySide(b, m)) {
            for (int side = 0; side < coded.length; side++) {
                CodedGroups g = coded[side];
                int e = g.group(b, rows, m);
                if (timesDeferred) {
                    java.util.Arrays.fill(g.values()[3], 0, e, b.boundMinFirst());
                    java.util.Arrays.fill(g.values()[4], 0, e, b.boundMaxLast());
                }
                key.extractColumns(b, g.rows(), e, side, keys, 0);
                keepLocally(e, g.values());
            }
            return counts;
        }
        if (timesDeferred) {
            java.util.Arrays.fill(noFirst, 0, n, b.boundMinFirst());
            java.util.Arrays.fill(noLast, 0, n, b.boundMaxLast());
            firstMs = noFirst;
            lastMs = noLast;
        }
        int sides = key.sides();
        long[][] vals = values;
        if (m == n && sides == 1) {
            // every row selected, once: the batch's own columns are the values
            direct[1] = pkts;
            direct[2] = octets;
            direct[3] = firstMs;
            direct[4] = lastMs;
            vals = direct;
        }
        for (int side = 0; side < sides; side++) {
            int offset = side * m;
            if (bidirectional) {
                extractSwapped(b, m, side, offset);
            } else {
                key.extractColumns(b, rows, m, side, keys, offset);
            }
            if (vals == values) {
                gather(pkts, values[1], m, offset);
                gather(octets, values[2], m, offset);
                gather(firstMs, values[3], m, offset); // with times deferred, the batch's bounds
                gather(lastMs, values[4], m, offset);
            }
        }
        add(sides * m, vals);
        return counts;
    }

    private boolean codedOnEverySide(FlowBatch b, int m) {
        for (CodedGroups g : coded) {
            if (g.groups(b, m) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Adds entries {@code [0, entries)} of {@link #keys}, each key once, to {@link #local}. */
    private void keepLocally(int entries, long[][] vals) {
        if (local == null) {
            local = new FlowKeyTable(key.words());
        }
        hash(entries);
        local.add(entries, hashes, keys, vals);
        if (local.size() > LOCAL_KEYS) {
            spillLocal();
        }
    }

    /** Hands every key of {@link #local} to the shared tables. */
    private void spillLocal() {
        if (local == null || local.size() == 0) {
            return;
        }
        KeyRows[] parts = new KeyRows[engine.partitions()];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = cache.evicted(p);
        }
        local.drainTo(parts);
        flush(false);
    }

    /** Adds entries {@code [0, entries)} of {@link #keys} with their values to the cache. */
    private void add(int entries, long[][] vals) {
        hash(entries);
        // in slices, so that the evicted entries waiting for the tables stay few and in the core's cache
        for (int at = 0; at < entries; at += SLICE) {
            cache.add(at, Math.min(entries, at + SLICE), hashes, keys, vals);
            flush(false);
        }
    }

    private void ensure(int n) {
        if (rows.length < n) {
            rows = new int[Math.max(n, 1024)];
        }
        if (timesDeferred && noFirst.length < n) {
            noFirst = new long[Math.max(n, 1024)];
            noLast = new long[noFirst.length];
        }
        int entries = n * key.sides();
        if (hashes.length < entries) {
            int c = Math.max(entries, 1024);
            hashes = new long[c];
            for (int w = 0; w < keys.length; w++) {
                keys[w] = new long[c];
            }
            for (int v = 1; v < values.length; v++) {
                values[v] = new long[c];
            }
        }
    }

    /** Bidirectional keys depend on each row's orientation: read row by row. */
    private void extractSwapped(FlowBatch b, int m, int side, int offset) {
        for (int j = 0; j < m; j++) {
            int r = rows[j];
            key.extract(b, r, side, Sides.swapped(b, r), k);
            for (int w = 0; w < keys.length; w++) {
                keys[w][offset + j] = k[w];
            }
        }
    }

    private void gather(long[] column, long[] out, int m, int offset) {
        for (int j = 0; j < m; j++) {
            out[offset + j] = column[rows[j]];
        }
    }

    private void hash(int n) {
        long[] c0 = keys[0];
        switch (keys.length) {
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    hashes[i] = KeyHash.hash(c0[i]);
                }
            }
            case 2 -> {
                long[] c1 = keys[1];
                for (int i = 0; i < n; i++) {
                    hashes[i] = KeyHash.hash(c0[i], c1[i]);
                }
            }
            case 3 -> {
                long[] c1 = keys[1];
                long[] c2 = keys[2];
                for (int i = 0; i < n; i++) {
                    hashes[i] = KeyHash.hash(c0[i], c1[i], c2[i]);
                }
            }
            default -> {
                long[] c1 = keys[1];
                long[] c2 = keys[2];
                long[] c3 = keys[3];
                for (int i = 0; i < n; i++) {
                    hashes[i] = KeyHash.hash(c0[i], c1[i], c2[i], c3[i]);
                }
            }
        }
    }

    /**
     * Hands each partition's evicted entries to its table once enough wait: when its lock is free, so
     * that threads seldom wait for each other, or, with {@code force} or past {@link #FORCE_ROWS}, anyway.
     */
    private void flush(boolean force) {
        int partitions = engine.partitions();
        for (int j = 0; j < partitions; j++) {
            int q = (first + j) % partitions; // workers start on different partitions
            KeyRows e = cache.evicted(q);
            if (e.size() > 0 && (force || e.size() >= FLUSH_ROWS)) {
                engine.add(q, e, force || e.size() >= FORCE_ROWS);
            }
        }
    }

    /** After the source's last batch: every cached entry goes to the tables. */
    void finish() {
        spillLocal();
        cache.drain();
        flush(true);
    }
}
