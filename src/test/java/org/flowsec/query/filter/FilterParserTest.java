package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.flowsec.flow.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserTest {
    /** Filter, the column (1-based) the caret must point at, and the words the message must hold. */
    static Stream<Arguments> errors() {
        return Stream.of(
                e("dst port 70000", 10, "expected a port number 0..65535"),
                e("port > -1", 8, "expected a port number 0..65535"),
                e("net 10.0.0.0/33", 14, "expected a prefix length 0..32"),
                e("net 2001:db8::/129", 16, "expected a prefix length 0..128"),
                e("net 10.0.0.0", 13, "expected a prefix length (10.0.0.0/8) or a netmask"),
                e("net 10.0.0.0 255.0.255.0", 14, "expected a contiguous netmask"),
                e("proto 300", 7, "expected a protocol name (tcp, udp, icmp, icmp6, gre, esp, ...) or number 0..255"),
                e("proto tcpp", 7, "expected a protocol name"),
                e("ip 10.0.0.256", 4, "expected an IPv4 or IPv6 address"),
                e("host 2001:db8:::1", 6, "expected an IPv4 or IPv6 address"),
                e("src ip in [10.0.0.1 nonsense]", 21, "expected an IPv4 or IPv6 address"),
                e("ip in []", 8, "expected at least one address in the list"),
                e("ip in 10.0.0.1", 7, "expected '[' to start the address list"),
                e("src port", 9, "expected a port number 0..65535, found the end"),
                e("src foo 1", 5, "expected ip, host, net, port, as or mask after 'src'"),
                e("proto tcp and", 14, "expected a filter primitive"),
                e("proto tcp or or proto udp", 14, "expected a filter primitive"),
                e("(proto tcp", 11, "expected ')'"),
                e("proto tcp)", 10, "expected 'and', 'or' or the end of the filter"),
                e("proto tcp port 80", 11, "expected 'and', 'or' or the end of the filter"),
                e("colour red", 1, "unknown primitive or field 'colour'"),
                e("flags SAX", 7, "expected TCP flag letters from FSRPAUEC"),
                e("tos 256", 5, "expected a number 0..255"),
                e("as 4294967296", 4, "expected an AS number 0..4294967295"),
                e("in if x", 7, "expected an interface index"),
                e("in foo 3", 4, "expected 'if' after 'in'"),
                e("mask 129", 6, "expected a prefix length 0..128"),
                e("end_reason = 256", 14, "expected a number 0..255"),
                e("packets > 1T", 11, "expected a number (k, M, G"),
                e("bytes > 99999999999G", 9, "expected a number"),
                e("first > yesterday", 9, "expected a time (2026-11-26T10:00:00Z or 2026/11/26.10:00:00)"),
                e("last < 2026/13/40", 8, "expected a time"),
                e("src_addr > 10.0.0.1", 10, "expected '='"),
                e("next 10.0.0.1", 6, "expected ip, host or net after 'next'"),
                e("proto tcp; port 80", 10, "unexpected character ';'"),
                e("", 1, "expected a filter expression"),
                e("   # only a comment", 20, "expected a filter expression"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("errors")
    void badFiltersAreRejectedWithACaretUnderTheFirstBadToken(String filter, int column, String expected) {
        assertThatThrownBy(() -> FilterParser.parse(filter))
                .isInstanceOf(FilterSyntaxException.class)
                .satisfies(t -> {
                    FilterSyntaxException e = (FilterSyntaxException) t;
                    assertThat(e.problem()).contains(expected);
                    assertThat(e.position()).as("caret column").isEqualTo(column - 1);
                    String[] lines = e.getMessage().split("\n");
                    assertThat(lines[0]).startsWith(e.problem()).endsWith("column " + column);
                    assertThat(lines[1]).isEqualTo("  " + filter);
                    assertThat(lines[2]).isEqualTo("  " + " ".repeat(column - 1) + "^");
                });
    }

    @Test
    void theCaretMessageOfAMultiLineFilterFileShowsTheBadLine() {
        String file = "# web servers\nsrc net 10.0.0.0/8 and\n  dst port 99999\n";
        assertThatThrownBy(() -> FilterParser.parse(file)).hasMessage(
                "expected a port number 0..65535 at line 3, column 12\n    dst port 99999\n             ^");
    }

    @Test
    void spellingsOfTheSamePrimitiveGiveTheSameTree() {
        same("proto tcp", "proto 6", "PROTO TCP", "proto = 6", "proto == tcp", "proto eq 6");
        same("net 10.0.0.0/8", "net 10.0.0.0 255.0.0.0", "net 10.1.2.3/8", "ip 10.0.0.0/8", "ip in [10.0.0.0/8]");
        same("net 172.16.0.0/12", "net 172.16/12", "ip in [172.16/12]", "net 172.16.0/12");
        same("src net 192.168.1.0/24", "src net 192.168.1/24", "src ip 192.168.1/24");
        same("host 10.0.0.1", "ip 10.0.0.1", "ip ::ffff:10.0.0.1");
        same("src port 80", "src_port 80", "src port = 80", "src_port == 80");
        same("dst ip 10.0.0.1", "dst_addr 10.0.0.1", "dst_addr = 10.0.0.1", "dst host 10.0.0.1");
        same("not port 80", "! port 80", "!port 80", "NOT port 80");
        same("port 1 and port 2 or port 3", "(port 1 && port 2) || port 3", "((port 1) and (port 2)) or (port 3)");
        same("ipv4", "inet", "IPv4");
        same("exporter ip 10.0.0.9", "exporter 10.0.0.9", "router ip 10.0.0.9", "exporter host 10.0.0.9");
        same("next ip 10.0.0.1", "next_hop 10.0.0.1", "next host 10.0.0.1");
        same("first > 2026-11-26T10:00:00Z", "first > 2026/11/26.10:00:00", "first seen > 2026-11-26T10:00",
                "first > 2026-11-26T11:00:00+01:00");
        same("packets > 1k", "packets > 1000", "packets gt 1K");
        same("bytes >= 2M", "bytes >= 2000000", "bytes ge 2m");
        same("proto icmp6", "proto icmpv6", "proto 58");
        same("tos 16", "tos 0x10", "tos 0X10");
        same("proto udp", "proto 0x11", "proto 17");
        same("port 53", "port 0x35");
        same("direction 0", "flowdir ingress", "flowdir 0", "dir 0", "FLOWDIR INGRESS");
        same("direction 1", "flowdir egress", "dir 1");
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        Expr a = FilterParser.parse("port 1");
        Expr b = FilterParser.parse("port 2");
        Expr c = FilterParser.parse("port 3");
        assertThat(FilterParser.parse("not port 1 and port 2 or port 3"))
                .isEqualTo(new Expr.Or(new Expr.And(new Expr.Not(a), b), c));
        assertThat(FilterParser.parse("port 1 or port 2 and not port 3"))
                .isEqualTo(new Expr.Or(a, new Expr.And(b, new Expr.Not(c))));
        assertThat(FilterParser.parse("port 1 or port 2 or port 3")).isEqualTo(new Expr.Or(new Expr.Or(a, b), c));
    }

    @Test
    void primitivesBuildTheExpectedNodes() {
        assertThat(FilterParser.parse("dst port >= 1024"))
                .isEqualTo(new Expr.Cmp(new Operand.One(Field.DST_PORT), Op.GE, 1024));
        assertThat(FilterParser.parse("port in [443, 22 80]"))
                .isEqualTo(new Expr.In(Operand.Either.PORT, List.of(443L, 22L, 80L)));
        assertThat(FilterParser.parse("src ip in [10.0.0.1 2001:db8::/32]")).isEqualTo(new Expr.Addr(Expr.AddrSide.SRC,
                List.of(Prefix.v4(0x0A000001, 32), new Prefix(0x20010db8_00000000L, 0, 32))));
        assertThat(FilterParser.parse("flags SA")).isEqualTo(new Expr.Flags(0x12));
        assertThat(FilterParser.parse("not flags AFRPU")).isEqualTo(new Expr.NoFlags(0x3D));
        assertThat(FilterParser.parse("bps > 10M")).isEqualTo(new Expr.Cmp(Operand.Metric.BPS, Op.GT, 10_000_000));
        assertThat(FilterParser.parse("sampling > 1")).isEqualTo(new Expr.Cmp(new Operand.One(Field.SAMPLING), Op.GT, 1));
    }

    @Test
    void everyNumericCatalogFieldIsAFilterPrimitiveByItsName() {
        for (Field f : Field.all()) {
            String value = f.kind() == Field.Kind.TIME ? "2026-11-26T10:00:00Z" : f.isAddress() ? "10.0.0.1" : "1";
            Expr e = FilterParser.parse(f.catalogName() + " = " + value);
            assertThat(FilterParser.parse(FilterPrinter.print(e))).as(f.catalogName()).isEqualTo(e);
        }
    }

    @Test
    void aChainOfTenThousandAlternativesParsesPrintsCompilesAndRuns() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append(i == 0 ? "" : " or ").append("ip 10.0.").append(i / 256).append('.').append(i % 256);
        }
        Expr e = FilterParser.parse(sb.toString());
        assertThat(FilterPrinter.print(e)).isEqualTo(sb.toString());
        assertThat(FilterHints.requiredAddresses(e)).hasValueSatisfying(l -> assertThat(l).hasSize(10_000));
        org.flowsec.flow.FlowBatch b = Flows.batch(List.of("dst_addr=10.0.39.15", "dst_addr=10.0.39.16"));
        int[] rows = new int[2];
        assertThat(FilterCompiler.compile(e).select(b, rows)).isEqualTo(1);
        assertThat(FilterCompiler.compile(e).test(b, 1)).isFalse();
    }

    @Test
    void nestingDeeperThanTheLimitIsASyntaxErrorNotAStackOverflow() {
        String deep = "(".repeat(FilterParser.MAX_DEPTH + 1) + "any" + ")".repeat(FilterParser.MAX_DEPTH + 1);
        assertThatThrownBy(() -> FilterParser.parse(deep)).isInstanceOf(FilterSyntaxException.class)
                .hasMessageStartingWith("expected at most 256 nested parentheses or 'not's at column 257");
        assertThatThrownBy(() -> FilterParser.parse("not ".repeat(100_000) + "any"))
                .isInstanceOf(FilterSyntaxException.class);
        String ok = "(".repeat(100) + "any" + ")".repeat(100);
        assertThat(FilterParser.parse(ok)).isEqualTo(new Expr.Any());
    }

    private static void same(String canonical, String... others) {
        Expr expected = FilterParser.parse(canonical);
        for (String o : others) {
            assertThat(FilterParser.parse(o)).as(o).isEqualTo(expected);
        }
    }

    private static Arguments e(String filter, int column, String expected) {
        return Arguments.of(filter, column, expected);
    }
}
