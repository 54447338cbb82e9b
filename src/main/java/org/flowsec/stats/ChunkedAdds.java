package org.flowsec.stats;

import static org.flowsec.stats.LongKeyAggregator.PAGE_MASK;
import static org.flowsec.stats.LongKeyAggregator.PAGE_SHIFT;

/**
 * Adds batches of rows to a {@link LongKeyAggregator} in chunks of {@value #CHUNK}: each chunk first hashes its
 * keys and loads the home slot of each, so that the cache misses of a chunk overlap instead of following one
 * another; then it finds the slots, then combines the chunk column by column, with each column's
 * {@link Accumulator} chosen once. The result is that of adding row by row. It reads the table's pages afresh
 * for every chunk, since a growth or purge while finding slots moves entries.
 */
final class ChunkedAdds {
    private static final int CHUNK = 128;

    private final LongKeyAggregator t;
    private final long[] chunkHashes = new long[CHUNK];
    private final int[] chunkSlots = new int[CHUNK];
    /** Sink for the loads that warm the cache ahead of a chunk, so the JIT cannot drop them. */
    private long touched;

    ChunkedAdds(LongKeyAggregator table) {
        this.t = table;
    }

    void addColumns(int n, long[][] keys, long[][] values) {
        requireColumns(keys, values);
        addChunks(n, null, keys, values);
    }

    void addRows(KeyRows rows) {
        if (rows.keyWords != t.keyWords || rows.columns != t.columns) {
            throw new IllegalArgumentException("need rows of " + t.keyWords + " key words and " + t.columns
                    + " columns, not " + rows.keyWords + " and " + rows.columns);
        }
        long[] d = rows.data;
        int rs = rows.stride;
        int last = t.stride - 1;
        for (int from = 0; from < rows.size; from += CHUNK) {
            int to = Math.min(rows.size, from + CHUNK);
            long sink = 0;
            for (int r = from; r < to; r++) {
                int i = t.home(d[r * rs]);
                long[] page = t.pages[i >>> PAGE_SHIFT];
                int b = (i & PAGE_MASK) * t.stride;
                sink += page[b] + page[b + last] + t.used[i >>> 6];
            }
            touched += sink;
            int pending = from;
            for (int r = from; r < to; r++) {
                int at = r * rs;
                long h = d[at];
                long k0 = d[at + 1];
                long k1 = t.keyWords > 1 ? d[at + 2] : 0;
                long k2 = t.keyWords > 2 ? d[at + 3] : 0;
                long k3 = t.keyWords > 3 ? d[at + 4] : 0;
                int s = t.probe(h, k0, k1, k2, k3, true);
                if (s < 0) {
                    combineRows(pending, r, from, rows);
                    pending = r;
                    s = t.slot(h, k0, k1, k2, k3);
                }
                chunkSlots[r - from] = s;
            }
            combineRows(pending, to, from, rows);
        }
    }

    /** Combines rows {@code [from, to)} of {@code rows} into the slots found for them. */
    private void combineRows(int from, int to, int base, KeyRows rows) {
        long[] d = rows.data;
        int rs = rows.stride;
        int in = 1 + t.keyWords;
        if (t.flowColumns && t.weights == null) {
            long t0 = 0;
            long t1 = 0;
            long t2 = 0;
            long t3 = t.totals[3];
            long t4 = t.totals[4];
            for (int r = from; r < to; r++) {
                int s = chunkSlots[r - base];
                long[] page = t.pages[s >>> PAGE_SHIFT];
                int at = (s & PAGE_MASK) * t.stride + t.keyWords;
                int v = r * rs + in;
                long x0 = d[v];
                long x1 = d[v + 1];
                long x2 = d[v + 2];
                long x3 = d[v + 3];
                long x4 = d[v + 4];
                page[at] += x0;
                page[at + 1] += x1;
                page[at + 2] += x2;
                page[at + 3] = Math.min(page[at + 3], x3);
                page[at + 4] = Math.max(page[at + 4], x4);
                t0 += x0;
                t1 += x1;
                t2 += x2;
                t3 = Math.min(t3, x3);
                t4 = Math.max(t4, x4);
            }
            t.totals[0] += t0;
            t.totals[1] += t1;
            t.totals[2] += t2;
            t.totals[3] = t3;
            t.totals[4] = t4;
            return;
        }
        for (int r = from; r < to; r++) {
            int s = chunkSlots[r - base];
            int v = r * rs + in;
            for (int c = 0; c < t.columns; c++) {
                t.add(s, c, d[v + c]);
            }
        }
    }

    private void requireColumns(long[][] keys, long[][] values) {
        if (keys.length != t.keyWords || values.length != t.columns) {
            throw new IllegalArgumentException("need " + t.keyWords + " key columns and " + t.columns
                    + " value columns, not " + keys.length + " and " + values.length);
        }
    }

    /** {@code hashes}: the rows' {@link KeyHash}es, or null to compute them here. */
    private void addChunks(int n, long[] hashes, long[][] keys, long[][] values) {
        long[] c0 = keys[0];
        long[] c1 = t.keyWords > 1 ? keys[1] : c0;
        long[] c2 = t.keyWords > 2 ? keys[2] : c0;
        long[] c3 = t.keyWords > 3 ? keys[3] : c0;
        int last = t.stride - 1;
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            long sink = 0;
            for (int r = from; r < to; r++) {
                long h;
                if (hashes != null) {
                    h = hashes[r];
                } else {
                    h = switch (t.keyWords) {
                        case 1 -> KeyHash.hash(c0[r]);
                        case 2 -> KeyHash.hash(c0[r], c1[r]);
                        case 3 -> KeyHash.hash(c0[r], c1[r], c2[r]);
                        default -> KeyHash.hash(c0[r], c1[r], c2[r], c3[r]);
                    };
                }
                chunkHashes[r - from] = h;
                int i = t.home(h);
                long[] page = t.pages[i >>> PAGE_SHIFT];
                int b = (i & PAGE_MASK) * t.stride;
                // a slot may straddle two cache lines: warm both, the values are written below
                sink += page[b] + page[b + last] + t.used[i >>> 6];
            }
            touched += sink;
            int pending = from;
            for (int r = from; r < to; r++) {
                long h = chunkHashes[r - from];
                long k1 = c1[r];
                long k2 = c2[r];
                long k3 = c3[r];
                int s = t.probe(h, c0[r], k1, k2, k3, true);
                if (s < 0) {
                    // growing or purging moves entries: combine what was found so far first
                    combine(pending, r, from, values);
                    pending = r;
                    s = t.slot(h, c0[r], k1, k2, k3);
                }
                chunkSlots[r - from] = s;
            }
            combine(pending, to, from, values);
        }
    }

    /** Combines rows {@code [from, to)} into the slots found for them ({@code chunkSlots[r - base]}). */
    private void combine(int from, int to, int base, long[][] values) {
        for (int c = 0; c < t.columns; c++) {
            long[] v = values[c];
            int off = t.keyWords + c;
            switch (t.kinds[c]) {
                case SUM -> {
                    long sum = 0;
                    for (int r = from; r < to; r++) {
                        int s = chunkSlots[r - base];
                        long x = v == null ? 1 : v[r];
                        t.pages[s >>> PAGE_SHIFT][(s & PAGE_MASK) * t.stride + off] += x;
                        sum += x;
                    }
                    t.totals[c] += sum;
                    if (c == t.heavyColumn && t.weights != null) {
                        for (int r = from; r < to; r++) {
                            int s = chunkSlots[r - base];
                            t.weights[s >>> PAGE_SHIFT][s & PAGE_MASK] += v == null ? 1 : v[r];
                        }
                    }
                }
                case MIN -> {
                    long m = t.totals[c];
                    for (int r = from; r < to; r++) {
                        int s = chunkSlots[r - base];
                        long[] page = t.pages[s >>> PAGE_SHIFT];
                        int at = (s & PAGE_MASK) * t.stride + off;
                        long x = v == null ? 1 : v[r];
                        page[at] = Math.min(page[at], x);
                        m = Math.min(m, x);
                    }
                    t.totals[c] = m;
                }
                case MAX -> {
                    long m = t.totals[c];
                    for (int r = from; r < to; r++) {
                        int s = chunkSlots[r - base];
                        long[] page = t.pages[s >>> PAGE_SHIFT];
                        int at = (s & PAGE_MASK) * t.stride + off;
                        long x = v == null ? 1 : v[r];
                        page[at] = Math.max(page[at], x);
                        m = Math.max(m, x);
                    }
                    t.totals[c] = m;
                }
            }
        }
    }
}
