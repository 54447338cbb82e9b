package org.flowsec.query.filter;

/** A comparison operator of the filter language. */
public enum Op {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /** The canonical spelling printed by {@link FilterPrinter}. */
    public String symbol() { return symbol; }

    public boolean test(long actual, long expected) {
        return switch (this) {
            case EQ -> actual == expected;
            case NE -> actual != expected;
            case LT -> actual < expected;
            case LE -> actual <= expected;
            case GT -> actual > expected;
            case GE -> actual >= expected;
        };
    }

    /** The operator for a symbol or nfdump's word form ({@code eq}, {@code gt}, ...), or null. */
    static Op parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "=", "==", "eq" -> EQ;
            case "!=", "ne", "neq" -> NE;
            case "<", "lt" -> LT;
            case "<=", "le" -> LE;
            case ">", "gt" -> GT;
            case ">=", "ge" -> GE;
            default -> null;
        };
    }
}
