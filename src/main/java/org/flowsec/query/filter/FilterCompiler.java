package org.flowsec.query.filter;

import java.util.List;

/** Turns a syntax tree into a {@link FlowPredicate} once, so evaluation never looks at the tree again. */
public final class FilterCompiler {
    private FilterCompiler() {}

    public static FlowPredicate compile(Expr e) {
        return node(e);
    }

    /** Parses and compiles filter text; throws {@link FilterSyntaxException}. */
    public static FlowPredicate compile(String filter) {
        return node(FilterParser.parse(filter));
    }

    private static Node node(Expr e) {
        if (e instanceof Expr.And || e instanceof Expr.Or) {
            boolean or = e instanceof Expr.Or;
            List<Expr> operands = Chains.operands(e, or);
            Node[] nodes = new Node[operands.size()];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = node(operands.get(i));
            }
            return or ? new Node.AnyOfNode(nodes) : new Node.AllOfNode(nodes);
        } else if (e instanceof Expr.Not not) {
            return new Node.NotNode(node(not.expr()));
        } else if (e instanceof Expr.Any) {
            return new Node.AnyNode();
        } else if (e instanceof Expr.Family f) {
            return new ValueNodes.FamilyNode(f.version());
        } else if (e instanceof Expr.Addr a) {
            return new AddressNode(a);
        } else if (e instanceof Expr.Flags f) {
            return new ValueNodes.FlagsNode(f.mask(), false);
        } else if (e instanceof Expr.NoFlags f) {
            return new ValueNodes.FlagsNode(f.mask(), true);
        } else if (e instanceof Expr.In in) {
            return new ValueNodes.InNode(in.operand(), in.values());
        }
        Expr.Cmp c = (Expr.Cmp) e;
        if (c.operand() instanceof Operand.One one) {
            return new ValueNodes.CmpNode(one.field(), c.op(), c.value());
        } else if (c.operand() instanceof Operand.Either either) {
            return new ValueNodes.EitherCmpNode(either, c.op(), c.value());
        }
        return new ValueNodes.MetricNode((Operand.Metric) c.operand(), c.op(), c.value());
    }
}
