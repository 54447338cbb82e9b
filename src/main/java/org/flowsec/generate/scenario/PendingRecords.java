package org.flowsec.generate.scenario;

import java.util.Arrays;
import org.flowsec.flow.FlowBatch;

/**
 * Records waiting for their export time: rows of one FlowBatch, reused through a free list, and a binary
 * min-heap of row numbers ordered by export time, then by arrival (so equal times keep their order and
 * runs stay deterministic). No allocation once the arrays have grown to the busiest moment.
 */
final class PendingRecords {
    private final FlowBatch flows = new FlowBatch(256);
    private long[] export = new long[256];
    private long[] seq = new long[256];
    private int[] heap = new int[256];
    private int[] free = new int[256];
    private int heapSize;
    private int freeSize;
    private long added;

    FlowBatch flows() { return flows; }

    boolean isEmpty() { return heapSize == 0; }

    long minExport() { return export[heap[0]]; }

    /** Copies a row in, to be completed by the caller and then {@link #push}ed; returns its row. */
    int add(FlowBatch from, int row, long exportAt) {
        int r;
        if (freeSize > 0) {
            r = free[--freeSize];
            for (int s = 0; s < org.flowsec.flow.Field.SLOTS; s++) {
                flows.slot(s)[r] = from.slot(s)[row];
            }
        } else {
            r = flows.size();
            flows.appendRow(from, row);
            if (r >= export.length) {
                export = Arrays.copyOf(export, export.length * 2);
                seq = Arrays.copyOf(seq, seq.length * 2);
            }
        }
        export[r] = exportAt;
        seq[r] = added++;
        return r;
    }

    void push(int r) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(r, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = r;
    }

    /** Appends the earliest record to {@code out} and frees its row. */
    void pollInto(ExportBatch out) {
        int r = heap[0];
        out.append(flows, r, export[r], ExportBatch.BACKGROUND);
        int last = heap[--heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], last)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (heapSize > 0) {
            heap[i] = last;
        }
        if (freeSize == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeSize++] = r;
    }

    private boolean less(int a, int b) {
        return export[a] < export[b] || export[a] == export[b] && seq[a] < seq[b];
    }
}
