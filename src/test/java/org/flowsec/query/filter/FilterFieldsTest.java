package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FilterHints#fields} names every column the compiled filter reads: a scan that decodes only those
 * columns (the others hold garbage) selects exactly the rows a scan of whole flows selects.
 */
class FilterFieldsTest {
    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("any", Set.of()),
                Arguments.of("proto tcp and dst port 80", Set.of(Field.PROTO, Field.DST_PORT)),
                Arguments.of("host 10.1.2.3", Set.of(Field.SRC_ADDR, Field.DST_ADDR)),
                Arguments.of("src net 10.0.0.0/8 or next ip 10.0.0.1", Set.of(Field.SRC_ADDR, Field.NEXT_HOP)),
                Arguments.of("exporter ip 10.0.0.1", Set.of(Field.EXPORTER)),
                Arguments.of("ipv6", Set.of(Field.SRC_ADDR)),
                Arguments.of("port in [22 80]", Set.of(Field.SRC_PORT, Field.DST_PORT)),
                Arguments.of("not flags S", Set.of(Field.TCP_FLAGS)),
                Arguments.of("flags SA", Set.of(Field.TCP_FLAGS)),
                Arguments.of("bps > 1M", Set.of(Field.FIRST, Field.LAST, Field.BYTES)),
                Arguments.of("pps > 10", Set.of(Field.FIRST, Field.LAST, Field.PACKETS)),
                Arguments.of("bpp < 100", Set.of(Field.PACKETS, Field.BYTES)),
                Arguments.of("duration > 1000", Set.of(Field.FIRST, Field.LAST)),
                Arguments.of("not (as 64512 or in if 3)", Set.of(Field.SRC_AS, Field.DST_AS, Field.IN_IF)),
                Arguments.of("icmp-type 8 and tos 4", Set.of(Field.ICMP_TYPE, Field.TOS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aFilterReadsTheFieldsItNames(String filter, Set<Field> expected) {
        assertThat(Filter.parse(filter).fields()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Property(tries = 1000)
    void decodingOnlyTheNamedFieldsSelectsTheSameRows(@ForAll("exprs") Expr e, @ForAll("batches") FlowBatch b) {
        FlowPredicate p = FilterCompiler.compile(e);
        Set<Field> wanted = FilterHints.fields(e);
        FlowBatch projected = b.copy();
        Random rnd = new Random(b.size() * 31L + wanted.size());
        for (Field f : EnumSet.complementOf(wanted.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(wanted))) {
            for (int k = 0; k < f.width(); k++) {
                long[] col = projected.slot(f.slot() + k);
                for (int r = 0; r < projected.size(); r++) {
                    col[r] = rnd.nextInt(4) == 0 ? col[r] : rnd.nextLong() >> rnd.nextInt(64);
                }
            }
        }
        int[] all = new int[b.size()];
        int[] some = new int[b.size()];
        int n = p.select(b, all);
        int m = p.select(projected, some);
        String text = FilterPrinter.print(e);
        assertThat(Arrays.copyOf(some, m)).as("%s reading only %s", text, wanted).containsExactly(Arrays.copyOf(all, n));
        for (int r = 0; r < b.size(); r++) {
            assertThat(p.test(projected, r)).as("test() of %s row %d", text, r).isEqualTo(p.test(b, r));
        }
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return ExprArbitraries.exprs();
    }

    @Provide
    Arbitrary<FlowBatch> batches() {
        return new FilterRoundTripTest().batches();
    }
}
