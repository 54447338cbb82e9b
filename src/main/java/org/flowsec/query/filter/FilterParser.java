package org.flowsec.query.filter;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowsec.base.TimeParser;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.Protocols;
import org.flowsec.query.filter.Expr.AddrSide;

/**
 * Recursive-descent parser for nfdump-style filters. Precedence, loosest first: {@code or}/{@code ||},
 * {@code and}/{@code &&}, {@code not}/{@code !}; keywords ignore case. Grammar:
 * <pre>
 * expr    = and { ("or" | "||") and }
 * and     = unary { ("and" | "&&") unary }
 * unary   = ("not" | "!") unary | "(" expr ")" | primitive
 * </pre>
 * The primitives are listed in docs/filter-language.md. Every value is checked against its field's range.
 */
public final class FilterParser {
    static final String PRIMITIVES = "a filter primitive (proto, ip, host, net, port, as, if, tos, flags, "
            + "packets, bytes, first, last, ...) or a catalog field";
    private static final String TIME = "a time (2026-11-26T10:00:00Z or 2026/11/26.10:00:00)";
    private static final String FLAG_LETTERS = "FSRPAUEC";

    /** Two or three octets of an IPv4 network, the rest left off (nfdump's {@code 172.16/12}). */
    private static final java.util.regex.Pattern ABBREVIATED_V4 =
            java.util.regex.Pattern.compile("\\d{1,3}\\.\\d{1,3}(\\.\\d{1,3})?");
    /** Parentheses and "not"s nest at most this deep, so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 256;

    private final String text;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private FilterParser(String text) {
        this.text = text;
        this.tokens = FilterLexer.tokens(text);
    }

    /** Parses a whole filter; throws {@link FilterSyntaxException} with a caret message. */
    public static Expr parse(String text) {
        FilterParser p = new FilterParser(text);
        if (p.peek().type() == Token.Type.EOF) {
            throw p.error(p.peek(), "expected a filter expression");
        }
        Expr e = p.orExpr();
        if (p.peek().type() != Token.Type.EOF) {
            throw p.error(p.peek(), "expected 'and', 'or' or the end of the filter");
        }
        return e;
    }

    private Expr orExpr() {
        Expr left = andExpr();
        while (peek().type() == Token.Type.OR || peek().is("or")) {
            pos++;
            left = new Expr.Or(left, andExpr());
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = unary();
        while (peek().type() == Token.Type.AND || peek().is("and")) {
            pos++;
            left = new Expr.And(left, unary());
        }
        return left;
    }

    private Expr unary() {
        Token t = peek();
        if (depth >= MAX_DEPTH) {
            throw error(t, "expected at most " + MAX_DEPTH + " nested parentheses or 'not's");
        }
        depth++;
        try {
            return unaryAtDepth(t);
        } finally {
            depth--;
        }
    }

    private Expr unaryAtDepth(Token t) {
        if (t.type() == Token.Type.NOT || t.is("not")) {
            pos++;
            if (peek().is("flags")) {
                pos++;
                return new Expr.NoFlags(flagMask());
            }
            return new Expr.Not(unary());
        }
        if (t.type() == Token.Type.LPAREN) {
            pos++;
            Expr e = orExpr();
            expect(Token.Type.RPAREN, "expected ')'");
            return e;
        }
        return primitive();
    }

    private Expr primitive() {
        Token t = next();
        if (t.type() != Token.Type.WORD) {
            throw error(t, "expected " + PRIMITIVES);
        }
        String k = t.text().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "any" -> new Expr.Any();
            case "ipv4", "inet" -> new Expr.Family(4);
            case "ipv6", "inet6" -> new Expr.Family(6);
            case "src", "dst" -> sided(k.equals("src"), t);
            case "ip", "host", "net" -> address(AddrSide.EITHER, k);
            case "port" -> numeric(Operand.Either.PORT);
            case "as" -> numeric(Operand.Either.AS);
            case "mask" -> numeric(Operand.Either.MASK);
            case "if" -> numeric(Operand.Either.IF);
            case "in", "out" -> {
                Token w = next();
                if (!w.is("if")) {
                    throw error(w, "expected 'if' after '" + t.text() + "'");
                }
                yield numeric(new Operand.One(k.equals("in") ? Field.IN_IF : Field.OUT_IF));
            }
            case "next" -> address(AddrSide.NEXT_HOP, addressKeyword(t));
            case "exporter", "router" -> peekAddressKeyword()
                    ? address(AddrSide.EXPORTER, next().text().toLowerCase(Locale.ROOT))
                    : addressField(AddrSide.EXPORTER);
            case "icmp-type" -> numeric(new Operand.One(Field.ICMP_TYPE));
            case "icmp-code" -> numeric(new Operand.One(Field.ICMP_CODE));
            case "pps" -> numeric(Operand.Metric.PPS);
            case "bps" -> numeric(Operand.Metric.BPS);
            case "bpp" -> numeric(Operand.Metric.BPP);
            case "duration" -> numeric(Operand.Metric.DURATION);
            case "engine-type" -> numeric(Operand.Metric.ENGINE_TYPE);
            case "engine-id" -> numeric(Operand.Metric.ENGINE_ID);
            case "flowdir" -> flowDirection(t);
            case "dir" -> numeric(new Operand.One(Field.DIRECTION));
            case "first", "last" -> {
                if (peek().is("seen")) {
                    pos++;
                }
                yield numeric(new Operand.One(k.equals("first") ? Field.FIRST : Field.LAST));
            }
            case "flags" -> new Expr.Flags(flagMask());
            default -> catalogField(t);
        };
    }

    /** Any catalog field by name: {@code end_reason = 2}, {@code src_addr 10.0.0.1}, {@code sampling > 1}. */
    private Expr catalogField(Token t) {
        Field f = Field.byName(t.text());
        if (f == null) {
            throw error(t, "unknown primitive or field '" + t.text() + "': expected " + PRIMITIVES
                    + " (" + Field.catalogNames() + ")");
        }
        if (!f.isAddress()) {
            return numeric(new Operand.One(f));
        }
        return addressField(switch (f) {
            case SRC_ADDR -> AddrSide.SRC;
            case DST_ADDR -> AddrSide.DST;
            case NEXT_HOP -> AddrSide.NEXT_HOP;
            default -> AddrSide.EXPORTER;
        });
    }

    /** An address field by its catalog name: {@code [=] A}, {@code [=] P/len} or {@code in [...]}. */
    private Expr addressField(AddrSide side) {
        if (peek().type() == Token.Type.OP) {
            Token op = next();
            if (Op.parse(op.text()) != Op.EQ) {
                throw error(op, "expected '=': addresses compare by equality or prefix");
            }
        }
        return peek().is("in") ? address(side, "ip") : addressValue(side);
    }

    private Expr sided(boolean src, Token qualifier) {
        Token w = next();
        String k = w.type() == Token.Type.WORD ? w.text().toLowerCase(Locale.ROOT) : "";
        return switch (k) {
            case "ip", "host", "net" -> address(src ? AddrSide.SRC : AddrSide.DST, k);
            case "port" -> numeric(new Operand.One(src ? Field.SRC_PORT : Field.DST_PORT));
            case "as" -> numeric(new Operand.One(src ? Field.SRC_AS : Field.DST_AS));
            case "mask" -> numeric(new Operand.One(src ? Field.SRC_MASK : Field.DST_MASK));
            default -> throw error(w, "expected ip, host, net, port, as or mask after '" + qualifier.text() + "'");
        };
    }

    private boolean peekAddressKeyword() {
        return peek().is("ip") || peek().is("host") || peek().is("net");
    }

    private String addressKeyword(Token after) {
        if (!peekAddressKeyword()) {
            throw error(peek(), "expected ip, host or net after '" + after.text() + "'");
        }
        return next().text().toLowerCase(Locale.ROOT);
    }

    /** After {@code ip|host|net}: one address, a prefix, an address and netmask, or {@code in [...]}. */
    private Expr address(AddrSide side, String keyword) {
        if (!keyword.equals("net") && peek().is("in")) {
            pos++;
            expect(Token.Type.LBRACKET, "expected '[' to start the address list");
            List<Prefix> list = new ArrayList<>();
            while (peek().type() != Token.Type.RBRACKET) {
                Token t = next();
                if (t.type() == Token.Type.COMMA) {
                    continue;
                }
                if (t.type() != Token.Type.WORD) {
                    throw error(t, "expected an IPv4 or IPv6 address or prefix, or ']'");
                }
                list.add(prefix(t));
            }
            Token close = next();
            if (list.isEmpty()) {
                throw error(close, "expected at least one address in the list");
            }
            return new Expr.Addr(side, list);
        }
        if (keyword.equals("net")) {
            Token t = word("expected a network such as 10.0.0.0/8, 10.0.0.0 255.0.0.0 or 2001:db8::/32");
            if (t.text().contains("/")) {
                return new Expr.Addr(side, List.of(prefix(t)));
            }
            Token maskToken = peek();
            if (maskToken.type() != Token.Type.WORD || !maskToken.text().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw error(maskToken, "expected a prefix length (10.0.0.0/8) or a netmask (10.0.0.0 255.0.0.0)");
            }
            pos++;
            InetAddress a = inet(t, t.text());
            if (!(a instanceof Inet4Address)) {
                throw error(maskToken, "expected a prefix length: netmasks are for IPv4 networks");
            }
            int mask = (int) Addresses.lo(inet(maskToken, maskToken.text()));
            if ((~mask & (~mask + 1)) != 0) {
                throw error(maskToken, "expected a contiguous netmask such as 255.255.255.0");
            }
            return new Expr.Addr(side, List.of(Prefix.v4((int) Addresses.lo(a), Integer.bitCount(mask))));
        }
        return addressValue(side);
    }

    private Expr addressValue(AddrSide side) {
        Token t = word("expected an IPv4 or IPv6 address");
        return new Expr.Addr(side, List.of(prefix(t)));
    }

    /**
     * {@code A} or {@code A/len}; IPv4 lengths are 0..32, IPv6 0..128. As in nfdump, an IPv4 network may leave
     * off its trailing zero octets when it gives a length: {@code 172.16/12}, {@code 192.168.1/24}.
     */
    Prefix prefix(Token t) {
        String s = t.text();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        if (slash >= 0 && ABBREVIATED_V4.matcher(address).matches()) {
            address += ".0".repeat(3 - (int) address.chars().filter(c -> c == '.').count());
        }
        InetAddress a = inet(t, address);
        boolean v4 = a instanceof Inet4Address;
        int max = v4 ? 32 : 128;
        int len = max;
        if (slash >= 0) {
            String l = s.substring(slash + 1);
            if (!l.matches("\\d{1,3}") || Integer.parseInt(l) > max) {
                throw new FilterSyntaxException(text, t.pos() + slash + 1, "expected a prefix length 0.." + max);
            }
            len = Integer.parseInt(l);
        }
        return new Prefix(Addresses.hi(a), Addresses.lo(a), len + 128 - max);
    }

    private InetAddress inet(Token t, String s) {
        try {
            return Addresses.parse(s);
        } catch (IllegalArgumentException e) {
            throw error(t, "expected an IPv4 or IPv6 address");
        }
    }

    /** After a numeric keyword: {@code [op] value} or {@code in [v ...]}. */
    private Expr numeric(Operand operand) {
        if (peek().is("in") && tokens.get(pos + 1).type() == Token.Type.LBRACKET) {
            pos += 2;
            List<Long> values = new ArrayList<>();
            while (peek().type() != Token.Type.RBRACKET) {
                Token t = next();
                if (t.type() == Token.Type.COMMA) {
                    continue;
                }
                if (t.type() != Token.Type.WORD) {
                    throw error(t, "expected " + Values.expected(operand) + " or ']'");
                }
                values.add(value(operand, t));
            }
            Token close = next();
            if (values.isEmpty()) {
                throw error(close, "expected at least one value in the list");
            }
            return new Expr.In(operand, values);
        }
        Op op = Op.EQ;
        Token t = peek();
        if (t.type() == Token.Type.OP || (t.type() == Token.Type.WORD && Op.parse(t.text()) != null)) {
            op = Op.parse(t.text());
            pos++;
        }
        Token v = next();
        if (v.type() != Token.Type.WORD) {
            throw error(v, "expected " + Values.expected(operand));
        }
        return new Expr.Cmp(operand, op, value(operand, v));
    }

    private long value(Operand operand, Token t) {
        if (operand instanceof Operand.One one && one.field().kind() == Field.Kind.TIME) {
            try {
                return TimeParser.parseMillis(t.text());
            } catch (IllegalArgumentException e) {
                throw error(t, "expected " + TIME);
            }
        }
        if (operand instanceof Operand.One one && one.field() == Field.PROTO) {
            int n = Protocols.number(t.text());
            if (n < 0 && Values.number(t.text()) >= 0 && Values.number(t.text()) < 256) {
                n = (int) Values.number(t.text()); // 0x11
            }
            if (n < 0) {
                throw error(t, "expected " + Values.expected(operand));
            }
            return n;
        }
        long v = Values.number(t.text());
        if (v < 0 || v > operand.maxValue()) {
            throw error(t, "expected " + Values.expected(operand));
        }
        return v;
    }

    /** nfdump's {@code flowdir ingress|egress} (or its number: 0 ingress, 1 egress): the {@code direction} field. */
    private Expr flowDirection(Token keyword) {
        Token t = peek();
        if (t.type() == Token.Type.WORD && (t.is("ingress") || t.is("egress"))) {
            pos++;
            return new Expr.Cmp(new Operand.One(Field.DIRECTION), Op.EQ, t.is("ingress") ? 0 : 1);
        }
        if (t.type() != Token.Type.WORD || Values.number(t.text()) < 0) {
            throw error(t, "expected ingress, egress or a direction number after '" + keyword.text() + "'");
        }
        return numeric(new Operand.One(Field.DIRECTION));
    }

    private int flagMask() {
        Token t = word("expected TCP flag letters from " + FLAG_LETTERS);
        int mask = 0;
        for (char c : t.text().toUpperCase(Locale.ROOT).toCharArray()) {
            int bit = FLAG_LETTERS.indexOf(c);
            if (bit < 0) {
                throw error(t, "expected TCP flag letters from " + FLAG_LETTERS);
            }
            mask |= 1 << bit;
        }
        return mask;
    }

    private Token word(String problem) {
        Token t = next();
        if (t.type() != Token.Type.WORD) {
            throw error(t, problem);
        }
        return t;
    }

    private void expect(Token.Type type, String problem) {
        Token t = next();
        if (t.type() != type) {
            throw error(t, problem);
        }
    }

    private Token peek() { return tokens.get(pos); }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Token.Type.EOF) {
            pos++;
        }
        return t;
    }

    private FilterSyntaxException error(Token t, String problem) {
        return new FilterSyntaxException(text, t.pos(), problem + (t.type() == Token.Type.EOF ? ", found the end" : ""));
    }
}
