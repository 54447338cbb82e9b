package org.flowsec.query.filter;

import org.flowsec.flow.FlowBatch;

/**
 * A compiled filter node. Besides the row test, every node narrows a selection vector: {@link #refine}
 * keeps the matching rows of an ascending list of row indexes, so that {@code and} simply chains its
 * children and leaves run tight loops over one column array.
 */
abstract class Node implements FlowPredicate {
    /**
     * Writes to {@code out} the rows among {@code rows[0..n)} that match, keeping their order, and returns
     * their count. {@code out} may be {@code rows}: a node writes index k only after reading index k.
     */
    abstract int refine(FlowBatch b, int[] rows, int n, int[] out);

    /**
     * Writes to {@code out} the matching rows among all of {@code 0..n)}, ascending, and returns their count.
     * Leaves over one column override it to read the column straight, without the row list's indirection.
     */
    int selectAll(FlowBatch b, int n, int[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return refine(b, out, n, out);
    }

    @Override
    public final int select(FlowBatch batch, int[] rowsOut) {
        int n = batch.size();
        if (rowsOut.length < n) {
            throw new IllegalArgumentException("rowsOut holds " + rowsOut.length + " rows, the batch " + n);
        }
        return selectAll(batch, n, rowsOut);
    }

    /** Leaves without a column loop of their own refine by testing row after row. */
    abstract static class RowNode extends Node {
        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (test(b, r)) {
                    out[k++] = r;
                }
            }
            return k;
        }
    }

    static final class AnyNode extends Node {
        @Override
        public boolean test(FlowBatch b, int row) { return true; }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            if (out != rows) {
                System.arraycopy(rows, 0, out, 0, n);
            }
            return n;
        }
    }

    /** {@code a and b and ...}: each operand narrows the rows the previous ones kept. */
    static final class AllOfNode extends Node {
        private final Node[] operands;

        AllOfNode(Node[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean test(FlowBatch b, int row) {
            for (Node n : operands) {
                if (!n.test(b, row)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int k = operands[0].refine(b, rows, n, out);
            for (int i = 1; i < operands.length && k > 0; i++) {
                k = operands[i].refine(b, out, k, out);
            }
            return k;
        }

        @Override
        int selectAll(FlowBatch b, int n, int[] out) {
            int k = operands[0].selectAll(b, n, out);
            for (int i = 1; i < operands.length && k > 0; i++) {
                k = operands[i].refine(b, out, k, out);
            }
            return k;
        }
    }

    /**
     * {@code a or b or ...}: each operand only sees the rows the previous ones rejected; the hits are
     * merged back into row order at the end.
     */
    static final class AnyOfNode extends Node {
        private final Node[] operands;

        private final Scratch scratch = new Scratch();

        AnyOfNode(Node[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean test(FlowBatch b, int row) {
            for (Node n : operands) {
                if (n.test(b, row)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int[][] s = scratch.arrays(3, n);
            int[] rest = s[0];
            int[] hits = s[1];
            int[] found = s[2];
            System.arraycopy(rows, 0, rest, 0, n);
            int m = n;
            int h = 0;
            for (int i = 0; i < operands.length && m > 0; i++) {
                int f = operands[i].refine(b, rest, m, found);
                if (f == 0) {
                    continue;
                }
                m = complement(rest, m, found, f, rest);
                h = merge(hits, h, found, f, out);
                System.arraycopy(out, 0, hits, 0, h);
            }
            System.arraycopy(hits, 0, out, 0, h);
            return h;
        }

        /** Merges two ascending, disjoint row lists into out. */
        private static int merge(int[] a, int na, int[] c, int nc, int[] out) {
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < na || j < nc) {
                out[k++] = j >= nc || (i < na && a[i] < c[j]) ? a[i++] : c[j++];
            }
            return k;
        }
    }

    static final class NotNode extends Node {
        private final Node child;
        private final Scratch scratch = new Scratch();

        NotNode(Node child) {
            this.child = child;
        }

        @Override
        public boolean test(FlowBatch b, int row) { return !child.test(b, row); }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int[] hits = scratch.arrays(1, n)[0];
            int h = child.refine(b, rows, n, hits);
            return complement(rows, n, hits, h, out);
        }
    }

    /**
     * Row lists for nodes that need room besides their output, kept per thread so that a shared compiled
     * predicate allocates only when a batch is larger than any before it on that thread.
     */
    static final class Scratch {
        private final ThreadLocal<int[][]> arrays = new ThreadLocal<>();

        int[][] arrays(int count, int size) {
            int[][] a = arrays.get();
            if (a == null || a[0].length < size) {
                a = new int[count][Math.max(size, 1024)];
                arrays.set(a);
            }
            return a;
        }
    }

    /** rows minus hits (hits is an ordered subset of rows) into out; returns the count. */
    static int complement(int[] rows, int n, int[] hits, int h, int[] out) {
        int j = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            if (j < h && hits[j] == r) {
                j++;
            } else {
                out[k++] = r;
            }
        }
        return k;
    }
}
