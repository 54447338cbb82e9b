package org.flowsec.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/**
 * The byte formatter of CSV and JSON lines writes exactly what the StringBuilder printers wrote
 * ({@link ReferenceFlowLines}), for any values: IPv6 with every shape of zero run, IPv4-mapped and nearly
 * mapped addresses, negative, zero and huge counters, times before 1970 and far in the future.
 */
class FlowLinesTest {
    @Property(tries = 500)
    void csvLinesEqualTheTextPrinters(@ForAll("batches") FlowBatch batch) {
        assertSameLines(FlowLines.csv(), new ReferenceFlowLines(false), batch);
    }

    @Property(tries = 500)
    void jsonLinesEqualTheTextPrinters(@ForAll("batches") FlowBatch batch) {
        assertSameLines(FlowLines.json(), new ReferenceFlowLines(true), batch);
    }

    @Property(tries = 200)
    void printersOnAWriterPrintTheHeaderThenEveryLine(@ForAll("batches") FlowBatch batch) {
        for (OutputFormat format : List.of(OutputFormat.CSV, OutputFormat.JSON)) {
            ReferenceFlowLines reference = new ReferenceFlowLines(format == OutputFormat.JSON);
            StringBuilder expected = new StringBuilder(reference.header());
            StringWriter w = new StringWriter();
            FlowPrinter printer = FlowPrinter.create(format, w);
            for (int r = 0; r < batch.size(); r++) {
                expected.append(reference.line(batch, r));
                printer.print(batch, r);
            }
            printer.finish();
            assertThat(w.toString()).isEqualTo(expected.toString());
        }
    }

    @Property(tries = 2000)
    void addressTextEqualsFormat(@ForAll("addresses") long[] a) {
        byte[] dst = new byte[3 + Addresses.MAX_TEXT];
        int end = Addresses.appendText(dst, 3, a[0], a[1]);
        assertThat(new String(dst, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(Addresses.format(a[0], a[1]));
    }

    @Property(tries = 2000)
    void longTextEqualsLongToString(@ForAll long v) {
        byte[] dst = new byte[1 + AsciiBuffer.MAX_LONG];
        int end = AsciiBuffer.putLong(dst, 1, v);
        assertThat(new String(dst, 1, end - 1, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }

    @Test
    void edgeValuesEqualTheTextPrinters() {
        long[] times = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 999, 1000, -999, -1000, -1001,
            -62_167_219_200_001L /* 1 ms before year 0 */, 253_402_300_800_000L /* year 10000 */, 1_795_687_199_999L};
        long[] numbers = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 9, 10, 99, 100, Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        long[][] addresses = {{0, 0}, {0, 1}, {0, Addresses.v4Low(-1)}, {0, Addresses.v4Low(0)},
            {0, 0x0000_FFFE_0A00_0001L}, {0, 0x0001_FFFF_0A00_0001L}, {1, Addresses.v4Low(0x0A000001)},
            {0x2001_0db8_0000_0000L, 0x0000_0000_0000_0001L}, {0x2001_0db8_0000_0001L, 0x0000_0000_0001_0000L},
            {0x0000_0000_0000_0001L, 0x0000_0000_0000_0000L}, {-1, -1}, {0x0001_0000_0001_0000L, 0x0001_0000_0001_0000L}};
        FlowBatch b = new FlowBatch(16);
        int n = Math.max(times.length, Math.max(numbers.length, addresses.length));
        for (int i = 0; i < n; i++) {
            int r = b.addRow();
            for (Field f : Field.all()) {
                switch (f.kind()) {
                    case TIME -> b.set(f, r, times[(i + f.ordinal()) % times.length]);
                    case ADDRESS -> {
                        long[] a = addresses[(i + f.ordinal()) % addresses.length];
                        b.setAddress(f, r, a[0], a[1]);
                    }
                    default -> b.set(f, r, numbers[(i + f.ordinal()) % numbers.length]);
                }
            }
        }
        assertSameLines(FlowLines.csv(), new ReferenceFlowLines(false), b);
        assertSameLines(FlowLines.json(), new ReferenceFlowLines(true), b);
    }

    @Test
    void csvHasAHeaderAndJsonLinesNone() {
        assertThat(new String(FlowLines.csv().header(), StandardCharsets.US_ASCII)).isEqualTo(new ReferenceFlowLines(false).header());
        assertThat(FlowLines.json().header()).isEmpty();
    }

    private static void assertSameLines(FlowLines lines, ReferenceFlowLines reference, FlowBatch batch) {
        AsciiBuffer out = new AsciiBuffer(16); // small, so that rows also cross growth
        StringBuilder expected = new StringBuilder();
        for (int r = 0; r < batch.size(); r++) {
            lines.append(out, batch, r);
            expected.append(reference.line(batch, r));
        }
        assertThat(new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Provide
    Arbitrary<FlowBatch> batches() {
        List<Arbitrary<long[]>> fields = new ArrayList<>();
        for (Field f : Field.all()) {
            fields.add(switch (f.kind()) {
                case TIME -> times().map(t -> new long[] {t});
                case ADDRESS -> addresses();
                default -> numbers().map(v -> new long[] {v});
            });
        }
        Arbitrary<long[][]> row = Combinators.combine(fields).as(values -> values.toArray(new long[0][]));
        return row.list().ofMinSize(0).ofMaxSize(40).map(rows -> {
            FlowBatch b = new FlowBatch(rows.size());
            for (long[][] values : rows) {
                int r = b.addRow();
                for (Field f : Field.all()) {
                    long[] v = values[f.ordinal()];
                    if (f.isAddress()) {
                        b.setAddress(f, r, v[0], v[1]);
                    } else {
                        b.set(f, r, v[0]);
                    }
                }
            }
            return b;
        });
    }

    /** Flow times of today, around 1970, around year 0, around midnight, in any year, and the extremes. */
    private static Arbitrary<Long> times() {
        long now = 1_795_687_200_000L;
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(now - 86_400_000L, now + 86_400_000L)),
                Tuple.of(2, Arbitraries.longs().between(-200_000_000L, 200_000_000L)),
                Tuple.of(2, Arbitraries.longs().between(-400_000L * 365 * 86_400_000L, 400_000L * 365 * 86_400_000L)),
                Tuple.of(1, Arbitraries.longs().between(-100_000_000_000_000L, -30_000_000_000_000L)), // years -1200..1000
                Tuple.of(1, Arbitraries.longs().between(-3, 3).map(d -> now - now % 86_400_000L + d * 86_400_000L - 1)),
                Tuple.of(2, Arbitraries.longs()));
    }

    /** Ports and counters, negative values, and the whole range of a long. */
    private static Arbitrary<Long> numbers() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, 70_000)),
                Tuple.of(1, Arbitraries.longs().between(-1000, 0)),
                Tuple.of(3, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE + 1L,
                        (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 1_000_000_000_000_000_000L)));
    }

    /** {hi, lo}: IPv4-mapped, almost mapped, IPv4-compatible, zero runs of every length and place, random. */
    @Provide
    static Arbitrary<long[]> addresses() {
        Arbitrary<Integer> v4 = Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE);
        Arbitrary<long[]> mapped = v4.map(a -> new long[] {0, Addresses.v4Low(a)});
        Arbitrary<long[]> nearlyMapped = Combinators.combine(
                Arbitraries.of(0L, 1L, 1L << 48, -1L),
                Arbitraries.of(0L, 0xFFFEL, 0x1_FFFFL, 0xFFFF_FFFFL, 0xFFFFL),
                v4).as((hi, top, a) -> new long[] {hi, (top << 32) | (a & 0xFFFF_FFFFL)});
        Arbitrary<Integer> group = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.just(0xFFFF)),
                Tuple.of(1, Arbitraries.integers().between(1, 0xF)),
                Tuple.of(2, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<long[]> groups = group.list().ofSize(8).map(g -> {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 4; i++) {
                hi = (hi << 16) | g.get(i);
                lo = (lo << 16) | g.get(4 + i);
            }
            return new long[] {hi, lo};
        });
        Arbitrary<long[]> random = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((hi, lo) -> new long[] {hi, lo});
        return Arbitraries.frequencyOf(
                Tuple.of(3, mapped),
                Tuple.of(2, nearlyMapped),
                Tuple.of(4, groups),
                Tuple.of(1, random));
    }
}
