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

    @Override
    public final int select(FlowBatch batch, int[] rowsOut) {
        int n = batch.size();
        if (rowsOut.length < n) {
            throw new IllegalArgumentException("rowsOut holds " + rowsOut.length + " rows, the batch " + n);
        }
        for (int i = 0; i < n; i++) {
            rowsOut[i] = i;
        }
        return refine(batch, rowsOut, n, rowsOut);
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

    static final class AndNode extends Node {
        private final Node left;
        private final Node right;

        AndNode(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public boolean test(FlowBatch b, int row) { return left.test(b, row) && right.test(b, row); }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int k = left.refine(b, rows, n, out);
            return right.refine(b, out, k, out);
        }
    }

    /** The right side only sees the rows the left side rejected; the two results are merged in order. */
    static final class OrNode extends Node {
        private final Node left;
        private final Node right;

        OrNode(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public boolean test(FlowBatch b, int row) { return left.test(b, row) || right.test(b, row); }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int[] hits = new int[n];
            int h = left.refine(b, rows, n, hits);
            int[] rest = new int[n - h];
            int m = complement(rows, n, hits, h, rest);
            int r = right.refine(b, rest, m, rest);
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < h || j < r) {
                out[k++] = j >= r || (i < h && hits[i] < rest[j]) ? hits[i++] : rest[j++];
            }
            return k;
        }
    }

    static final class NotNode extends Node {
        private final Node child;

        NotNode(Node child) {
            this.child = child;
        }

        @Override
        public boolean test(FlowBatch b, int row) { return !child.test(b, row); }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            int[] hits = new int[n];
            int h = child.refine(b, rows, n, hits);
            return complement(rows, n, hits, h, out);
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
