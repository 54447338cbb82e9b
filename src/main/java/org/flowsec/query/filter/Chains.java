package org.flowsec.query.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code a or b or c ...} parses into a left-deep tree as long as the filter (think of a generated list of
 * thousands of hosts). Walking such chains iteratively keeps printing, compiling and evaluation off the
 * call stack's limits.
 */
final class Chains {
    private Chains() {}

    /** The operands of a chain of {@code and} (or of {@code or}) nodes, left to right. */
    static List<Expr> operands(Expr e, boolean or) {
        Deque<Expr> rights = new ArrayDeque<>();
        Expr cur = e;
        while (or ? cur instanceof Expr.Or : cur instanceof Expr.And) {
            if (cur instanceof Expr.Or o) {
                rights.push(o.right());
                cur = o.left();
            } else {
                Expr.And a = (Expr.And) cur;
                rights.push(a.right());
                cur = a.left();
            }
        }
        List<Expr> out = new ArrayList<>(rights.size() + 1);
        out.add(cur);
        out.addAll(rights);
        return out;
    }
}
