package org.flowsec.store.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * Encodes one {@code long} column into a column frame: picks the smallest of {@link ColumnEncoding}'s layouts
 * by exact pre-compression size, then zstd-compresses the payload when that makes it smaller.
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 ...
 * +-+-------------+----------------+------------------+-----------------+
 * |Z| encoding id | varint stored  | varint raw length| payload         |
 * | |   (7 bits)  | length         | (only if Z set)  | (stored length) |
 * +-+-------------+----------------+------------------+-----------------+
 * </pre>
 * Byte planes (FOR) keep the slowly varying high bytes of addresses and counters in long runs that zstd
 * squeezes to almost nothing; varints suit heavy-tailed counters where most values are tiny.
 * Not thread-safe: one encoder per writer thread; reuses its buffers, so it allocates nothing per block.
 */
public final class ColumnEncoder implements AutoCloseable {
    /** Payloads below this size are stored raw: a zstd frame header would eat the gain. */
    private static final int MIN_COMPRESS = 48;

    private final ZstdCompressCtx zstd;
    private final ByteSink raw = new ByteSink(1 << 16);
    private byte[] packed = new byte[1 << 16];

    public ColumnEncoder(int zstdLevel) {
        zstd = new ZstdCompressCtx().setLevel(zstdLevel);
    }

    /** Appends the frame for {@code v[0..n)} to {@code out}. */
    public void encode(long[] v, int n, ByteSink out) {
        raw.reset();
        ColumnEncoding enc = encodeRaw(v, n);
        int rawLen = raw.size();
        if (rawLen >= MIN_COMPRESS) {
            int bound = (int) Zstd.compressBound(rawLen);
            if (packed.length < bound) {
                packed = new byte[bound];
            }
            int clen = zstd.compressByteArray(packed, 0, packed.length, raw.array(), 0, rawLen);
            if (clen < rawLen) {
                out.putByte(enc.id() | ColumnEncoding.COMPRESSED_FLAG);
                out.putVarLong(clen);
                out.putVarLong(rawLen);
                out.putBytes(packed, 0, clen);
                return;
            }
        }
        out.putByte(enc.id());
        out.putVarLong(rawLen);
        out.putSink(raw);
    }

    private ColumnEncoding encodeRaw(long[] v, int n) {
        if (n == 0) {
            raw.putZigZag(0);
            return ColumnEncoding.CONST;
        }
        long min = v[0];
        long max = v[0];
        long dmin = Long.MAX_VALUE;
        long dmax = Long.MIN_VALUE;
        for (int i = 1; i < n; i++) {
            long x = v[i];
            min = Math.min(min, x);
            max = Math.max(max, x);
            long d = x - v[i - 1];
            dmin = Math.min(dmin, d);
            dmax = Math.max(dmax, d);
        }
        if (min == max) {
            raw.putZigZag(min);
            return ColumnEncoding.CONST;
        }
        long varintSize = 0;
        long deltaVarintSize = 0;
        for (int i = 0; i < n; i++) {
            varintSize += varintLength(v[i] - min);
            if (i > 0) {
                deltaVarintSize += varintLength(v[i] - v[i - 1] - dmin);
            }
        }
        int width = width(max - min);
        int dwidth = width(dmax - dmin);
        long forSize = (long) n * width;
        long deltaForSize = (long) (n - 1) * dwidth + 10;
        deltaVarintSize += 10;
        long best = Math.min(Math.min(forSize, varintSize), Math.min(deltaForSize, deltaVarintSize));
        if (best == forSize) {
            raw.putZigZag(min);
            raw.putByte(width);
            putPlanes(v, 0, n, min, width, false);
            return ColumnEncoding.FOR;
        }
        if (best == deltaForSize) {
            raw.putZigZag(v[0]);
            raw.putZigZag(dmin);
            raw.putByte(dwidth);
            putPlanes(v, 1, n, dmin, dwidth, true);
            return ColumnEncoding.DELTA_FOR;
        }
        if (best == varintSize) {
            raw.putZigZag(min);
            for (int i = 0; i < n; i++) {
                raw.putVarLong(v[i] - min);
            }
            return ColumnEncoding.VARINT;
        }
        raw.putZigZag(v[0]);
        raw.putZigZag(dmin);
        for (int i = 1; i < n; i++) {
            raw.putVarLong(v[i] - v[i - 1] - dmin);
        }
        return ColumnEncoding.DELTA_VARINT;
    }

    /** Byte planes of {@code x - base} (or of the delta minus base) for rows [from, n), high plane first. */
    private void putPlanes(long[] v, int from, int n, long base, int width, boolean delta) {
        int rows = n - from;
        int at = raw.reserve(rows * width);
        byte[] b = raw.array();
        for (int p = 0; p < width; p++) {
            int shift = 8 * (width - 1 - p);
            int off = at + p * rows;
            if (delta) {
                for (int i = from; i < n; i++) {
                    b[off + i - from] = (byte) ((v[i] - v[i - 1] - base) >>> shift);
                }
            } else {
                for (int i = from; i < n; i++) {
                    b[off + i - from] = (byte) ((v[i] - base) >>> shift);
                }
            }
        }
        raw.skip(rows * width);
    }

    /** Bytes needed for an unsigned value (1..8). */
    static int width(long unsignedRange) {
        return Math.max(1, 8 - Long.numberOfLeadingZeros(unsignedRange) / 8);
    }

    static int varintLength(long unsigned) {
        return (63 - Long.numberOfLeadingZeros(unsigned | 1)) / 7 + 1;
    }

    @Override
    public void close() {
        zstd.close();
    }
}
