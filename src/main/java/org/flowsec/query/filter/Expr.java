package org.flowsec.query.filter;

import java.util.List;
import org.flowsec.flow.Field;

/**
 * The filter syntax tree: immutable records with value equality, so that {@code parse(print(e))} can be
 * compared with {@code e}. Lists are copied and must not be empty.
 */
public sealed interface Expr {
    record And(Expr left, Expr right) implements Expr {}

    record Or(Expr left, Expr right) implements Expr {}

    record Not(Expr expr) implements Expr {}

    /** Matches every flow ({@code any}); ACLs that deny everything compile to {@code not any}. */
    record Any() implements Expr {}

    /** {@code ipv4} / {@code ipv6}: the family of the flow's addresses. */
    record Family(int version) implements Expr {
        public Family {
            if (version != 4 && version != 6) {
                throw new IllegalArgumentException("IP version " + version);
            }
        }
    }

    /**
     * The address at {@code side} lies in one of the prefixes: {@code ip A} (one host), {@code net P}
     * (one prefix) and {@code ip in [...]} (several) are all this node.
     */
    record Addr(AddrSide side, List<Prefix> prefixes) implements Expr {
        public Addr {
            prefixes = List.copyOf(prefixes);
            if (prefixes.isEmpty()) {
                throw new IllegalArgumentException("empty address list");
            }
        }
    }

    /** {@code operand op value}, e.g. {@code dst port > 1023}, {@code bytes >= 1000000}, {@code first > T}. */
    record Cmp(Operand operand, Op op, long value) implements Expr {}

    /** {@code operand in [v1 v2 ...]}, e.g. {@code port in [22 80 443]}. */
    record In(Operand operand, List<Long> values) implements Expr {
        public In {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("empty value list");
            }
        }
    }

    /** {@code flags SA}: every listed TCP flag is set (bits as in {@link Field#TCP_FLAGS}). */
    record Flags(int mask) implements Expr {
        public Flags {
            if (mask <= 0 || mask > 255) {
                throw new IllegalArgumentException("TCP flag mask " + mask);
            }
        }
    }

    /**
     * {@code not flags AFRPU}: none of the listed TCP flags is set. nfdump 1.7 reads {@code not flags X}
     * this way (its man page: "flags S and not flags AFRPU" selects flows with only SYN set), which differs
     * from the boolean negation of {@code flags X} ("not all of X") when X has several letters; the
     * boolean negation is written {@code not (flags X)}.
     */
    record NoFlags(int mask) implements Expr {
        public NoFlags {
            if (mask <= 0 || mask > 255) {
                throw new IllegalArgumentException("TCP flag mask " + mask);
            }
        }
    }

    /** Which address of a flow an {@link Addr} looks at. */
    enum AddrSide {
        SRC("src ", Field.SRC_ADDR, null),
        DST("dst ", Field.DST_ADDR, null),
        EITHER("", Field.SRC_ADDR, Field.DST_ADDR),
        NEXT_HOP("next ", Field.NEXT_HOP, null),
        EXPORTER("exporter ", Field.EXPORTER, null);

        private final String keyword;
        private final Field field;
        private final Field other;

        AddrSide(String keyword, Field field, Field other) {
            this.keyword = keyword;
            this.field = field;
            this.other = other;
        }

        /** The printed qualifier before {@code ip}/{@code net}, with its trailing space. */
        public String keyword() { return keyword; }

        public Field field() { return field; }

        /** The second field for {@link #EITHER}, else null. */
        public Field other() { return other; }
    }
}
