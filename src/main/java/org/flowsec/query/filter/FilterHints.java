package org.flowsec.query.filter;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowMetric;

/**
 * What a store can learn from a filter before scanning: which addresses a matching flow must carry, and
 * the time range it must lie in. Both are sound over-approximations: a flow outside them never matches.
 */
public final class FilterHints {
    private FilterHints() {}

    /**
     * Prefixes at least one of which every matching flow carries as its source or destination address
     * ({@link Prefix#isHost()} for plain addresses), or empty when the filter does not pin one down.
     * {@code host A} gives [A]; {@code A or B} gives [A, B]; {@code A and port 80} gives [A]; {@code not A},
     * {@code A or port 80} and next-hop or exporter addresses give nothing.
     */
    public static Optional<List<Prefix>> requiredAddresses(Expr e) {
        if (e instanceof Expr.Addr a && a.side() != Expr.AddrSide.NEXT_HOP && a.side() != Expr.AddrSide.EXPORTER) {
            return Optional.of(a.prefixes());
        }
        if (e instanceof Expr.And) {
            // any operand's list is a valid answer; the shortest is the cheapest to look up
            Optional<List<Prefix>> best = Optional.empty();
            for (Expr x : Chains.operands(e, false)) {
                Optional<List<Prefix>> r = requiredAddresses(x);
                if (r.isPresent() && (best.isEmpty() || r.get().size() < best.get().size())) {
                    best = r;
                }
            }
            return best;
        }
        if (e instanceof Expr.Or) {
            LinkedHashSet<Prefix> union = new LinkedHashSet<>();
            for (Expr x : Chains.operands(e, true)) {
                Optional<List<Prefix>> r = requiredAddresses(x);
                if (r.isEmpty()) {
                    return Optional.empty();
                }
                union.addAll(r.get());
            }
            return Optional.of(List.copyOf(union));
        }
        return Optional.empty();
    }

    /**
     * Every field the compiled filter reads, for scans that decode only some columns: evaluating the filter
     * on a batch where only these fields hold their values gives the same result as on the full batch.
     * Either-side operands name both fields, derived metrics the fields they are computed from.
     */
    public static Set<Field> fields(Expr e) {
        EnumSet<Field> out = EnumSet.noneOf(Field.class);
        collect(e, out);
        return out;
    }

    private static void collect(Expr e, EnumSet<Field> out) {
        if (e instanceof Expr.And a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (e instanceof Expr.Or o) {
            collect(o.left(), out);
            collect(o.right(), out);
        } else if (e instanceof Expr.Not n) {
            collect(n.expr(), out);
        } else if (e instanceof Expr.Any) {
            return; // reads nothing
        } else if (e instanceof Expr.Family) {
            out.add(Field.SRC_ADDR); // judged by the source address (ValueNodes.FamilyNode)
        } else if (e instanceof Expr.Addr a) {
            out.add(a.side().field());
            if (a.side().other() != null) {
                out.add(a.side().other());
            }
        } else if (e instanceof Expr.Cmp c) {
            operandFields(c.operand(), out);
        } else if (e instanceof Expr.In in) {
            operandFields(in.operand(), out);
        } else if (e instanceof Expr.Flags || e instanceof Expr.NoFlags) {
            out.add(Field.TCP_FLAGS);
        } else {
            // a node kind added to Expr without a case here must not silently read undecoded columns
            throw new IllegalStateException("no field list for filter node " + e.getClass().getSimpleName());
        }
    }

    private static void operandFields(Operand o, EnumSet<Field> out) {
        if (o instanceof Operand.One one) {
            out.add(one.field());
        } else if (o instanceof Operand.Either either) {
            out.add(either.src());
            out.add(either.dst());
        } else {
            switch ((Operand.Metric) o) {
                case DURATION -> out.addAll(FlowMetric.DURATION.reads());
                case PPS -> out.addAll(FlowMetric.PPS.reads());
                case BPS -> out.addAll(FlowMetric.BPS.reads());
                case BPP -> out.addAll(FlowMetric.BPP.reads());
                case ENGINE_TYPE, ENGINE_ID -> out.add(Field.DOMAIN);
                default -> throw new IllegalStateException("no field list for metric " + o);
            }
        }
    }

    /** Bounds on first/last implied by {@code first}/{@code last} comparisons. */
    public static TimeBounds timeBounds(Expr e) {
        if (e instanceof Expr.And || e instanceof Expr.Or) {
            boolean or = e instanceof Expr.Or;
            TimeBounds acc = null;
            for (Expr x : Chains.operands(e, or)) {
                TimeBounds b = timeBounds(x);
                acc = acc == null ? b : or ? acc.hull(b) : acc.intersect(b);
            }
            return acc;
        }
        if (e instanceof Expr.Cmp c && c.operand() instanceof Operand.One one
                && (one.field() == Field.FIRST || one.field() == Field.LAST)) {
            long min = Long.MIN_VALUE;
            long max = Long.MAX_VALUE;
            long v = c.value();
            switch (c.op()) {
                case EQ -> { min = v; max = v; }
                case LT -> max = v == Long.MIN_VALUE ? v : v - 1;
                case LE -> max = v;
                case GT -> min = v == Long.MAX_VALUE ? v : v + 1;
                case GE -> min = v;
                default -> { }
            }
            TimeBounds b = one.field() == Field.FIRST
                    ? new TimeBounds(min, max, Long.MIN_VALUE, Long.MAX_VALUE)
                    : new TimeBounds(Long.MIN_VALUE, Long.MAX_VALUE, min, max);
            return b.intersect(TimeBounds.UNBOUNDED);
        }
        return TimeBounds.UNBOUNDED;
    }
}
