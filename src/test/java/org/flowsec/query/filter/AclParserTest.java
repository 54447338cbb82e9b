package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** flow-tools/Cisco access lists select the same flows as the filters they stand for. */
class AclParserTest {
    private static final String FILE = String.join("\n",
            "! flow-tools style: one entry per line",
            "ip access-list standard webhost permit host 198.137.240.91",
            "ip access-list standard lan deny host 10.0.0.66",
            "ip access-list standard lan permit 10.0.0.0 0.0.0.255",
            "ip access-list standard lan deny any",
            "ip access-list extended web permit tcp any host 198.51.100.1 eq 80",
            "ip access-list extended web permit tcp any host 198.51.100.1 eq https",
            "ip access-list extended web deny udp 10.0.0.0 0.255.255.255 any range 1000 2000",
            "ip access-list extended web permit udp 10.0.0.0 0.255.255.255 gt 1023 any neq 53",
            "ip access-list extended ping permit icmp any any 8",
            "ip access-list extended open permit ip any any",
            "ip access-list extended acks permit tcp any any established log",
            "",
            "# Cisco block form",
            "ip access-list extended block",
            " deny tcp host 192.0.2.7 any",
            " permit tcp 192.0.2.0 0.0.0.255 any lt 1024",
            "access-list 10 permit 192.0.2.0 0.0.0.255",
            "access-list 110 permit tcp any any eq 22");

    @Test
    void aStandardHostEntryPermitsFlowsFromThatHostOnly() {
        assertSelects("webhost", List.of("src_addr=198.137.240.91"), List.of("dst_addr=198.137.240.91", ""));
    }

    @Test
    void aStandardListCanTestTheDestinationAsFlowFilterDashDDoes() {
        assertThat(AclParser.parse(FILE, "lan", Expr.AddrSide.DST))
                .isEqualTo(FilterParser.parse("not dst ip 10.0.0.66 and dst net 10.0.0.0/24"));
        assertThat(AclParser.parse(FILE, "web", Expr.AddrSide.DST)).isEqualTo(AclParser.parse(FILE, "web"));
    }

    @Test
    void theFirstMatchingEntryWinsAndWildcardsAreInvertedNetmasks() {
        assertSelects("lan", List.of("src_addr=10.0.0.1", "src_addr=10.0.0.255"),
                List.of("src_addr=10.0.0.66", "src_addr=10.0.1.1", "dst_addr=10.0.0.1"));
        assertThat(AclParser.parse(FILE, "webhost")).isEqualTo(FilterParser.parse("src ip 198.137.240.91"));
        assertThat(AclParser.parse(FILE, "lan")).isEqualTo(FilterParser.parse("not src ip 10.0.0.66 and src net 10.0.0.0/24"));
    }

    @Test
    void extendedEntriesMatchProtocolAddressesAndPorts() {
        assertSelects("web",
                List.of("proto=6 dst_addr=198.51.100.1 dst_port=80", "proto=6 dst_addr=198.51.100.1 dst_port=443",
                        "proto=17 src_addr=10.1.1.1 src_port=5000 dst_port=80"),
                List.of("proto=6 dst_addr=198.51.100.1 dst_port=22", "proto=17 dst_addr=198.51.100.1 dst_port=80",
                        "proto=17 src_addr=10.1.1.1 src_port=5000 dst_port=1500",
                        "proto=17 src_addr=10.1.1.1 src_port=5000 dst_port=53",
                        "proto=17 src_addr=10.1.1.1 src_port=1023 dst_port=80",
                        "proto=17 src_addr=11.1.1.1 src_port=5000 dst_port=80"));
    }

    @Test
    void icmpTypesEstablishedAndPermitAnyWork() {
        assertSelects("ping", List.of("proto=1 icmp_type=8"), List.of("proto=1 icmp_type=0", "proto=6 icmp_type=8"));
        assertSelects("open", List.of("", "src_addr=2001:db8::1"), List.of());
        assertSelects("acks", List.of("proto=6 tcp_flags=16", "proto=6 tcp_flags=4"), List.of("proto=6 tcp_flags=2"));
    }

    @Test
    void blockFormAndNumberedListsAreRead() {
        assertSelects("block", List.of("proto=6 src_addr=192.0.2.8 dst_port=80"),
                List.of("proto=6 src_addr=192.0.2.7 dst_port=80", "proto=6 src_addr=192.0.2.8 dst_port=8080"));
        assertSelects("10", List.of("src_addr=192.0.2.200"), List.of("src_addr=192.0.3.1"));
        assertSelects("110", List.of("proto=6 dst_port=22"), List.of("proto=17 dst_port=22"));
    }

    @Test
    void aListWithOnlyDenyEntriesMatchesNothing() {
        Expr e = AclParser.parse("ip access-list standard none deny any\nip access-list standard x deny host 10.0.0.1", "x");
        assertThat(e).isEqualTo(new Expr.Not(new Expr.Any()));
        assertThat(FilterPrinter.print(e)).isEqualTo("not any");
    }

    @Test
    void anUnknownListNameIsAnErrorNamingTheListsThatExist() {
        assertThatThrownBy(() -> AclParser.parse(FILE, "nope")).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("no access list named 'nope' (found: webhost, lan, web, ping, open, acks, block, 10, 110)");
    }

    @Test
    void badEntriesAreRejectedWithACaretOnTheirLine() {
        assertThatThrownBy(() -> AclParser.parse("ip access-list standard a permit 10.0.0.0 0.255.0.255", "a"))
                .hasMessage("expected a wildcard mask of contiguous low bits such as 0.0.0.255 at column 43\n"
                        + "  ip access-list standard a permit 10.0.0.0 0.255.0.255\n"
                        + "  " + " ".repeat(42) + "^");
        assertThatThrownBy(() -> AclParser.parse("ip access-list extended a permit tcp any any eq 70000", "a"))
                .hasMessageStartingWith("expected a port number 0..65535 or name at column 49");
        assertThatThrownBy(() -> AclParser.parse("ip access-list extended a allow tcp any any", "a"))
                .hasMessageStartingWith("expected 'permit' or 'deny' at column 27");
        assertThatThrownBy(() -> AclParser.parse("x\nip access-list extended a permit tcp any any", "a"))
                .hasMessageStartingWith("expected 'ip access-list standard|extended NAME' at column 1");
        assertThatThrownBy(() -> AclParser.parse("ip access-list extended a permit tcp any any eq 80 extra", "a"))
                .hasMessageStartingWith("expected the end of the access list entry at column 52");
        assertThatThrownBy(() -> AclParser.parse("ip access-list extended a permit tcp any\nx", "a"))
                .hasMessageStartingWith("expected 'any', 'host A' or 'A WILDCARD' at column 41");
    }

    private static void assertSelects(String name, List<String> match, List<String> noMatch) {
        FlowPredicate p = FilterCompiler.compile(AclParser.parse(FILE, name));
        List<String> all = new java.util.ArrayList<>(noMatch);
        all.addAll(match);
        FlowBatch b = Flows.batch(all);
        int[] expected = IntStream.range(noMatch.size(), all.size()).toArray();
        int[] got = IntStream.range(0, b.size()).filter(r -> p.test(b, r)).toArray();
        assertThat(got).as("rows selected by ACL %s among %s", name, all).containsExactly(expected);
    }
}
