package org.flowsec.store.format;

import java.util.Arrays;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Turns the rows of a FlowBatch into a block: one column frame per {@link ColumnSchema#CURRENT} column, in
 * order. Rows are first sorted by flow start (stable, so equal starts keep arrival order): sorted starts
 * delta-encode to a byte or two, and "last" is stored as the duration {@code last - first}.
 * Not thread-safe; reuses its scratch arrays.
 */
public final class BlockEncoder implements AutoCloseable {
    /** Rows per block are bounded so a row index fits the 16 low bits of the sort key. */
    public static final int MAX_ROWS = 1 << 16;

    private final ColumnEncoder columns;
    private long[] keys = new long[1024];
    private long[] scratch = new long[1024];

    public BlockEncoder(int zstdLevel) {
        columns = new ColumnEncoder(zstdLevel);
    }

    /**
     * Sorts {@code rows} in place by first (when {@code sort}), appends the encoded block to {@code out}
     * and returns its statistics (offset, length and CRC are left 0 for the caller to fill in).
     */
    public BlockMeta encode(FlowBatch rows, boolean sort, ByteSink out) {
        int n = rows.size();
        if (n > MAX_ROWS) {
            throw new IllegalArgumentException(n + " rows, a block holds at most " + MAX_ROWS);
        }
        if (sort) {
            sortByFirst(rows, n);
        }
        ColumnSchema schema = ColumnSchema.CURRENT;
        long[] min = new long[schema.size()];
        long[] max = new long[schema.size()];
        long[] first = rows.slot(Field.FIRST.slot());
        ensureScratch(n);
        for (int c = 0; c < schema.size(); c++) {
            long[] v = rows.slot(schema.slotOf(c));
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
            min[c] = n == 0 ? 0 : lo;
            max[c] = n == 0 ? 0 : hi;
            if ((schema.flags(c) & ColumnSchema.FLAG_MINUS_FIRST) != 0) {
                for (int i = 0; i < n; i++) {
                    scratch[i] = v[i] - first[i];
                }
                columns.encode(scratch, n, out);
            } else {
                columns.encode(v, n, out);
            }
        }
        long minFirst = min[Field.FIRST.slot()];
        long maxLast = max[Field.LAST.slot()];
        return new BlockMeta(0, 0, 0, n, minFirst, maxLast, min, max);
    }

    private void sortByFirst(FlowBatch rows, int n) {
        long[] first = rows.slot(Field.FIRST.slot());
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, first[i]);
            hi = Math.max(hi, first[i]);
        }
        if (n < 2 || hi - lo < 0 || hi - lo >= (1L << 47)) {
            return; // range too wide for the packed key: keep arrival order, which decodes the same way
        }
        ensureScratch(n);
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            keys[i] = ((first[i] - lo) << 16) | i;
            sorted &= i == 0 || first[i] >= first[i - 1];
        }
        if (sorted) {
            return;
        }
        Arrays.sort(keys, 0, n);
        for (int s = 0; s < Field.SLOTS; s++) {
            long[] col = rows.slot(s);
            for (int i = 0; i < n; i++) {
                scratch[i] = col[(int) (keys[i] & 0xFFFF)];
            }
            System.arraycopy(scratch, 0, col, 0, n);
        }
    }

    private void ensureScratch(int n) {
        if (keys.length < n) {
            keys = new long[n];
            scratch = new long[n];
        }
    }

    @Override
    public void close() {
        columns.close();
    }
}
