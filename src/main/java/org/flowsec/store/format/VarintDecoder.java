package org.flowsec.store.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads runs of unsigned LEB128 varints (7 bits a byte, low group first, high bit set on all but the last
 * byte) into a {@code long[]}. While eight bytes of the payload remain, each varint of up to eight bytes is
 * one little-endian word load: the first clear high bit gives its length, three mask-and-shift steps squeeze
 * the 7-bit groups together. No branch depends on the value's length, which in a column of byte counts is
 * as random as the traffic and made the byte-at-a-time loop mispredict on most rows.
 */
final class VarintDecoder {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private VarintDecoder() {}

    /**
     * Reads {@code n - from} varints from {@code b[pos..end)} into {@code dst[from..n)}, each plus {@code base};
     * returns the position after the last one. Throws when a varint runs past {@code end} or is longer than
     * ten bytes.
     */
    static int read(byte[] b, int pos, int end, long[] dst, int from, int n, long base) throws CorruptDataException {
        int i = from;
        while (i < n - 1 && end - pos >= 8) {
            long w = (long) LONG_LE.get(b, pos);
            if ((w & HIGH_BITS) == 0 && n - i >= 8) {
                // eight one-byte varints (small counters are mostly below 128)
                for (int k = 0; k < 8; k++) {
                    dst[i + k] = ((w >>> (8 * k)) & 0x7F) + base;
                }
                i += 8;
                pos += 8;
                continue;
            }
            long stops = ~w & HIGH_BITS; // bit 7 of every byte that ends a varint
            if (stops == 0) {
                pos = readOne(b, pos, end, dst, i++, base); // nine or ten bytes: rare
                continue;
            }
            int bits = Long.numberOfTrailingZeros(stops) + 1; // the varint's bytes, in bits
            dst[i++] = squeeze(w & (-1L >>> (64 - bits))) + base;
            // the next varint often ends in the same word: take it without a new load ((x >>> 1) >>> (bits - 1)
            // is x >>> bits, also for bits = 64, where Java's shift would wrap to 0)
            long rest = (stops >>> 1) >>> (bits - 1);
            if (rest == 0) {
                pos += bits >>> 3;
                continue;
            }
            int bits2 = Long.numberOfTrailingZeros(rest) + 1;
            long w2 = (w >>> 1) >>> (bits - 1);
            dst[i++] = squeeze(w2 & (-1L >>> (64 - bits2))) + base;
            pos += (bits + bits2) >>> 3;
        }
        for (; i < n; i++) {
            pos = readOne(b, pos, end, dst, i, base);
        }
        return pos;
    }

    /** The 7-bit groups of a varint's bytes (high bits cleared by the caller's mask or here), squeezed together. */
    private static long squeeze(long bytes) {
        long x = bytes & 0x7F7F7F7F7F7F7F7FL;
        x = (x & 0x007F007F007F007FL) | ((x & 0x7F007F007F007F00L) >>> 1);
        x = (x & 0x00003FFF00003FFFL) | ((x & 0x3FFF00003FFF0000L) >>> 2);
        return (x & 0x000000000FFFFFFFL) | ((x & 0x0FFFFFFF00000000L) >>> 4);
    }

    /** One varint at {@code pos}, checked byte by byte against {@code end}, into {@code dst[i]}. */
    private static int readOne(byte[] b, int pos, int end, long[] dst, int i, long base) throws CorruptDataException {
        long v = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new CorruptDataException("varint runs past its column at row " + i);
            }
            if (shift > 63) {
                throw new CorruptDataException("varint longer than 10 bytes at row " + i);
            }
            byte x = b[pos++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                break;
            }
            shift += 7;
        }
        dst[i] = v + base;
        return pos;
    }
}
