package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowsec.flow.Field;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StatEngineTest {
    private static StatResult stat(Flows flows, String by, Order order, int limit) throws IOException {
        return StatEngine.run(StatQuery.of(GroupKey.parse(by), order, limit), flows.source());
    }

    private static StatResult stat(Flows flows, StatQuery q) throws IOException {
        return StatEngine.run(q, flows.source());
    }

    /** "key text|flows|packets|bytes" per listed row, in order. */
    private static List<String> lines(StatResult r) {
        return r.rows().stream().map(row -> String.join(",", r.query().key().text(row.key())) + "|" + row.flows()
                + "|" + row.packets() + "|" + row.bytes()).toList();
    }

    private static Flows web() {
        return new Flows()
                .tcp("10.0.1.1", 40000, "192.0.2.80", 80, 10, 1000)
                .tcp("10.0.1.2", 40001, "192.0.2.80", 80, 20, 3000)
                .tcp("10.0.2.1", 40002, "192.0.2.53", 53, 1, 60).with(Field.PROTO, 17)
                .tcp("192.0.2.80", 80, "10.0.1.1", 40000, 8, 9000)
                .tcp("2001:db8:1:2::1", 50000, "2001:db8:ffff::9", 443, 5, 700)
                .tcp("2001:db8:1:3::1", 50001, "2001:db8:ffff::9", 443, 7, 800);
    }

    @Test
    void aCatalogFieldKeySumsFlowsPacketsAndBytesPerValue() throws IOException {
        StatResult r = stat(web(), "proto", Order.FLOWS, 10);
        assertThat(lines(r)).containsExactly("6|5|50|14500", "17|1|1|60");
        assertThat(r.query().key().columns()).containsExactly("proto");
        assertThat(r.totals()).isEqualTo(new Totals(6, 51, 14560, 6));
        assertThat(r.keys()).isEqualTo(2);
    }

    @Test
    void anEitherSideKeyCountsEachFlowOnceForItsSourceAndOnceForItsDestination() throws IOException {
        StatResult r = stat(web(), "ip", Order.FLOWS, 3);
        // 192.0.2.80: destination of two flows, source of one; 10.0.1.1: source of one, destination of one
        // ties are broken by the key words in ascending order: IPv4 (high word 0) before IPv6
        assertThat(lines(r)).containsExactly("192.0.2.80|3|38|13000", "10.0.1.1|2|18|10000", "2001:db8:ffff::9|2|12|1500");
        StatResult all = stat(web(), "port", Order.FLOWS, 100);
        assertThat(all.rows().stream().mapToLong(StatRow::flows).sum()).isEqualTo(2 * all.totals().flows());
        assertThat(all.rows().stream().mapToLong(StatRow::bytes).sum()).isEqualTo(2 * all.totals().bytes());
    }

    @Test
    void aPairKeyGroupsBySourceAndDestinationAddressAndPrintsBothColumns() throws IOException {
        Flows f = web().tcp("10.0.1.1", 40009, "192.0.2.80", 80, 1, 40);
        StatResult r = stat(f, "pair", Order.BYTES, 1);
        assertThat(r.query().key().columns()).containsExactly("src_addr", "dst_addr");
        assertThat(lines(r)).containsExactly("192.0.2.80,10.0.1.1|1|8|9000");
        assertThat(lines(stat(f, "pair", Order.FLOWS, 1))).containsExactly("10.0.1.1,192.0.2.80|2|11|1040");
    }

    @Test
    void prefixKeysMaskIpv4AndIpv6AddressesAndPrintTheirLength() throws IOException {
        assertThat(lines(stat(web(), "srcip4/24", Order.FLOWS, 10))).containsExactly(
                "10.0.1.0/24|2|30|4000", "10.0.2.0/24|1|1|60", "192.0.2.0/24|1|8|9000",
                // an IPv4 prefix leaves IPv6 addresses whole, as nfdump -A srcip4/24
                "2001:db8:1:2::1/128|1|5|700", "2001:db8:1:3::1/128|1|7|800");
        assertThat(lines(stat(web(), "srcip6/48", Order.BYTES, 2))).containsExactly(
                "192.0.2.80/32|1|8|9000", "10.0.1.2/32|1|20|3000");
        assertThat(lines(stat(web(), "dstip6/48", Order.FLOWS, 10))).contains("2001:db8:ffff::/48|2|12|1500");
        assertThat(lines(stat(web(), "srcip6/32", Order.PACKETS, 10))).contains("2001:db8::/32|2|12|1500");
    }

    @Test
    void severalKeysTogetherGroupByAllOfThem() throws IOException {
        StatResult r = stat(web(), "srcip4/24,dst_port", Order.BYTES, 3);
        assertThat(r.query().key().columns()).containsExactly("srcip4/24", "dst_port");
        assertThat(lines(r)).containsExactly("192.0.2.0/24,40000|1|8|9000", "10.0.1.0/24,80|2|30|4000",
                "2001:db8:1:3::1/128,443|1|7|800");
        assertThat(lines(stat(web(), "proto,dst_port,src_port", Order.FLOWS, 1))).hasSize(1);
    }

    @Test
    void keysTakingMoreThanFourWordsOrTwoEitherSideKeysAreRejected() {
        assertThatThrownBy(() -> GroupKey.parse("pair,dst_port")).hasMessageContaining("5 words");
        assertThatThrownBy(() -> GroupKey.parse("ip,port")).hasMessageContaining("at most one of ip, port");
        assertThatThrownBy(() -> GroupKey.parse("srcip4/33")).hasMessageContaining("/0 to /32");
        assertThatThrownBy(() -> GroupKey.parse("colour")).hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void bidirectionalCountsBothDirectionsOfAFiveTupleAsOneKey() throws IOException {
        Flows f = web();
        StatQuery q = StatQuery.of(GroupKey.parse("pair"), Order.FLOWS, 10).withBidirectional(true);
        assertThat(lines(stat(f, q))).startsWith("10.0.1.1,192.0.2.80|2|18|10000");
        StatQuery ports = StatQuery.of(GroupKey.parse("src_port,dst_port,proto"), Order.FLOWS, 1).withBidirectional(true);
        // 10.0.1.1:40000 <-> 192.0.2.80:80: the lower side (10.0.1.1, 40000) comes first
        assertThat(lines(stat(f, ports))).containsExactly("40000,80,6|2|18|10000");
        assertThat(lines(stat(f, q.withBidirectional(false)))).hasSize(6);
    }

    /** Ports 1..5: each wins a different order (see the values). */
    private static Flows rates() {
        Flows f = new Flows();
        for (int i = 0; i < 3; i++) {
            f.add("10.0.0.1", 1000, "10.0.0.2", 1, 6, 1, 100, Flows.T0 + i * 5000, Flows.T0 + i * 5000); // 10 s span
        }
        f.add("10.0.0.1", 1000, "10.0.0.2", 2, 6, 100, 1000, Flows.T0, Flows.T0 + 100_000); // 1 pps, 10 bpp
        f.add("10.0.0.1", 1000, "10.0.0.2", 3, 6, 10, 15_000, Flows.T0, Flows.T0 + 1_000_000); // bpp 1500
        f.add("10.0.0.1", 1000, "10.0.0.2", 4, 6, 50, 5000, Flows.T0, Flows.T0 + 1000); // 50 pps, 40 kbps
        f.add("10.0.0.1", 1000, "10.0.0.2", 5, 6, 2, 2000, Flows.T0, Flows.T0 + 100); // 20 pps, 160 kbps
        return f;
    }

    @ParameterizedTest
    @CsvSource({"FLOWS,1", "PACKETS,2", "BYTES,3", "PPS,4", "BPS,5", "BPP,3"})
    void eachOrderRanksByItsOwnValue(Order order, long winner) throws IOException {
        StatResult r = stat(rates(), "dst_port", order, 5);
        assertThat(r.rows().get(0).key()[0]).isEqualTo(winner);
        assertThat(r.rows()).hasSize(5);
        for (int i = 1; i < r.rows().size(); i++) {
            assertThat(value(r.rows().get(i - 1), order)).isGreaterThanOrEqualTo(value(r.rows().get(i), order));
        }
    }

    private static double value(StatRow r, Order o) {
        return switch (o) {
            case FLOWS -> r.flows();
            case PACKETS -> r.packets();
            case BYTES -> r.bytes();
            case PPS -> r.pps();
            case BPS -> r.bps();
            case BPP -> r.bpp();
        };
    }

    @Test
    void ratesAreTakenOverTheKeysSpanFromFirstStartToLastEnd() throws IOException {
        StatRow port1 = stat(rates(), "dst_port", Order.FLOWS, 1).rows().get(0);
        assertThat(port1.first()).isEqualTo(Flows.T0);
        assertThat(port1.last()).isEqualTo(Flows.T0 + 10_000);
        assertThat(port1.pps()).isEqualTo(0.3);
        assertThat(port1.bps()).isEqualTo(240.0);
        assertThat(port1.bpp()).isEqualTo(100.0);
    }

    @Test
    void bottomListsTheLowestAndThresholdKeepsOnlyKeysPastIt() throws IOException {
        StatQuery q = StatQuery.of(GroupKey.parse("dst_port"), Order.BYTES, 2);
        assertThat(stat(rates(), q.withBottom(true)).rows()).extracting(r -> r.key()[0]).containsExactly(1L, 2L);
        assertThat(stat(rates(), q.withThreshold(2000).withBottom(false)).rows()).extracting(r -> r.key()[0])
                .containsExactly(3L, 4L);
        StatQuery all = StatQuery.of(GroupKey.parse("dst_port"), Order.BYTES, Integer.MAX_VALUE);
        assertThat(stat(rates(), all.withThreshold(2000)).rows()).extracting(r -> r.key()[0]).containsExactly(3L, 4L, 5L);
        assertThat(stat(rates(), all.withThreshold(1000).withBottom(true)).rows()).extracting(r -> r.key()[0])
                .containsExactly(1L, 2L);
        assertThat(stat(rates(), all.withThreshold(999.5).withBottom(true)).rows()).extracting(r -> r.key()[0])
                .containsExactly(1L);
        assertThat(stat(rates(), all.withThreshold(4999.5)).rows()).extracting(r -> r.key()[0]).containsExactly(3L, 4L);
        StatQuery pps = StatQuery.of(GroupKey.parse("dst_port"), Order.PPS, 10).withThreshold(1.0);
        assertThat(stat(rates(), pps).rows()).extracting(r -> r.key()[0]).containsExactly(4L, 5L, 2L);
    }

    @Test
    void percentagesAreSharesOfTheOrderColumnsTotal() throws IOException {
        StatResult r = stat(rates(), "dst_port", Order.FLOWS, 10);
        assertThat(r.rows().get(0).percent()).isCloseTo(3 * 100.0 / 7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.rows().stream().mapToDouble(StatRow::percent).sum()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void distinctCountsCountEachKeysDistinctValues() throws IOException {
        Flows f = new Flows()
                .tcp("10.0.0.1", 1, "10.9.0.1", 80, 1, 1)
                .tcp("10.0.0.1", 2, "10.9.0.2", 80, 1, 1)
                .tcp("10.0.0.1", 3, "10.9.0.3", 443, 1, 1)
                .tcp("10.0.0.1", 4, "10.9.0.3", 443, 1, 1)
                .tcp("10.0.0.2", 5, "10.9.0.1", 22, 1, 1);
        StatQuery q = StatQuery.of(GroupKey.parse("src_addr"), Order.FLOWS, 10)
                .withDistinct(List.of(Field.DST_ADDR, Field.DST_PORT));
        StatResult r = stat(f, q);
        assertThat(r.rows()).extracting(row -> row.distinct()[0] + "/" + row.distinct()[1]).containsExactly("3/2", "1/1");
    }

    @Test
    void filterAndTimeRangeSelectWhichFlowsCount() throws IOException {
        StatQuery udp = StatQuery.of(GroupKey.parse("dst_port"), Order.FLOWS, 10).withFilter(Filter.parse("proto udp"));
        assertThat(lines(stat(web(), udp))).containsExactly("53|1|1|60");
        Flows f = rates();
        StatQuery late = StatQuery.of(GroupKey.parse("dst_port"), Order.FLOWS, 10).withRange(Flows.T0 + 5000, Flows.T0 + 20_000);
        // from T0+5s: port 1's flows at 5 s and 10 s, and the long flows of ports 2 and 3, still running
        assertThat(stat(f, late).rows()).extracting(r -> r.key()[0] + ":" + r.flows()).containsExactly("1:2", "2:1", "3:1");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void everyKeyMatchesANaiveReferenceAndTotalsAreConserved(Order order) throws IOException {
        Random rnd = new Random(order.ordinal());
        Flows f = new Flows();
        for (int i = 0; i < 2000; i++) {
            f.add("10.0." + rnd.nextInt(4) + "." + rnd.nextInt(30), 1024 + rnd.nextInt(5), "192.0.2." + rnd.nextInt(8),
                    List.of(22, 53, 80, 443).get(rnd.nextInt(4)), rnd.nextBoolean() ? 6 : 17, 1 + rnd.nextInt(100),
                    40 + rnd.nextInt(100_000), Flows.T0 + rnd.nextInt(60_000), Flows.T0 + 60_000 + rnd.nextInt(60_000));
        }
        Map<String, long[]> ref = new HashMap<>();
        for (int i = 0; i < f.size(); i++) {
            var b = f.row(i);
            String k = b.formatAddress(Field.SRC_ADDR, 0) + "," + b.get(Field.DST_PORT, 0);
            long[] v = ref.computeIfAbsent(k, x -> new long[3]);
            v[0]++;
            v[1] += b.get(Field.PACKETS, 0);
            v[2] += b.get(Field.BYTES, 0);
        }
        StatResult r = StatEngine.run(StatQuery.of(GroupKey.parse("src_addr,dst_port"), order, Integer.MAX_VALUE),
                f.source(256));
        assertThat(r.rows()).hasSize(ref.size());
        long[] sum = new long[3];
        for (int i = 0; i < r.rows().size(); i++) {
            StatRow row = r.rows().get(i);
            long[] v = ref.get(String.join(",", r.query().key().text(row.key())));
            assertThat(new long[] {row.flows(), row.packets(), row.bytes()}).containsExactly(v);
            sum[0] += row.flows();
            sum[1] += row.packets();
            sum[2] += row.bytes();
            if (i > 0) {
                assertThat(value(r.rows().get(i - 1), order)).isGreaterThanOrEqualTo(value(row, order));
            }
        }
        assertThat(sum).containsExactly(r.totals().flows(), r.totals().packets(), r.totals().bytes());
        assertThat(r.totals().flows()).isEqualTo(2000);
        assertThat(r.approximation().approximate()).isFalse();
    }

    @Test
    void aTableOverItsMemoryLimitSaysItsResultsAreApproximate() throws IOException {
        Flows f = new Flows();
        for (int i = 0; i < 20_000; i++) {
            f.tcp("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 1, "192.0.2.1", 80, 1, i % 7 == 0 ? 100_000 : 100);
        }
        StatQuery q = StatQuery.of(GroupKey.parse("src_addr"), Order.BYTES, 10).withMemoryLimit(256 * 1024);
        StatResult r = StatEngine.run(q, f.source(1024));
        assertThat(r.approximation().approximate()).isTrue();
        assertThat(r.approximationMessage()).contains("results are approximate").contains("bytes value may be low");
        assertThat(r.rows()).hasSize(10).allSatisfy(row -> assertThat(row.bytes()).isGreaterThan(50_000));
        assertThat(r.totals().flows()).isEqualTo(20_000);
    }
}
