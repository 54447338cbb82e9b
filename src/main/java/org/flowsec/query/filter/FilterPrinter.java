package org.flowsec.query.filter;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.flowsec.flow.Field;

/**
 * Canonical filter text for a tree: lower-case keywords, IPv4 in dotted form, prefixes with {@code /len},
 * times in ISO-8601 UTC, and only the parentheses the precedence needs. {@code FilterParser.parse(print(e))}
 * equals {@code e}.
 */
public final class FilterPrinter {
    private static final String FLAG_LETTERS = "FSRPAUEC";

    private FilterPrinter() {}

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb);
        return sb.toString();
    }

    private static int precedence(Expr e) {
        if (e instanceof Expr.Or) {
            return 1;
        }
        if (e instanceof Expr.And) {
            return 2;
        }
        return e instanceof Expr.Not || e instanceof Expr.NoFlags ? 3 : 4;
    }

    private static void print(Expr e, StringBuilder sb) {
        if (e instanceof Expr.Or || e instanceof Expr.And) {
            chain(e, sb);
        } else if (e instanceof Expr.Not not) {
            sb.append("not ");
            // "not flags X" reads as NoFlags, so the negation of a Flags needs its parentheses
            child(not.expr(), precedence(not.expr()) < 3 || not.expr() instanceof Expr.Flags, sb);
        } else if (e instanceof Expr.Any) {
            sb.append("any");
        } else if (e instanceof Expr.Family f) {
            sb.append(f.version() == 4 ? "ipv4" : "ipv6");
        } else if (e instanceof Expr.Addr a) {
            address(a, sb);
        } else if (e instanceof Expr.Cmp c) {
            sb.append(name(c.operand()));
            if (c.op() != Op.EQ) {
                sb.append(' ').append(c.op().symbol());
            }
            sb.append(' ').append(value(c.operand(), c.value()));
        } else if (e instanceof Expr.In in) {
            sb.append(name(in.operand())).append(" in [")
                    .append(in.values().stream().map(v -> value(in.operand(), v)).collect(Collectors.joining(" ")))
                    .append(']');
        } else if (e instanceof Expr.NoFlags f) {
            flags("not flags ", f.mask(), sb);
        } else {
            flags("flags ", ((Expr.Flags) e).mask(), sb);
        }
    }

    private static void flags(String keyword, int mask, StringBuilder sb) {
        sb.append(keyword);
        for (int bit = 0; bit < 8; bit++) {
            if ((mask & (1 << bit)) != 0) {
                sb.append(FLAG_LETTERS.charAt(bit));
            }
        }
    }

    /** Left-associative: operands after the first need parentheses already at equal precedence. */
    private static void chain(Expr e, StringBuilder sb) {
        boolean or = e instanceof Expr.Or;
        int prec = or ? 1 : 2;
        List<Expr> operands = Chains.operands(e, or);
        for (int i = 0; i < operands.size(); i++) {
            Expr x = operands.get(i);
            if (i > 0) {
                sb.append(or ? " or " : " and ");
            }
            child(x, i == 0 ? precedence(x) < prec : precedence(x) <= prec, sb);
        }
    }

    private static void child(Expr e, boolean parens, StringBuilder sb) {
        if (parens) {
            sb.append('(');
        }
        print(e, sb);
        if (parens) {
            sb.append(')');
        }
    }

    private static void address(Expr.Addr a, StringBuilder sb) {
        sb.append(a.side().keyword());
        if (a.prefixes().size() > 1) {
            sb.append("ip in [").append(a.prefixes().stream().map(Prefix::toString).collect(Collectors.joining(" ")))
                    .append(']');
        } else {
            Prefix p = a.prefixes().get(0);
            sb.append(p.isHost() ? "ip " : "net ").append(p);
        }
    }

    /** The keyword of an operand as the parser reads it. */
    static String name(Operand operand) {
        if (operand instanceof Operand.Metric m) {
            return m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); // engine-type, as nfdump
        }
        if (operand instanceof Operand.Either e) {
            if (e.equals(Operand.Either.PORT)) {
                return "port";
            } else if (e.equals(Operand.Either.AS)) {
                return "as";
            } else if (e.equals(Operand.Either.MASK)) {
                return "mask";
            } else if (e.equals(Operand.Either.IF)) {
                return "if";
            }
            throw new IllegalArgumentException("no filter keyword for " + e);
        }
        Field f = ((Operand.One) operand).field();
        switch (f) {
            case SRC_PORT: return "src port";
            case DST_PORT: return "dst port";
            case SRC_AS: return "src as";
            case DST_AS: return "dst as";
            case SRC_MASK: return "src mask";
            case DST_MASK: return "dst mask";
            case IN_IF: return "in if";
            case OUT_IF: return "out if";
            case ICMP_TYPE: return "icmp-type";
            case ICMP_CODE: return "icmp-code";
            default: return f.catalogName();
        }
    }

    private static String value(Operand operand, long v) {
        if (operand instanceof Operand.One one && one.field().kind() == Field.Kind.TIME) {
            return Instant.ofEpochMilli(v).toString();
        }
        return Long.toString(v);
    }
}
