package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The PACKED_DICT column encoding: narrow, low-cardinality columns as bit-packed dictionary indexes. */
class PackedDictTest {

    private static byte[] encode(long[] v, int n) {
        ByteSink out = new ByteSink(64);
        try (ColumnEncoder enc = new ColumnEncoder(1)) {
            enc.encode(v, n, false, out);
        }
        return out.toByteArray();
    }

    private static long[] decode(byte[] frame, int n) throws CorruptDataException {
        long[] back = new long[n];
        try (ColumnDecoder dec = new ColumnDecoder()) {
            ByteSource in = new ByteSource(frame, 0, frame.length);
            dec.decode(in, back, n);
            assertThat(in.remaining()).isZero();
        }
        return back;
    }

    private static int encodingId(byte[] frame) {
        return frame[0] & 0xFF & ~ColumnEncoding.COMPRESSED_FLAG;
    }

    @Test
    void protocolNumbersArePackedIntoTwoBitsAndComeBack() throws Exception {
        int[] protocols = {1, 6, 17};
        Random rnd = new Random(1);
        int n = 32_771; // not a multiple of 4: the last byte is partly filled
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = protocols[rnd.nextInt(3)];
        }
        byte[] frame = encode(v, n);
        assertThat(encodingId(frame)).isEqualTo(ColumnEncoding.PACKED_DICT.id());
        assertThat(decode(frame, n)).containsExactly(v);
    }

    @Test
    void networkMasksStayInBytePlanesWhereZstdFindsTheirRepeats() throws Exception {
        Random rnd = new Random(3);
        int n = 32_768;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = 8 + rnd.nextInt(19); // 19 distinct masks: 5-bit codes
        }
        assertWrittenAsAndReadBack(v, ColumnEncoding.FOR);
    }

    @Test
    void asNumbersSpreadOverTwoBytesBecomeADictionaryAndComeBack() throws Exception {
        Random rnd = new Random(4);
        int n = 32_768;
        long[] as = new long[1_600];
        for (int k = 0; k < as.length; k++) {
            as[k] = 1 + rnd.nextInt(64_000);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = as[(int) Math.min(as.length - 1, Math.abs(rnd.nextGaussian()) * 300)]; // popular ASes repeat
        }
        assertWrittenAsAndReadBack(v, ColumnEncoding.DICT);
    }

    @Test
    void twoByteColumnsWithManyDistinctValuesKeepTheirPlanes() throws Exception {
        Random rnd = new Random(5);
        int n = 32_768;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = 32_768 + rnd.nextInt(28_000); // ephemeral ports: hardly a repeat
        }
        assertWrittenAsAndReadBack(v, ColumnEncoding.FOR);
    }

    private static void assertWrittenAsAndReadBack(long[] v, ColumnEncoding expected) throws CorruptDataException {
        byte[] frame = encode(v, v.length);
        assertThat(encodingId(frame)).isEqualTo(expected.id());
        assertThat(decode(frame, v.length)).containsExactly(v);
    }

    @Property(tries = 60)
    void everyIndexWidthRoundTrips(@ForAll @IntRange(min = 1, max = 14) int bits, @ForAll long seed,
                                   @ForAll @IntRange(min = 64, max = 40_000) int n) throws Exception {
        Random rnd = new Random(seed);
        long base = rnd.nextLong();
        int distinct = 1 << bits;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            // values spread over a range below 2^16 so that the encoder may choose PACKED_DICT
            v[i] = base + (rnd.nextInt(distinct) * 3L) % 65_000;
        }
        assertThat(decode(encode(v, n), n)).containsExactly(v);
    }

    /** Writers pack at most 8 bits, but readers accept up to 16: a frame built here by hand, 12 bits a row. */
    @Test
    void twelveBitIndexesWrittenByHandAreRead() throws Exception {
        int d = 3000;
        int n = 5001;
        ByteSink payload = new ByteSink(64);
        payload.putVarLong(d);
        payload.putZigZag(-500); // dict[k] = -500 + 2k
        for (int k = 1; k < d; k++) {
            payload.putVarLong(1);
        }
        payload.putByte(12);
        long[] expected = new long[n];
        byte[] packed = new byte[(n * 12 + 7) / 8];
        for (int i = 0; i < n; i++) {
            int ix = (i * 7919) % d;
            expected[i] = -500 + 2L * ix;
            for (int bit = 0; bit < 12; bit++) {
                if ((ix >>> bit & 1) != 0) {
                    int at = i * 12 + bit;
                    packed[at >>> 3] |= (byte) (1 << (at & 7));
                }
            }
        }
        payload.putBytes(packed, 0, packed.length);
        ByteSink frame = new ByteSink(64);
        frame.putByte(ColumnEncoding.PACKED_DICT.id());
        frame.putVarLong(payload.size());
        frame.putSink(payload);
        assertThat(decode(frame.toByteArray(), n)).containsExactly(expected);
    }

    @Test
    void anIndexBeyondTheDictionaryIsCorrupt() {
        // d = 3 (values 0, 1, 2), 2-bit indexes, four rows all holding index 3
        byte[] payload = {3, 0, 0, 0, 2, (byte) 0xFF};
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) ColumnEncoding.PACKED_DICT.id();
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        assertThatThrownBy(() -> decode(frame, 4)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("dictionary index 3 of 3");
    }

    @Test
    void anIndexWidthOutsideOneToSixteenIsCorrupt() {
        byte[] payload = {1, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) ColumnEncoding.PACKED_DICT.id();
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        assertThatThrownBy(() -> decode(frame, 4)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("packed index width 17");
    }
}
