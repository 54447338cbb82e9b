package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StatQuery#fields()} and {@link SeriesQuery#fields()} name every column the engines read: a source
 * that fills every other column with garbage (as a projected store scan leaves them) gives the same result.
 */
class QueryFieldsTest {
    @ParameterizedTest(name = "--by {0} filter ''{1}'' distinct {2} bidirectional {3}")
    @CsvSource(delimiter = ';', value = {
        "src_addr; any; ; false",
        "ip; proto tcp and dst port 80; ; false",
        "srcip4/24,dst_port; not flags S; ; false",
        "pair; bps > 1000; dst_port; false",
        "port; net 10.0.0.0/8; src_as; false",
        "src_port,dst_port,proto; any; ; true",
        "src_addr,in_if; pps > 5 or bpp < 100; ; true",
        "as; duration > 10; dst_addr; true",
    })
    void statReadsOnlyItsFields(String by, String filter, String distinct, boolean bidirectional) throws IOException {
        List<Field> d = distinct == null ? List.of() : List.of(Field.byName(distinct));
        StatQuery q = StatQuery.of(GroupKey.parse(by), Order.BYTES, Integer.MAX_VALUE).withFilter(Filter.parse(filter))
                .withDistinct(d).withBidirectional(bidirectional);
        List<FlowBatch> flows = randomFlows(by.hashCode());
        StatResult all = StatEngine.run(q, source(flows, Set.of()));
        StatResult projected = StatEngine.run(q, source(flows, q.fields()));
        assertThat(all.totals().flows()).isPositive();
        assertThat(text(projected)).isEqualTo(text(all));
        assertThat(projected.totals()).isEqualTo(all.totals());
    }

    @ParameterizedTest(name = "--by {0} filter ''{1}''")
    @CsvSource(delimiter = ';', value = {"; any", "dst_port; proto udp", "srcip4/16; bytes > 1000 and not port 53"})
    void seriesReadsOnlyItsFields(String by, String filter) throws IOException {
        for (boolean spread : new boolean[] {false, true}) {
            SeriesQuery q = new SeriesQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.parse(filter), 10_000, spread,
                    by == null ? null : GroupKey.parse(by), 5);
            List<FlowBatch> flows = randomFlows(filter.hashCode());
            SeriesResult all = SeriesEngine.run(q, source(flows, Set.of()));
            SeriesResult projected = SeriesEngine.run(q, source(flows, q.fields()));
            assertThat(projected.rows()).usingRecursiveFieldByFieldElementComparator().isEqualTo(all.rows());
            assertThat(projected.totals()).isEqualTo(all.totals());
        }
    }

    private static List<String> text(StatResult r) {
        return r.rows().stream().map(row -> Arrays.toString(row.key()) + " " + row.flows() + " " + row.packets() + " "
                + row.bytes() + " " + row.first() + " " + row.last() + " " + Arrays.toString(row.distinct())).toList();
    }

    /** The batches with every slot outside {@code kept} overwritten by random values (all kept when empty). */
    private static BatchSource source(List<FlowBatch> flows, Set<Field> kept) {
        return visitor -> {
            Random rnd = new Random(7);
            for (FlowBatch original : flows) {
                FlowBatch b = original.copy();
                if (!kept.isEmpty()) {
                    for (Field f : EnumSet.complementOf(EnumSet.copyOf(kept))) {
                        for (int k = 0; k < f.width(); k++) {
                            long[] col = b.slot(f.slot() + k);
                            for (int r = 0; r < b.size(); r++) {
                                col[r] = rnd.nextLong() >> rnd.nextInt(64);
                            }
                        }
                    }
                }
                if (!visitor.visit(b)) {
                    return;
                }
            }
        };
    }

    private static List<FlowBatch> randomFlows(long seed) {
        Random rnd = new Random(seed);
        List<FlowBatch> out = new java.util.ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            FlowBatch b = new FlowBatch(500);
            for (int i = 0; i < 500; i++) {
                int r = b.addRow();
                for (Field f : Field.all()) {
                    if (f.isAddress()) {
                        b.setIpv4(f, r, (rnd.nextBoolean() ? 0x0A000000 : 0xC0000200) + rnd.nextInt(40));
                    } else {
                        b.set(f, r, rnd.nextInt(6));
                    }
                }
                long first = Flows.T0 + rnd.nextInt(60_000);
                b.set(Field.FIRST, r, first);
                b.set(Field.LAST, r, first + rnd.nextInt(30_000));
                b.set(Field.SRC_PORT, r, List.of(53, 80, 443, 40000, 40001).get(rnd.nextInt(5)));
                b.set(Field.DST_PORT, r, List.of(53, 80, 443, 40000, 40001).get(rnd.nextInt(5)));
                b.set(Field.PROTO, r, rnd.nextBoolean() ? 6 : 17);
                b.set(Field.TCP_FLAGS, r, rnd.nextInt(64));
                b.set(Field.PACKETS, r, 1 + rnd.nextInt(100));
                b.set(Field.BYTES, r, 40 + rnd.nextInt(100_000));
            }
            out.add(b);
        }
        return out;
    }
}
