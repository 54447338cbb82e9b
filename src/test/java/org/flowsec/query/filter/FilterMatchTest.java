package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each primitive: flows that must match and flows that must not, over IPv4 and IPv6. Every flow
 * starts from {@link Flows#BASE} (a 10 s UDP flow 192.0.2.1:40000 → 198.51.100.1:8080, 10 packets,
 * 1000 bytes). Row tests and the column-wise batch form must agree.
 */
class FilterMatchTest {
    static Stream<Arguments> primitives() {
        return Stream.of(
                c("proto tcp", l("proto=6"), l("proto=17", "proto=1")),
                c("proto udp", l(""), l("proto=6")),
                c("proto icmp", l("proto=1"), l("proto=58")),
                c("proto icmp6", l("proto=58"), l("proto=1")),
                c("proto gre", l("proto=47"), l("proto=50")),
                c("proto esp", l("proto=50"), l("proto=47")),
                c("proto 132", l("proto=132"), l("proto=6")),
                c("ipv4", l(""), l("src_addr=2001:db8::1 dst_addr=2001:db8::2")),
                c("inet6", l("src_addr=2001:db8::1 dst_addr=2001:db8::2"), l("")),
                c("ip 10.1.2.3", l("src_addr=10.1.2.3", "dst_addr=10.1.2.3"), l("", "next_hop=10.1.2.3")),
                c("host 10.1.2.3", l("dst_addr=10.1.2.3"), l("src_addr=10.1.2.4")),
                c("src ip 10.1.2.3", l("src_addr=10.1.2.3"), l("dst_addr=10.1.2.3")),
                c("dst host 10.1.2.3", l("dst_addr=10.1.2.3"), l("src_addr=10.1.2.3")),
                c("ip 2001:db8::1", l("src_addr=2001:db8::1", "dst_addr=2001:db8:0:0::1"), l("src_addr=2001:db8::2")),
                c("net 10.0.0.0/8", l("src_addr=10.255.0.1", "dst_addr=10.0.0.0"), l("src_addr=11.0.0.1", "")),
                c("net 10.0.0.0 255.0.0.0", l("dst_addr=10.9.9.9"), l("dst_addr=9.9.9.9")),
                c("net 172.16/12", l("src_addr=172.31.0.1"), l("src_addr=172.32.0.1")),
                c("engine-type 1", l("domain=256", "domain=511"), l("domain=1", "domain=512")),
                c("engine-id 3", l("domain=3", "domain=259"), l("domain=256", "domain=4")),
                c("engine-type 1 and engine-id 2", l("domain=258"), l("domain=257", "domain=514")),
                c("flowdir egress", l("direction=1"), l("direction=0", "direction=255")),
                c("src net 172.16.0.0/12", l("src_addr=172.31.255.255"), l("src_addr=172.32.0.0", "dst_addr=172.16.0.1")),
                c("dst net 2001:db8::/32", l("dst_addr=2001:db8:ffff::1"), l("dst_addr=2001:db9::1", "src_addr=2001:db8::1")),
                c("net 0.0.0.0/0", l(""), l("src_addr=2001:db8::1 dst_addr=2001:db8::2")),
                c("net ::/0", l("", "src_addr=2001:db8::1 dst_addr=2001:db8::2"), l()),
                c("ip in [10.0.0.1 10.0.0.2, 192.168.0.0/16 2001:db8::/48]",
                        l("src_addr=10.0.0.2", "dst_addr=192.168.44.1", "src_addr=2001:db8:0:1::9"),
                        l("src_addr=10.0.0.3", "dst_addr=2001:db8:1::1")),
                c("src ip in [10.0.0.1 10.0.0.2]", l("src_addr=10.0.0.1"), l("dst_addr=10.0.0.1")),
                c("port 80", l("src_port=80", "dst_port=80"), l("", "src_port=8080")),
                c("src port 40000", l(""), l("src_port=40001")),
                c("dst port = 8080", l(""), l("dst_port=80")),
                c("dst port == 8080", l(""), l("dst_port=80")),
                c("dst port > 1023", l(""), l("dst_port=1023")),
                c("dst port >= 1023", l("dst_port=1023"), l("dst_port=1022")),
                c("dst port < 1024", l("dst_port=1023"), l("")),
                c("dst port <= 1023", l("dst_port=1023"), l("dst_port=1024")),
                c("dst port != 8080", l("dst_port=80"), l("")),
                c("port in [22 80 443]", l("dst_port=443", "src_port=22"), l("", "dst_port=23")),
                c("dst port in [22, 80, 443]", l("dst_port=22"), l("src_port=22 dst_port=23")),
                c("icmp-type 8", l("proto=1 icmp_type=8"), l("proto=1 icmp_type=0")),
                c("icmp-code 3", l("icmp_code=3"), l("icmp_code=0")),
                c("as 64512", l("src_as=64512", "dst_as=64512"), l("")),
                c("src as 64512", l("src_as=64512"), l("dst_as=64512")),
                c("dst as > 64511", l("dst_as=64512"), l("dst_as=64511")),
                c("if 3", l("in_if=3", "out_if=3"), l("")),
                c("in if 3", l("in_if=3"), l("out_if=3")),
                c("out if 7", l("out_if=7"), l("in_if=7")),
                c("next ip 10.0.0.254", l("next_hop=10.0.0.254"), l("src_addr=10.0.0.254")),
                c("exporter ip 192.0.2.200", l("exporter=192.0.2.200"), l("")),
                c("exporter 2001:db8::fe", l("exporter=2001:db8::fe"), l("exporter=2001:db8::ff")),
                c("tos 46", l("tos=46"), l("tos=0")),
                c("mask 24", l("src_mask=24", "dst_mask=24"), l("")),
                c("src mask 24", l("src_mask=24"), l("dst_mask=24")),
                c("dst mask 16", l("dst_mask=16"), l("src_mask=16")),
                c("flags S", l("tcp_flags=2", "tcp_flags=18"), l("tcp_flags=16", "")),
                c("flags SA", l("tcp_flags=18", "tcp_flags=27"), l("tcp_flags=2", "tcp_flags=16")),
                // nfdump 1.7.1, checked on an nfpcapd file: "not flags X" keeps flows with none of X set
                c("flags S and not flags AFRPU", l("tcp_flags=2", "tcp_flags=66"), l("tcp_flags=18", "tcp_flags=3")),
                c("not flags AR", l("", "tcp_flags=2"), l("tcp_flags=16", "tcp_flags=4", "tcp_flags=20")),
                c("! flags AR", l("tcp_flags=2"), l("tcp_flags=16")),
                c("not (flags AR)", l("tcp_flags=16", "tcp_flags=2"), l("tcp_flags=20", "tcp_flags=22")),
                c("flags FSRPAUEC", l("tcp_flags=255"), l("tcp_flags=127")),
                c("packets > 9", l(""), l("packets=9")),
                c("packets > 1k", l("packets=1001"), l("packets=1000")),
                c("bytes >= 1M", l("bytes=1000000"), l("bytes=999999")),
                c("bytes < 2G", l(""), l("bytes=2000000000")),
                c("pps 1", l(""), l("packets=20")),
                c("pps > 100", l("packets=1010"), l("", "last=2026-11-26T10:00:00Z packets=5000")),
                c("bps 800", l(""), l("bytes=2000")),
                c("bps > 1k", l("bytes=1260"), l("")),
                c("bpp 100", l(""), l("packets=5")),
                c("bpp > 1400", l("bytes=15000"), l("", "packets=0 bytes=15000")),
                c("duration > 5000", l(""), l("last=2026-11-26T10:00:05Z")),
                c("duration 10000", l(""), l("first=2026-11-26T10:00:01Z")),
                c("first > 2026-11-26T09:59:59Z", l(""), l("first=2026-11-26T09:59:59Z")),
                c("first >= 2026/11/26.10:00:00", l(""), l("first=2026-11-26T09:59:59.999Z")),
                c("last < 2026-11-26T10:00:11Z", l(""), l("last=2026-11-26T10:00:11Z")),
                c("first seen >= 2026-11-26T10:00:00", l(""), l("first=2026-11-26T09:00:00Z")),
                c("end_reason = 2", l("end_reason=2"), l("end_reason=1", "")),
                c("sampling > 1", l("sampling=100"), l("")),
                c("direction 1", l("direction=1"), l("", "direction=0")),
                c("domain 256", l("domain=256"), l("")),
                c("tcp_flags 18", l("tcp_flags=18"), l("tcp_flags=19")),
                c("src_addr 10.1.2.3", l("src_addr=10.1.2.3"), l("dst_addr=10.1.2.3")),
                c("dst_addr = 10.0.0.0/8", l("dst_addr=10.1.2.3"), l("src_addr=10.1.2.3")),
                c("next_hop 2001:db8::1", l("next_hop=2001:db8::1"), l("")),
                c("any", l("", "src_addr=2001:db8::1"), l()),
                c("not any", l(), l("")),
                c("proto tcp and dst port 80", l("proto=6 dst_port=80"), l("proto=17 dst_port=80", "proto=6")),
                c("proto tcp && dst port 80", l("proto=6 dst_port=80"), l("proto=6 dst_port=81")),
                c("port 53 or port 123", l("dst_port=53", "src_port=123"), l("")),
                c("port 53 || port 123", l("dst_port=123"), l("")),
                c("not port 8080", l("dst_port=80"), l("")),
                c("! port 8080", l("dst_port=80"), l("src_port=8080 dst_port=1")),
                c("!port 8080", l("dst_port=80"), l("")),
                c("proto udp and port 53 or proto tcp", l("dst_port=53", "proto=6"), l("")),
                c("proto udp and (port 53 or proto tcp)", l("dst_port=53"), l("proto=6")),
                c("not proto tcp and not proto udp", l("proto=1"), l("", "proto=6")),
                c("not (proto tcp or proto udp)", l("proto=1"), l("", "proto=6")),
                c("PROTO TCP AND DST PORT 80", l("proto=6 dst_port=80"), l("")),
                c("src ip 10.0.0.1 and dst ip 10.0.0.2 # a comment",
                        l("src_addr=10.0.0.1 dst_addr=10.0.0.2"), l("src_addr=10.0.0.2 dst_addr=10.0.0.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primitives")
    void eachPrimitiveMatchesItsFlowsAndNoOthers(String filter, List<String> match, List<String> noMatch) {
        FlowPredicate p = FilterCompiler.compile(filter);
        List<String> all = new ArrayList<>(noMatch);
        all.addAll(match);
        FlowBatch b = Flows.batch(all);
        for (int row = 0; row < b.size(); row++) {
            assertThat(p.test(b, row)).as("%s on flow {%s}", filter, all.get(row)).isEqualTo(row >= noMatch.size());
        }
        int[] rows = new int[b.size()];
        int n = p.select(b, rows);
        assertThat(Arrays.copyOf(rows, n)).as("batch form of %s", filter)
                .containsExactly(IntStream.range(noMatch.size(), all.size()).toArray());
    }

    private static Arguments c(String filter, List<String> match, List<String> noMatch) {
        return Arguments.of(filter, match, noMatch);
    }

    private static List<String> l(String... specs) {
        return List.of(specs);
    }
}
