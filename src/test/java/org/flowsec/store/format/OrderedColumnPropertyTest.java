package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A column handed to the encoder with a row order (how a sorted block passes its non-gathered columns) is the
 * very frame of its rows gathered into that order, and decodes to them: PACKED_DICT numbers the values in
 * storage order and DICT probes through the order, neither gathering the column, and neither may change a byte.
 */
class OrderedColumnPropertyTest {

    @Property(tries = 300)
    void aColumnEncodedThroughARowOrderIsTheFrameOfItsRowsInThatOrder(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 65536) int n,
            @ForAll @IntRange(min = 0, max = 10) int shape) throws Exception {
        Random r = new Random(seed);
        long[] v = shape <= 5 ? ColumnCodecPropertyTest.column(r, n, shape) : adversarial(r, n, shape);
        assertOrderedDecodes(v, n, permutation(r, n));
    }

    @Test
    void everyShapeEncodesThroughAnOrderAsItsGatheredRowsWould() throws Exception {
        for (int shape = 0; shape <= 10; shape++) {
            for (int seed = 0; seed < 6; seed++) {
                Random r = new Random(seed * 31L + shape);
                int n = new int[] {1, 63, 64, 1000, 32768, 65536}[seed];
                long[] v = shape <= 5 ? ColumnCodecPropertyTest.column(r, n, shape) : adversarial(r, n, shape);
                assertOrderedDecodes(v, n, permutation(r, n));
            }
        }
    }

    @Test
    void dictionariesAroundTheirSizeLimitsEncodeThroughAnOrderAsGathered() throws Exception {
        Random r = new Random(11);
        for (int distinct : new int[] {1, 2, 255, 256, 257, 2047, 2048, 2049, 16383, 16384, 16385, 32768}) {
            for (boolean narrow : new boolean[] {true, false}) {
                int n = 32768;
                long[] pool = new long[distinct];
                for (int k = 0; k < distinct; k++) {
                    pool[k] = narrow ? 1000 + k * 3L : r.nextLong();
                }
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i < distinct ? pool[i] : pool[r.nextInt(distinct)];
                }
                if (narrow) {
                    shuffle(r, v); // else every pool value comes first: DICT's early give-up must see the same rows
                }
                assertOrderedDecodes(v, n, permutation(r, n));
            }
        }
    }

    /** All equal, all distinct, only the extremes, IPv4-mapped addresses with a few IPv6, a narrow repeated range. */
    private static long[] adversarial(Random r, int n, int shape) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (shape) {
                case 6 -> Long.MIN_VALUE + 7;
                case 7 -> i * 0x9E3779B97F4A7C15L; // all distinct, all over the range
                case 8 -> (i & 1) == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                case 9 -> r.nextInt(10) == 0 ? r.nextLong() : 0xFFFF_0000_0000L | r.nextInt(5000);
                default -> 40000 + r.nextInt(1 + (i % 300));
            };
        }
        return v;
    }

    private static void shuffle(Random r, long[] v) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }

    private static int[] permutation(Random r, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (r.nextInt(4) == 0) {
            return order; // the identity: a block that was sorted already
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void assertOrderedDecodes(long[] v, int n, int[] order) throws CorruptDataException {
        long[] gathered = new long[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            gathered[i] = v[order[i]];
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        ByteSink viaOrder = new ByteSink(1024);
        ByteSink plain = new ByteSink(1024);
        try (ColumnEncoder enc = new ColumnEncoder(1)) {
            enc.encode(v, order, n, min, max, false, viaOrder);
            enc.encode(gathered, n, min, max, false, plain);
        }
        assertThat(Arrays.equals(viaOrder.toByteArray(), plain.toByteArray())).as("same frame").isTrue();
        long[] back = new long[n];
        try (ColumnDecoder dec = new ColumnDecoder()) {
            ByteSource in = new ByteSource(viaOrder.array(), 0, viaOrder.size());
            dec.decode(in, back, n);
            assertThat(in.remaining()).isZero();
        }
        assertThat(Arrays.equals(back, gathered)).as("decodes to the rows in order").isTrue();
    }
}
