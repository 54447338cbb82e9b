package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The printer and parser agree on every tree, and the compiled predicate (row and batch form) agrees with
 * a direct reading of the tree on random flows.
 */
class FilterRoundTripTest {
    @Property(tries = 2000)
    void parsingThePrintedTextGivesBackTheSameTree(@ForAll("exprs") Expr e) {
        String text = FilterPrinter.print(e);
        assertThat(FilterParser.parse(text)).as(text).isEqualTo(e);
    }

    @Property(tries = 500)
    void compiledRowAndBatchFormsAgreeWithTheMeaningOfTheTree(@ForAll("exprs") Expr e, @ForAll("batches") FlowBatch b) {
        FlowPredicate p = FilterCompiler.compile(e);
        int[] expected = IntStream.range(0, b.size()).filter(r -> Reference.matches(e, b, r)).toArray();
        int[] byRow = IntStream.range(0, b.size()).filter(r -> p.test(b, r)).toArray();
        int[] rows = new int[b.size()];
        int n = p.select(b, rows);
        String text = FilterPrinter.print(e);
        assertThat(byRow).as("test() of %s", text).containsExactly(expected);
        assertThat(Arrays.copyOf(rows, n)).as("select() of %s", text).containsExactly(expected);
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return ExprArbitraries.exprs();
    }

    @Provide
    Arbitrary<FlowBatch> batches() {
        Arbitrary<long[]> row = Arbitraries.longs().array(long[].class).ofSize(Field.SLOTS);
        return Combinators.combine(row.list().ofMinSize(0).ofMaxSize(40), Arbitraries.randoms()).as((rows, rnd) -> {
            FlowBatch b = new FlowBatch(rows.size());
            for (long[] seed : rows) {
                int r = b.addRow();
                for (Field f : Field.all()) {
                    long s = Math.abs(seed[f.slot()] % 1000);
                    if (f.isAddress()) {
                        var a = Addresses.parse(ExprArbitraries.ADDRESSES[(int) (s % ExprArbitraries.ADDRESSES.length)]);
                        b.setAddress(f, r, Addresses.hi(a), Addresses.lo(a));
                    } else if (f.kind() == Field.Kind.TIME) {
                        b.set(f, r, ExprArbitraries.TIMES[(int) (s % 3)] + (f == Field.LAST ? 10_000 : 0));
                    } else if (s < 700) {
                        b.set(f, r, ExprArbitraries.SMALL[(int) (s % ExprArbitraries.SMALL.length)]);
                    } else {
                        b.set(f, r, rnd.nextInt(256));
                    }
                }
            }
            return b;
        });
    }

    /** The meaning of each node, written out plainly and independently of the compiler. */
    static final class Reference {
        static boolean matches(Expr e, FlowBatch b, int r) {
            if (e instanceof Expr.And x) {
                return matches(x.left(), b, r) && matches(x.right(), b, r);
            } else if (e instanceof Expr.Or x) {
                return matches(x.left(), b, r) || matches(x.right(), b, r);
            } else if (e instanceof Expr.Not x) {
                return !matches(x.expr(), b, r);
            } else if (e instanceof Expr.Any) {
                return true;
            } else if (e instanceof Expr.Family x) {
                return Addresses.isV4(b.hi(Field.SRC_ADDR, r), b.lo(Field.SRC_ADDR, r)) == (x.version() == 4);
            } else if (e instanceof Expr.Flags x) {
                return (b.get(Field.TCP_FLAGS, r) & x.mask()) == x.mask();
            } else if (e instanceof Expr.NoFlags x) {
                return (b.get(Field.TCP_FLAGS, r) & x.mask()) == 0;
            } else if (e instanceof Expr.Addr x) {
                List<Field> fields = x.side().other() == null ? List.of(x.side().field())
                        : List.of(x.side().field(), x.side().other());
                return fields.stream().anyMatch(f -> x.prefixes().stream()
                        .anyMatch(p -> p.contains(b.hi(f, r), b.lo(f, r))));
            } else if (e instanceof Expr.In x) {
                return values(x.operand(), b, r).stream().anyMatch(x.values()::contains);
            }
            Expr.Cmp c = (Expr.Cmp) e;
            return values(c.operand(), b, r).stream().anyMatch(v -> c.op().test(v, c.value()));
        }

        private static List<Long> values(Operand o, FlowBatch b, int r) {
            if (o instanceof Operand.One one) {
                return List.of(b.get(one.field(), r));
            } else if (o instanceof Operand.Either e) {
                return List.of(b.get(e.src(), r), b.get(e.dst(), r));
            }
            double seconds = (b.get(Field.LAST, r) - b.get(Field.FIRST, r)) / 1000.0;
            long packets = b.get(Field.PACKETS, r);
            long bytes = b.get(Field.BYTES, r);
            return List.of(switch ((Operand.Metric) o) {
                case DURATION -> b.get(Field.LAST, r) - b.get(Field.FIRST, r);
                case PPS -> seconds <= 0 ? 0 : (long) (packets / seconds);
                case BPS -> seconds <= 0 ? 0 : (long) (bytes * 8 / seconds);
                case BPP -> packets == 0 ? 0 : bytes / packets;
                case ENGINE_TYPE -> b.get(Field.DOMAIN, r) / 256 % 256;
                case ENGINE_ID -> b.get(Field.DOMAIN, r) % 256;
            });
        }
    }
}
