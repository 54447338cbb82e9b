package org.flowsec.cli;

import java.util.Queue;
import java.util.function.Function;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.render.AsciiBuffer;
import org.flowsec.render.FlowLines;

/**
 * What {@code query}'s scan threads do with each batch, one worker per thread: count the matching rows, format
 * them as lines, or copy them out for printing, sorting or writing in order on the command's thread.
 */
final class QueryWorkers {
    private QueryWorkers() {}

    /** A worker (one per scan thread) giving {flows, packets, bytes} of the matching rows of each batch. */
    static Function<FlowBatch, long[]> count(FlowPredicate predicate) {
        int[][] rows = {new int[0]};
        return batch -> {
            int n = matching(batch, predicate, rows);
            return totals(batch, rows[0], n);
        };
    }

    /** {flows, packets, bytes} of rows {@code selected[0..n)} of {@code batch}. */
    private static long[] totals(FlowBatch batch, int[] selected, int n) {
        long[] packets = batch.slot(Field.PACKETS.slot());
        long[] bytes = batch.slot(Field.BYTES.slot());
        long p = 0;
        long b = 0;
        for (int i = 0; i < n; i++) {
            p += packets[selected[i]];
            b += bytes[selected[i]];
        }
        return new long[] {n, p, b};
    }

    /** The printed lines (ASCII) of one batch's matching rows and their totals. */
    record Formatted(AsciiBuffer text, long flows, long packets, long bytes) {}

    /**
     * A worker (one per scan thread) formatting the matching rows of each batch as CSV or JSON lines, or null
     * when none match. The lines go without the CSV header: the command prints it once, first. Each batch's
     * lines fill a buffer from {@code free}, where the writing thread puts buffers back once written: the
     * lines of a run are as large as its output (a gigabyte of JSON at 20 million flows), and fresh arrays
     * for them would each be zeroed and collected.
     */
    static Function<FlowBatch, Formatted> format(FlowPredicate predicate, FlowLines lines, Queue<AsciiBuffer> free) {
        int[][] rows = {new int[0]};
        return batch -> {
            int n = matching(batch, predicate, rows);
            if (n == 0) {
                return null;
            }
            AsciiBuffer polled = free.poll();
            AsciiBuffer text = polled != null ? polled : new AsciiBuffer(1 << 16);
            text.clear();
            int[] selected = rows[0];
            for (int i = 0; i < n; i++) {
                lines.append(text, batch, selected[i]);
            }
            long[] t = totals(batch, selected, n);
            return new Formatted(text, n, t[1], t[2]);
        };
    }

    /** A worker (one per scan thread) copying the matching rows of each batch out, or null when none match. */
    static Function<FlowBatch, FlowBatch> select(FlowPredicate predicate) {
        int[][] rows = {new int[0]};
        return batch -> {
            int n = matching(batch, predicate, rows);
            if (n == 0) {
                return null;
            }
            FlowBatch out = new FlowBatch(n);
            int[] selected = rows[0];
            for (int i = 0; i < n; i++) {
                out.appendRow(batch, selected[i]);
            }
            return out;
        };
    }

    /** The matching rows of {@code batch} into {@code rows[0]} (grown as needed); returns how many. */
    private static int matching(FlowBatch batch, FlowPredicate predicate, int[][] rows) {
        if (rows[0].length < batch.size()) {
            rows[0] = new int[batch.size()];
        }
        return predicate.select(batch, rows[0]);
    }
}
