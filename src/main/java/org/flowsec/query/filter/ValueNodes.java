package org.flowsec.query.filter;

import java.util.Arrays;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowMetric;

/** Compiled leaves over numeric fields. */
final class ValueNodes {
    private ValueNodes() {}

    /** {@code field op value} over one column; the operator is chosen outside the row loop. */
    static final class CmpNode extends Node {
        private final int slot;
        private final Op op;
        private final long value;

        CmpNode(Field f, Op op, long value) {
            this.slot = f.slot();
            this.op = op;
            this.value = value;
        }

        @Override
        public boolean test(FlowBatch b, int row) { return op.test(b.slot(slot)[row], value); }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            long[] col = b.slot(slot);
            long v = value;
            int k = 0;
            // branch-free: every row is written, and kept by advancing k (out[k] is overwritten otherwise);
            // a match rate between the extremes made the branch mispredict on a good share of rows
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) { int r = rows[i]; out[k] = r; k += col[r] == v ? 1 : 0; } }
                case NE -> { for (int i = 0; i < n; i++) { int r = rows[i]; out[k] = r; k += col[r] != v ? 1 : 0; } }
                case LT -> { for (int i = 0; i < n; i++) { int r = rows[i]; out[k] = r; k += col[r] < v ? 1 : 0; } }
                case LE -> { for (int i = 0; i < n; i++) { int r = rows[i]; out[k] = r; k += col[r] <= v ? 1 : 0; } }
                case GT -> { for (int i = 0; i < n; i++) { int r = rows[i]; out[k] = r; k += col[r] > v ? 1 : 0; } }
                default -> { for (int i = 0; i < n; i++) { int r = rows[i]; out[k] = r; k += col[r] >= v ? 1 : 0; } }
            }
            return k;
        }

        @Override
        int selectAll(FlowBatch b, int n, int[] out) {
            long[] col = b.slot(slot);
            long v = value;
            int k = 0;
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) { out[k] = i; k += col[i] == v ? 1 : 0; } }
                case NE -> { for (int i = 0; i < n; i++) { out[k] = i; k += col[i] != v ? 1 : 0; } }
                case LT -> { for (int i = 0; i < n; i++) { out[k] = i; k += col[i] < v ? 1 : 0; } }
                case LE -> { for (int i = 0; i < n; i++) { out[k] = i; k += col[i] <= v ? 1 : 0; } }
                case GT -> { for (int i = 0; i < n; i++) { out[k] = i; k += col[i] > v ? 1 : 0; } }
                default -> { for (int i = 0; i < n; i++) { out[k] = i; k += col[i] >= v ? 1 : 0; } }
            }
            return k;
        }
    }

    /** {@code port 80} without src/dst: either column satisfies the comparison. */
    static final class EitherCmpNode extends Node {
        private final int a;
        private final int b;
        private final Op op;
        private final long value;

        EitherCmpNode(Operand.Either e, Op op, long value) {
            this.a = e.src().slot();
            this.b = e.dst().slot();
            this.op = op;
            this.value = value;
        }

        @Override
        public boolean test(FlowBatch batch, int row) {
            return op.test(batch.slot(a)[row], value) || op.test(batch.slot(b)[row], value);
        }

        @Override
        int refine(FlowBatch batch, int[] rows, int n, int[] out) {
            long[] ca = batch.slot(a);
            long[] cb = batch.slot(b);
            int k = 0;
            if (op == Op.EQ) {
                long v = value;
                for (int i = 0; i < n; i++) {
                    int r = rows[i];
                    out[k] = r; // kept by advancing k, without a branch (see CmpNode)
                    k += (ca[r] == v) | (cb[r] == v) ? 1 : 0;
                }
                return k;
            }
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (op.test(ca[r], value) || op.test(cb[r], value)) {
                    out[k++] = r;
                }
            }
            return k;
        }
    }

    /** {@code port in [...]}: binary search in the sorted values, either side when two slots are given. */
    static final class InNode extends Node.RowNode {
        private final int a;
        private final int b;
        private final Operand.Metric metric;
        private final long[] sorted;

        InNode(Operand operand, List<Long> values) {
            if (operand instanceof Operand.Either e) {
                this.a = e.src().slot();
                this.b = e.dst().slot();
                this.metric = null;
            } else if (operand instanceof Operand.One one) {
                this.a = one.field().slot();
                this.b = -1;
                this.metric = null;
            } else {
                this.a = -1;
                this.b = -1;
                this.metric = (Operand.Metric) operand;
            }
            this.sorted = values.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        }

        @Override
        public boolean test(FlowBatch batch, int row) {
            if (metric != null) {
                return Arrays.binarySearch(sorted, MetricNode.compute(metric, batch, row)) >= 0;
            }
            return Arrays.binarySearch(sorted, batch.slot(a)[row]) >= 0
                    || (b >= 0 && Arrays.binarySearch(sorted, batch.slot(b)[row]) >= 0);
        }
    }

    /** Derived values as nfdump computes them; 0 when the duration (or packet count) is 0. */
    static final class MetricNode extends Node.RowNode {
        private final Operand.Metric metric;
        private final Op op;
        private final long value;

        MetricNode(Operand.Metric metric, Op op, long value) {
            this.metric = metric;
            this.op = op;
            this.value = value;
        }

        static long compute(Operand.Metric metric, FlowBatch b, int row) {
            return switch (metric) {
                case DURATION -> FlowMetric.DURATION.of(b, row);
                case PPS -> FlowMetric.PPS.of(b, row);
                case BPS -> FlowMetric.BPS.of(b, row);
                case BPP -> FlowMetric.BPP.of(b, row);
                case ENGINE_TYPE -> (b.get(Field.DOMAIN, row) >>> 8) & 0xFF;
                case ENGINE_ID -> b.get(Field.DOMAIN, row) & 0xFF;
            };
        }

        @Override
        public boolean test(FlowBatch b, int row) { return op.test(compute(metric, b, row), value); }
    }

    /** {@code flags SA}: all listed bits set; {@code not flags SA}: none of them set. */
    static final class FlagsNode extends Node {
        private final long mask;
        /** The value (flags & mask) must have: mask for "all set", 0 for "none set". */
        private final long want;

        FlagsNode(int mask, boolean none) {
            this.mask = mask;
            this.want = none ? 0 : mask;
        }

        @Override
        public boolean test(FlowBatch b, int row) {
            return (b.get(Field.TCP_FLAGS, row) & mask) == want;
        }

        @Override
        int refine(FlowBatch b, int[] rows, int n, int[] out) {
            long[] col = b.slot(Field.TCP_FLAGS.slot());
            long m = mask;
            long w = want;
            int k = 0;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                out[k] = r; // kept by advancing k, without a branch (see CmpNode)
                k += (col[r] & m) == w ? 1 : 0;
            }
            return k;
        }
    }

    /** {@code ipv4}/{@code ipv6}, judged by the source address. */
    static final class FamilyNode extends Node.RowNode {
        private final boolean v4;

        FamilyNode(int version) {
            this.v4 = version == 4;
        }

        @Override
        public boolean test(FlowBatch b, int row) {
            return Addresses.isV4(b.hi(Field.SRC_ADDR, row), b.lo(Field.SRC_ADDR, row)) == v4;
        }
    }
}
