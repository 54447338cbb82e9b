package org.flowsec.query.filter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;

/**
 * Random filter trees. Values come from small pools most of the time (so that random flows built from
 * the same pools match some leaves) and from each operand's whole range otherwise.
 */
final class ExprArbitraries {
    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    static final String[] ADDRESSES = {"10.0.0.1", "10.0.0.2", "10.1.2.3", "192.0.2.1", "2001:db8::1", "2001:db8:1::5"};
    static final long[] TIMES = {T0, T0 + 1000, T0 + 10_000};
    static final long[] SMALL = {0, 1, 2, 6, 17, 80, 443};

    static final List<Operand> OPERANDS = operands();

    private ExprArbitraries() {}

    private static List<Operand> operands() {
        List<Operand> out = new ArrayList<>();
        for (Field f : Field.all()) {
            if (!f.isAddress()) {
                out.add(new Operand.One(f));
            }
        }
        out.addAll(List.of(Operand.Either.PORT, Operand.Either.AS, Operand.Either.MASK, Operand.Either.IF));
        out.addAll(List.of(Operand.Metric.values()));
        return List.copyOf(out);
    }

    static Arbitrary<Expr> exprs() {
        return Arbitraries.recursive(ExprArbitraries::leaves, ExprArbitraries::combined, 0, 4);
    }

    private static Arbitrary<Expr> combined(Arbitrary<Expr> inner) {
        return Arbitraries.oneOf(
                Combinators.combine(inner, inner).as(Expr.And::new),
                Combinators.combine(inner, inner).as(Expr.Or::new),
                inner.map(Expr.Not::new));
    }

    static Arbitrary<Expr> leaves() {
        Arbitrary<Expr> any = Arbitraries.just(new Expr.Any());
        Arbitrary<Expr> family = Arbitraries.of(4, 6).map(Expr.Family::new);
        Arbitrary<Expr> addr = Combinators.combine(Arbitraries.of(Expr.AddrSide.class), prefixes().list().ofMinSize(1).ofMaxSize(4))
                .as(Expr.Addr::new);
        Arbitrary<Operand> operand = Arbitraries.of(OPERANDS);
        Arbitrary<Expr> cmp = operand.flatMap(o -> Combinators.combine(Arbitraries.of(Op.class), value(o))
                .as((op, v) -> (Expr) new Expr.Cmp(o, op, v)));
        Arbitrary<Expr> in = operand.flatMap(o -> value(o).list().ofMinSize(1).ofMaxSize(5)
                .map(vs -> (Expr) new Expr.In(o, vs)));
        Arbitrary<Expr> flags = Arbitraries.integers().between(1, 255).map(Expr.Flags::new);
        Arbitrary<Expr> noFlags = Arbitraries.integers().between(1, 255).map(Expr.NoFlags::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, any), net.jqwik.api.Tuple.of(1, family), net.jqwik.api.Tuple.of(6, addr),
                net.jqwik.api.Tuple.of(8, cmp), net.jqwik.api.Tuple.of(3, in), net.jqwik.api.Tuple.of(2, flags),
                net.jqwik.api.Tuple.of(2, noFlags));
    }

    static Arbitrary<Long> value(Operand o) {
        boolean time = o instanceof Operand.One one && one.field().kind() == Field.Kind.TIME;
        if (time) {
            return Arbitraries.oneOf(Arbitraries.of(TIMES[0], TIMES[1], TIMES[2]),
                    Arbitraries.longs().between(946_684_800_000L, 4_102_444_800_000L));
        }
        long max = o.maxValue();
        List<Long> pool = new ArrayList<>();
        for (long v : SMALL) {
            if (v <= max) {
                pool.add(v);
            }
        }
        pool.add(max);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.of(pool)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, max)));
    }

    static Arbitrary<Prefix> prefixes() {
        Arbitrary<Prefix> pooled = Combinators.combine(Arbitraries.of(ADDRESSES), Arbitraries.of(8, 16, 24, 32, 48, 64, 128))
                .as((a, len) -> {
                    var inet = Addresses.parse(a);
                    boolean v4 = a.indexOf(':') < 0;
                    int l = v4 ? 96 + Math.min(32, len) : len;
                    return new Prefix(Addresses.hi(inet), Addresses.lo(inet), l);
                });
        Arbitrary<Prefix> v4 = Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as(Prefix::v4);
        Arbitrary<Prefix> v6 = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
                .as(Prefix::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, pooled), net.jqwik.api.Tuple.of(1, v4),
                net.jqwik.api.Tuple.of(1, v6));
    }
}
