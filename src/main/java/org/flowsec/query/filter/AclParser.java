package org.flowsec.query.filter;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.Protocols;

/**
 * Cisco-style access lists as flow-tools' flow-filter reads them, compiled to the same {@link Expr} as
 * filter text. Lines, one entry each (a header line alone followed by indented entries works too):
 * <pre>
 * ip access-list standard NAME permit|deny host A | A WILDCARD | A | any
 * ip access-list extended NAME permit|deny PROTO SRC [PORTS] DST [PORTS] [established] [log]
 *   PROTO = ip | tcp | udp | icmp | name | number;  SRC, DST = any | host A | A WILDCARD
 *   PORTS = eq N | neq N | gt N | lt N | range N M
 * </pre>
 * Wildcards are inverted netmasks (0.0.0.255 = /24). Entries are tried in order, the first match decides,
 * and a flow no entry matches is denied. Lines starting with {@code !} or {@code #}, and remarks, are skipped.
 */
public final class AclParser {
    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final Map<String, Integer> PORT_NAMES = Map.ofEntries(
            Map.entry("ftp-data", 20), Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23),
            Map.entry("smtp", 25), Map.entry("domain", 53), Map.entry("www", 80), Map.entry("http", 80),
            Map.entry("pop3", 110), Map.entry("ntp", 123), Map.entry("snmp", 161), Map.entry("bgp", 179),
            Map.entry("https", 443), Map.entry("syslog", 514));

    private final String text;
    /** The address a standard list tests: the source, or the destination as flow-filter -D does. */
    private final Expr.AddrSide standardSide;
    private List<String> words;
    private List<Integer> offsets;
    private int i;

    private AclParser(String text, Expr.AddrSide standardSide) {
        this.text = text;
        this.standardSide = standardSide;
    }

    private record Rule(boolean permit, Expr condition) {}

    /** The access list {@code name} of the file as a filter; throws {@link FilterSyntaxException}. */
    public static Expr parse(String text, String name) {
        return parse(text, name, Expr.AddrSide.SRC);
    }

    /**
     * As {@link #parse(String, String)}, with standard lists testing the given side: {@code SRC} like
     * flow-filter's {@code -S}, {@code DST} like its {@code -D}. Extended lists name both sides themselves.
     */
    public static Expr parse(String text, String name, Expr.AddrSide standardSide) {
        if (standardSide != Expr.AddrSide.SRC && standardSide != Expr.AddrSide.DST) {
            throw new IllegalArgumentException("standard lists test the source or the destination, not " + standardSide);
        }
        return new AclParser(text, standardSide).list(name);
    }

    private Expr list(String name) {
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        String current = null;
        boolean currentExtended = false;
        int lineStart = 0;
        for (String line : text.split("\n", -1)) {
            words = new ArrayList<>();
            offsets = new ArrayList<>();
            Matcher m = WORD.matcher(line);
            while (m.find()) {
                words.add(m.group());
                offsets.add(lineStart + m.start());
            }
            i = 0;
            int end = lineStart + line.length();
            lineStart = end + 1;
            if (words.isEmpty() || words.get(0).startsWith("!") || words.get(0).startsWith("#")
                    || words.get(0).equalsIgnoreCase("remark")) {
                continue;
            }
            if (peekIs("ip") && words.size() > 1 && words.get(1).equalsIgnoreCase("access-list")) {
                i = 2;
                String kind = take("expected 'standard' or 'extended'").toLowerCase(Locale.ROOT);
                if (!kind.equals("standard") && !kind.equals("extended")) {
                    throw error(i - 1, "expected 'standard' or 'extended'");
                }
                currentExtended = kind.equals("extended");
                current = take("expected an access list name");
                names.add(current);
            } else if (peekIs("access-list")) {
                // numbered lists: 1-99 and 1300-1999 standard, the rest extended
                i = 1;
                current = take("expected an access list number");
                names.add(current);
                int number = current.matches("\\d{1,4}") ? Integer.parseInt(current) : 100;
                currentExtended = !(number < 100 || (number >= 1300 && number < 2000));
            } else if (current == null) {
                throw error(0, "expected 'ip access-list standard|extended NAME'");
            }
            if (i >= words.size()) {
                continue; // a header line; its entries follow
            }
            String action = take("expected 'permit' or 'deny'").toLowerCase(Locale.ROOT);
            if (!action.equals("permit") && !action.equals("deny")) {
                throw error(i - 1, "expected 'permit' or 'deny'");
            }
            Expr condition = currentExtended ? extended() : standard();
            if (i < words.size()) {
                throw error(i, "expected the end of the access list entry");
            }
            if (current.equals(name)) {
                rules.add(new Rule(action.equals("permit"), condition));
            }
        }
        if (!names.contains(name)) {
            throw new FilterSyntaxException(text, 0, "no access list named '" + name + "' (found: "
                    + String.join(", ", names) + ")");
        }
        return firstMatchWins(rules);
    }

    /** First match wins, implicit deny: fold from the last entry up. */
    private static Expr firstMatchWins(List<Rule> rules) {
        Expr acc = null; // null: nothing permitted from here on
        for (int r = rules.size() - 1; r >= 0; r--) {
            Rule rule = rules.get(r);
            boolean all = rule.condition() instanceof Expr.Any;
            if (rule.permit()) {
                acc = all || acc == null ? rule.condition() : new Expr.Or(rule.condition(), acc);
            } else {
                acc = all || acc == null ? null : new Expr.And(new Expr.Not(rule.condition()), acc);
            }
        }
        return acc == null ? new Expr.Not(new Expr.Any()) : acc;
    }

    private Expr standard() {
        if (peekIs("any") || peekIs("host")) {
            return address(standardSide);
        }
        int at = i;
        InetAddress a = v4(take("expected an address, 'host A' or 'any'"), at);
        if (i < words.size() && words.get(i).matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return new Expr.Addr(standardSide, List.of(wildcard(a, at)));
        }
        return new Expr.Addr(standardSide, List.of(Prefix.host(Addresses.hi(a), Addresses.lo(a))));
    }

    private Expr extended() {
        List<Expr> parts = new ArrayList<>();
        int at = i;
        String proto = take("expected a protocol (ip, tcp, udp, icmp or a number)");
        if (!proto.equalsIgnoreCase("ip")) {
            int n = Protocols.number(proto);
            if (n < 0) {
                throw error(at, "expected a protocol (ip, tcp, udp, icmp or a number 0..255)");
            }
            parts.add(new Expr.Cmp(new Operand.One(Field.PROTO), Op.EQ, n));
        }
        parts.add(address(Expr.AddrSide.SRC));
        parts.add(ports(Field.SRC_PORT));
        parts.add(address(Expr.AddrSide.DST));
        parts.add(ports(Field.DST_PORT));
        if (proto.equalsIgnoreCase("icmp") && i < words.size() && words.get(i).matches("\\d{1,3}")) {
            parts.add(new Expr.Cmp(new Operand.One(Field.ICMP_TYPE), Op.EQ, number(i++, 255, "an ICMP type 0..255")));
            if (i < words.size() && words.get(i).matches("\\d{1,3}")) {
                parts.add(new Expr.Cmp(new Operand.One(Field.ICMP_CODE), Op.EQ, number(i++, 255, "an ICMP code 0..255")));
            }
        }
        if (peekIs("established")) {
            i++;
            parts.add(new Expr.Or(new Expr.Flags(0x10), new Expr.Flags(0x04))); // ACK or RST, as IOS
        }
        if (peekIs("log")) {
            i++;
        }
        Expr out = null;
        for (Expr p : parts) {
            if (p != null && !(p instanceof Expr.Any)) {
                out = out == null ? p : new Expr.And(out, p);
            }
        }
        return out == null ? new Expr.Any() : out;
    }

    /** any | host A | A WILDCARD */
    private Expr address(Expr.AddrSide side) {
        int at = i;
        String w = take("expected 'any', 'host A' or 'A WILDCARD'");
        if (w.equalsIgnoreCase("any")) {
            return new Expr.Any();
        }
        if (w.equalsIgnoreCase("host")) {
            int a = i;
            InetAddress addr = v4(take("expected an address after 'host'"), a);
            return new Expr.Addr(side, List.of(Prefix.host(Addresses.hi(addr), Addresses.lo(addr))));
        }
        InetAddress addr = v4(w, at);
        return new Expr.Addr(side, List.of(wildcard(addr, at)));
    }

    private Prefix wildcard(InetAddress addr, int addrAt) {
        int at = i;
        InetAddress w = v4(take("expected a wildcard mask such as 0.0.0.255"), at);
        int mask = ~(int) Addresses.lo(w);
        if ((~mask & (~mask + 1)) != 0) {
            throw error(at, "expected a wildcard mask of contiguous low bits such as 0.0.0.255");
        }
        return Prefix.v4((int) Addresses.lo(addr), Integer.bitCount(mask));
    }

    private Expr ports(Field f) {
        if (i >= words.size()) {
            return null;
        }
        String op = words.get(i).toLowerCase(Locale.ROOT);
        Operand port = new Operand.One(f);
        Op cmp = switch (op) {
            case "eq" -> Op.EQ;
            case "neq" -> Op.NE;
            case "gt" -> Op.GT;
            case "lt" -> Op.LT;
            case "range" -> Op.GE;
            default -> null;
        };
        if (cmp == null) {
            return null;
        }
        i++;
        long low = port(i++);
        if (!op.equals("range")) {
            return new Expr.Cmp(port, cmp, low);
        }
        long high = port(i++);
        return new Expr.And(new Expr.Cmp(port, Op.GE, low), new Expr.Cmp(port, Op.LE, high));
    }

    private long port(int at) {
        if (at < words.size()) {
            Integer named = PORT_NAMES.get(words.get(at).toLowerCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
        }
        return number(at, 65535, "a port number 0..65535 or name");
    }

    private long number(int at, long max, String what) {
        if (at >= words.size() || !words.get(at).matches("\\d{1,10}") || Long.parseLong(words.get(at)) > max) {
            throw error(at, "expected " + what);
        }
        return Long.parseLong(words.get(at));
    }

    private InetAddress v4(String w, int at) {
        try {
            InetAddress a = Addresses.parse(w);
            if (a instanceof Inet4Address) {
                return a;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw error(at, "expected an IPv4 address");
    }

    private boolean peekIs(String w) {
        return i < words.size() && words.get(i).equalsIgnoreCase(w);
    }

    private String take(String problem) {
        if (i >= words.size()) {
            throw error(i, problem);
        }
        return words.get(i++);
    }

    private FilterSyntaxException error(int wordIndex, String problem) {
        int pos = wordIndex < offsets.size() ? offsets.get(wordIndex)
                : offsets.isEmpty() ? 0 : offsets.get(offsets.size() - 1) + words.get(words.size() - 1).length();
        return new FilterSyntaxException(text, pos, problem);
    }
}
