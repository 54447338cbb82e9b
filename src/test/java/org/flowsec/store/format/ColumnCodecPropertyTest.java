package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every column the encoder writes decodes to the values it was given, whatever encoding it picks, with the
 * frame placed among random bytes so that the decoder's word-at-a-time reads (varints, byte planes, packed
 * indexes) are shown never to take a byte from outside the frame.
 */
class ColumnCodecPropertyTest {

    @Property(tries = 400)
    void everyColumnDecodesToTheValuesItWasGiven(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n,
                                                 @ForAll @IntRange(min = 0, max = 5) int shape) throws Exception {
        long[] v = column(new Random(seed), n, shape);
        assertThat(roundTrip(v, n, seed)).containsExactly(Arrays.copyOf(v, n));
    }

    @Test
    void varintsOfEveryLengthFromOneToTenBytesDecode() throws Exception {
        Random r = new Random(3);
        for (int len = 1; len <= 10; len++) {
            long[] v = new long[3000];
            for (int i = 0; i < v.length; i++) {
                int bits = Math.min(64, 7 * (1 + r.nextInt(len)));
                v[i] = bits == 64 ? r.nextLong() : r.nextLong() & ((1L << bits) - 1);
            }
            v[0] = 0; // VARINT stores v - min: keep min at 0 so lengths are as drawn
            assertThat(roundTrip(v, v.length, len)).containsExactly(v);
        }
    }

    @Test
    void dictionaryIndexesOfOneAndTwoBytesDecode() throws Exception {
        Random r = new Random(5);
        for (int distinct : new int[] {2, 200, 256, 257, 3000, 40000}) {
            long[] pool = new long[distinct];
            for (int k = 0; k < distinct; k++) {
                pool[k] = r.nextLong();
            }
            long[] v = new long[60000];
            for (int i = 0; i < v.length; i++) {
                v[i] = pool[r.nextInt(distinct)];
            }
            assertThat(roundTrip(v, v.length, distinct)).containsExactly(v);
        }
    }

    /** Shapes that lead the encoder to each of its encodings: ranges, dictionaries, varints, sorted runs. */
    static long[] column(Random r, int n, int shape) {
        long[] v = new long[n];
        long base = r.nextBoolean() ? 0 : r.nextLong();
        int bits = 1 + r.nextInt(63);
        long mask = (1L << bits) - 1;
        switch (shape) {
            case 0 -> { // a range of some width: FOR with 1..8 byte planes
                for (int i = 0; i < n; i++) {
                    v[i] = base + (r.nextLong() & mask);
                }
            }
            case 1 -> { // few distinct wide values: DICT or PACKED_DICT
                long[] pool = new long[1 + r.nextInt(Math.min(n, 70000))];
                for (int k = 0; k < pool.length; k++) {
                    pool[k] = base + (r.nextLong() & mask);
                }
                for (int i = 0; i < n; i++) {
                    v[i] = pool[r.nextInt(pool.length)];
                }
            }
            case 2 -> { // mostly small, a few huge: VARINT of mixed lengths
                for (int i = 0; i < n; i++) {
                    int b = r.nextInt(10) == 0 ? 1 + r.nextInt(63) : 1 + r.nextInt(14);
                    v[i] = r.nextLong() & ((1L << b) - 1);
                }
            }
            case 3 -> { // ascending with jumps back: DELTA_VARINT or DELTA_FOR
                long x = base;
                for (int i = 0; i < n; i++) {
                    x += r.nextInt(20) == 0 ? -r.nextInt(100_000) : r.nextInt(1 << (1 + r.nextInt(20)));
                    v[i] = x;
                }
            }
            case 4 -> { // extremes mixed in
                long[] pool = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, base};
                for (int i = 0; i < n; i++) {
                    v[i] = pool[r.nextInt(pool.length)];
                }
            }
            default -> { // a small range: PACKED_DICT of a few bits
                for (int i = 0; i < n; i++) {
                    v[i] = base + r.nextInt(1 + r.nextInt(5000));
                }
            }
        }
        return v;
    }

    /** Encodes {@code v[0..n)}, places the frame at an odd offset among random bytes, decodes it back. */
    static long[] roundTrip(long[] v, int n, long seed) throws CorruptDataException {
        ByteSink out = new ByteSink(1024);
        try (ColumnEncoder enc = new ColumnEncoder(1)) {
            enc.encode(v, n, true, out);
        }
        Random r = new Random(seed);
        int before = 1 + r.nextInt(20);
        byte[] buf = new byte[before + out.size() + 40];
        r.nextBytes(buf);
        System.arraycopy(out.array(), 0, buf, before, out.size());
        long[] back = new long[n];
        try (ColumnDecoder dec = new ColumnDecoder()) {
            ByteSource in = new ByteSource(buf, before, out.size());
            dec.decode(in, back, n);
            assertThat(in.remaining()).isZero();
        }
        return back;
    }
}
