package org.flowsec.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Sorts flows for {@code query --sort} within a memory budget, stably (rows that compare equal keep the
 * order they were added in).
 *
 * <ul>
 * <li>With a limit N whose rows fit the budget four times over: a bounded top-N. Rows collect in a buffer of at
 *     least 2N; when it is full it is sorted and cut back to its first N. Memory: the buffer.</li>
 * <li>The buffer grows by doubling up to the capacity the budget allows (2/3 of it, since growing holds the
 *     old rows and the new room at once), so small results never take the whole budget.</li>
 * <li>Otherwise an external merge sort: rows collect in a buffer of {@code budget / bytes per row}; a full
 *     buffer is sorted and written to the {@link Spill} as a run; at the end the runs are merged with a heap,
 *     ties going to the earlier run. Memory: one buffer while adding, one read block per run while merging.</li>
 * </ul>
 * Sorting 100 million flows therefore needs temporary disk, never more heap than the budget.
 */
public final class FlowSorter implements AutoCloseable {
    /** Heap taken by one buffered row: its slots, its index and the merge sort's scratch index. */
    public static final int ROW_BYTES = Field.SLOTS * 8 + 8;
    /** Fewest rows a buffer holds whatever the budget, so that tiny budgets still make progress. */
    static final int MIN_ROWS = 64;

    /** Receives the sorted rows; false stops the output. */
    public interface RowSink {
        boolean accept(FlowBatch batch, int row);
    }

    private final FlowOrder order;
    private final long limit;
    private final boolean topN;
    private final int capacity;
    private final Supplier<Spill> spills;
    private final RowSort sorter = new RowSort();
    private final List<Spill.Run> runs = new ArrayList<>();
    private FlowBatch buffer = new FlowBatch(1024);
    private FlowBatch scratch;
    private int[] index = new int[0];
    private Spill spill;

    /**
     * @param limit rows wanted at most (Long.MAX_VALUE: all)
     * @param memoryBytes heap the buffer may take
     * @param spills opens temporary storage, called at most once, when a first run must leave the heap
     */
    public FlowSorter(FlowOrder order, long limit, long memoryBytes, Supplier<Spill> spills) {
        this.order = order;
        this.limit = limit;
        long rows = Math.max(MIN_ROWS, memoryBytes / ROW_BYTES);
        // a top-N holds a buffer of 2N (3N while growing) plus the N kept while cutting back
        this.topN = limit <= rows / 4;
        // growing the buffer holds the old rows and the new room at once: 1.5 x the final capacity at most
        this.capacity = (int) Math.min(topN ? Math.max(2 * limit, MIN_ROWS) : Math.max(MIN_ROWS, rows * 2 / 3), 1 << 26);
        this.spills = spills;
    }

    /** Runs written to temporary storage so far (0 when everything fitted the budget). */
    public int spilledRuns() {
        return runs.size();
    }

    /** Adds every row of {@code rows} (copied; the batch may be reused afterwards). */
    public void add(FlowBatch rows) throws IOException {
        for (int r = 0; r < rows.size(); r++) {
            if (buffer.size() == buffer.capacity()) {
                // FlowBatch doubles when it grows; the last step must stop at the capacity the budget allows
                FlowBatch bigger = new FlowBatch((int) Math.min(capacity, 2L * buffer.capacity()));
                bigger.appendAll(buffer);
                buffer = bigger;
            }
            buffer.appendRow(rows, r);
            if (buffer.size() >= capacity) {
                full();
            }
        }
    }

    private int sortBuffer() {
        int n = buffer.size();
        if (index.length < n) {
            index = new int[Math.max(n, 1024)];
        }
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        FlowBatch b = buffer;
        sorter.sort(index, n, (x, y) -> order.compare(b, x, b, y));
        return n;
    }

    private void full() throws IOException {
        int n = sortBuffer();
        if (topN) {
            // keep the first N in sorted order: later rows that tie with them come after, as they should
            if (scratch == null) {
                scratch = new FlowBatch(capacity);
            }
            scratch.clear();
            for (int i = 0; i < Math.min(n, limit); i++) {
                scratch.appendRow(buffer, index[i]);
            }
            FlowBatch t = buffer;
            buffer = scratch;
            scratch = t;
            return;
        }
        if (spill == null) {
            spill = spills.get();
        }
        runs.add(spill.write(buffer, index, n));
        buffer.clear();
    }

    /** Hands the sorted rows, at most the limit, to {@code sink}. */
    public void finish(RowSink sink) throws IOException {
        int n = sortBuffer();
        if (runs.isEmpty()) {
            for (int i = 0; i < n && i < limit; i++) {
                if (!sink.accept(buffer, index[i])) {
                    return;
                }
            }
            return;
        }
        if (n > 0) {
            runs.add(spill.write(buffer, index, n));
        }
        buffer = new FlowBatch(16); // the buffer's heap goes back before the merge takes its own
        merge(sink);
    }

    /** One cursor per run: its current block of rows and the position in it. */
    private static final class Cursor {
        final Spill.Run run;
        final int rank;
        final FlowBatch rows = new FlowBatch(1024);
        int at;

        Cursor(Spill.Run run, int rank) {
            this.run = run;
            this.rank = rank;
        }

        boolean advance() throws IOException {
            if (++at < rows.size()) {
                return true;
            }
            at = 0;
            return run.next(rows) && rows.size() > 0;
        }
    }

    private void merge(RowSink sink) throws IOException {
        PriorityQueue<Cursor> heap = new PriorityQueue<>(Math.max(1, runs.size()), (a, b) -> {
            int c = order.compare(a.rows, a.at, b.rows, b.at);
            return c != 0 ? c : Integer.compare(a.rank, b.rank); // runs are in input order: stable
        });
        for (int i = 0; i < runs.size(); i++) {
            Cursor c = new Cursor(runs.get(i), i);
            c.at = -1;
            if (c.advance()) {
                heap.add(c);
            }
        }
        long emitted = 0;
        while (!heap.isEmpty() && emitted < limit) {
            Cursor c = heap.poll();
            emitted++;
            if (!sink.accept(c.rows, c.at)) {
                return;
            }
            if (c.advance()) {
                heap.add(c);
            }
        }
    }

    /** Deletes the temporary runs. */
    @Override
    public void close() throws IOException {
        if (spill != null) {
            spill.close();
        }
    }
}
