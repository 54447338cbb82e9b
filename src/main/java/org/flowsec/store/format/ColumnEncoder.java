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
 * squeezes to almost nothing; varints suit heavy-tailed counters where most values are tiny; a dictionary
 * ({@link DictionaryEncoder}) suits wide columns whose values repeat, and bit-packed dictionary indexes suit
 * narrow columns with few distinct values (protocol, flags, interfaces). Not thread-safe: one encoder per writer thread; it reuses its
 * buffers, so it allocates nothing per block.
 */
public final class ColumnEncoder implements AutoCloseable {
    /** Payloads below this size are stored raw: a zstd frame header would eat the gain. */
    private static final int MIN_COMPRESS = 48;
    /** A dictionary is only tried for columns at least this wide (narrower ones are cheap already). */
    private static final int DICT_MIN_WIDTH = 3;
    /** A two-byte column becomes a dictionary only with at most one distinct value per this many rows. */
    private static final int FEW_DISTINCT = 16;
    /** Rows between the samples that estimate a VARINT payload's size. */
    private static final int SAMPLE_STRIDE = 8;

    private final ZstdCompressCtx zstd;
    private final ByteSink raw = new ByteSink(1 << 16);
    private byte[] packed = new byte[1 << 16];
    /** A column's rows in encoding order, when the caller hands them over with a row order. */
    private long[] gathered = new long[1024];
    private final DictionaryEncoder dictionaries = new DictionaryEncoder(raw);

    public ColumnEncoder(int zstdLevel) {
        zstd = new ZstdCompressCtx().setLevel(zstdLevel);
    }

    /**
     * Sizes every scratch buffer for columns of {@code rows} rows now (a raw payload of up to 10 bytes a row, a
     * varint's most), so encoding them allocates nothing.
     */
    public void reserve(int rows) {
        int rawBytes = rows * 10 + 64;
        raw.reserve(rawBytes);
        int bound = (int) Zstd.compressBound(rawBytes);
        if (packed.length < bound) {
            packed = new byte[bound];
        }
        if (gathered.length < rows) {
            gathered = new long[rows];
        }
        dictionaries.reserve(rows);
    }

    /** Appends the frame for {@code v[0..n)} to {@code out}; tries delta layouts only when {@code tryDelta}. */
    public void encode(long[] v, int n, boolean tryDelta, ByteSink out) {
        long min = n == 0 ? 0 : v[0];
        long max = min;
        for (int i = 1; i < n; i++) {
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        encode(v, n, min, max, tryDelta, out);
    }

    /** As {@link #encode(long[], int, boolean, ByteSink)} with the column's min and max already known. */
    public void encode(long[] v, int n, long min, long max, boolean tryDelta, ByteSink out) {
        encode(v, null, n, min, max, tryDelta, out);
    }

    /**
     * Encodes the column {@code v[order[0]], v[order[1]], ..., v[order[n-1]]} ({@code order} null: {@code v[0..n)});
     * {@code min} and {@code max} are the values' range. A column that packs into a small dictionary is read
     * through {@code order} once, in the pass that writes the indexes (its dictionary does not depend on row
     * order); so is a column that becomes a dictionary; any other is gathered into a reused array first.
     */
    public void encode(long[] v, int[] order, int n, long min, long max, boolean tryDelta, ByteSink out) {
        raw.reset();
        dictionaries.forgetProbe();
        frame(payload(v, order, n, min, max, tryDelta), out);
    }

    /**
     * When the last column encoded was probed for a dictionary over all its rows: its distinct values, with
     * {@link #valueNumbers()} numbering each row's value (rows in encoding order) by first appearance. Else -1.
     */
    int distinctValues() { return dictionaries.probedDistinct(); }

    int[] valueNumbers() { return dictionaries.probedRows(); }

    /**
     * Appends a DEPENDENT frame: the column's value for each of the {@code d} distinct addresses of schema column
     * {@code parentColumn}, {@code values[0..d)} in the addresses' order of first appearance (see
     * {@link AddressNumbering}); {@code min} and {@code max} are their range.
     */
    public void encodeDependent(int parentColumn, long[] values, int d, long min, long max, ByteSink out) {
        raw.reset();
        dictionaries.forgetProbe();
        raw.putVarLong(parentColumn);
        raw.putVarLong(d);
        int innerId = raw.reserve(1);
        raw.skip(1);
        ColumnEncoding inner = payload(values, null, d, min, max, false);
        raw.array()[innerId] = (byte) inner.id();
        frame(ColumnEncoding.DEPENDENT, out);
    }

    /** Writes the smallest layout of the column into {@code raw} and returns it. */
    private ColumnEncoding payload(long[] v, int[] order, int n, long min, long max, boolean tryDelta) {
        long range = max - min;
        if (min != max && range >= 0 && range < DictionaryEncoder.PACKED_RANGE && n >= 64
                && dictionaries.tryPacked(v, order, n, min, (int) range, width(range))) {
            return ColumnEncoding.PACKED_DICT;
        }
        return encodeRaw(v, order, n, min, max, tryDelta);
    }

    /** Appends the frame of {@code raw}, zstd-compressed when that makes it smaller. */
    private void frame(ColumnEncoding enc, ByteSink out) {
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

    private ColumnEncoding encodeRaw(long[] v, int[] order, int n, long min, long max, boolean tryDelta) {
        if (n == 0) {
            raw.putZigZag(0);
            return ColumnEncoding.CONST;
        }
        if (min == max) {
            raw.putZigZag(min);
            return ColumnEncoding.CONST;
        }
        int width = width(max - min);
        if (width == 1) {
            return putFor(inOrder(v, order, n), n, min, width); // nothing beats one byte per row before zstd
        }
        if (order != null && tryDelta) {
            v = inOrder(v, order, n);
            order = null;
        }
        long dmin = Long.MAX_VALUE;
        long dmax = Long.MIN_VALUE;
        long deltaVarintSize = Long.MAX_VALUE;
        long deltaForSize = Long.MAX_VALUE;
        int dwidth = 8;
        if (tryDelta) {
            deltaVarintSize = 10;
            for (int i = 1; i < n; i++) {
                long d = v[i] - v[i - 1];
                dmin = Math.min(dmin, d);
                dmax = Math.max(dmax, d);
                deltaVarintSize += varintLength(zigzag(d));
            }
            dwidth = width(dmax - dmin);
            deltaForSize = (long) (n - 1) * dwidth + 10;
        }
        long forSize = (long) n * width;
        long varintSize = varintEstimate(v, order, n, min);
        // varints must clearly win: byte planes encode and decode without branches
        varintSize = varintSize * 4 / 3;
        long best = Math.min(Math.min(forSize, varintSize), Math.min(deltaForSize, deltaVarintSize));
        // a dictionary index costs at least a byte a row, so only columns costing two or more are worth a try
        if (width >= DICT_MIN_WIDTH && n >= 64 && best >= 2L * n && dictionaries.tryDict(v, order, n, best)) {
            return dictionaries.lastDictPacked() ? ColumnEncoding.PACKED_DICT : ColumnEncoding.DICT;
        }
        // two-byte columns of few distinct values spread over a wide range (AS numbers): the same two bytes a row
        // before zstd (plus a dictionary of at most n/16 values, hence the n/4 allowance), but dense dictionary
        // indexes compress about a tenth better than the values' own planes
        if (width == 2 && best == forSize && n >= 64 && dictionaries.tryDict(v, order, n, forSize + n / 4, n / FEW_DISTINCT)) {
            return dictionaries.lastDictPacked() ? ColumnEncoding.PACKED_DICT : ColumnEncoding.DICT;
        }
        v = inOrder(v, order, n); // a dictionary reads through the order; the other layouts want the rows in order
        if (best == forSize) {
            return putFor(v, n, min, width);
        }
        if (best == deltaForSize) {
            raw.putZigZag(v[0]);
            raw.putZigZag(dmin);
            raw.putByte(dwidth);
            int rows = n - 1;
            int at = raw.reserve(rows * dwidth);
            byte[] b = raw.array();
            for (int p = 0; p < dwidth; p++) {
                int shift = 8 * (dwidth - 1 - p);
                int off = at + p * rows - 1;
                for (int i = 1; i < n; i++) {
                    b[off + i] = (byte) ((v[i] - v[i - 1] - dmin) >>> shift);
                }
            }
            raw.skip(rows * dwidth);
            return ColumnEncoding.DELTA_FOR;
        }
        if (best == varintSize) {
            raw.putZigZag(min);
            putVarints(v, 0, n, min, false);
            return ColumnEncoding.VARINT;
        }
        raw.putZigZag(v[0]);
        putVarints(v, 1, n, 0, true);
        return ColumnEncoding.DELTA_VARINT;
    }

    /**
     * The VARINT payload size of {@code v[i] - min}, from every {@value #SAMPLE_STRIDE}th row when the column is long:
     * the choice of layout only needs a close estimate, and an exact count would cost a pass over every row.
     */
    private static long varintEstimate(long[] v, int[] order, int n, long min) {
        int stride = n >= 1024 ? SAMPLE_STRIDE : 1;
        long size = 0;
        int sampled = 0;
        if (order == null) {
            for (int i = 0; i < n; i += stride) {
                size += varintLength(v[i] - min);
                sampled++;
            }
        } else {
            for (int i = 0; i < n; i += stride) {
                size += varintLength(v[order[i]] - min);
                sampled++;
            }
        }
        return size * n / sampled;
    }

    /** {@code v} itself when {@code order} is null, else its rows in that order, gathered into a reused array. */
    private long[] inOrder(long[] v, int[] order, int n) {
        if (order == null) {
            return v;
        }
        if (gathered.length < n) {
            gathered = new long[n];
        }
        long[] g = gathered;
        for (int i = 0; i < n; i++) {
            g[i] = v[order[i]];
        }
        return g;
    }

    private ColumnEncoding putFor(long[] v, int n, long min, int width) {
        raw.putZigZag(min);
        raw.putByte(width);
        putPlanes(v, n, min, width);
        return ColumnEncoding.FOR;
    }

    /** LEB128 of {@code v[i] - base}, or of zigzag deltas, for rows [from, n), with one capacity check. */
    private void putVarints(long[] v, int from, int n, long base, boolean delta) {
        int at = raw.reserve((n - from) * 10);
        byte[] b = raw.array();
        int pos = at;
        for (int i = from; i < n; i++) {
            long x = delta ? zigzag(v[i] - v[i - 1]) : v[i] - base;
            while ((x & ~0x7FL) != 0) {
                b[pos++] = (byte) ((x & 0x7F) | 0x80);
                x >>>= 7;
            }
            b[pos++] = (byte) x;
        }
        raw.skip(pos - at);
    }

    /** Byte planes of {@code v[i] - base}, most significant plane first. */
    private void putPlanes(long[] v, int n, long base, int width) {
        putPlanes(raw, v, n, base, width);
    }

    /** Appends the byte planes of {@code v[i] - base} to {@code raw}, most significant plane first. */
    static void putPlanes(ByteSink raw, long[] v, int n, long base, int width) {
        int at = raw.reserve(n * width);
        byte[] b = raw.array();
        for (int p = 0; p < width; p++) {
            int shift = 8 * (width - 1 - p);
            int off = at + p * n;
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((v[i] - base) >>> shift);
            }
        }
        raw.skip(n * width);
    }


    /** Bytes needed for an unsigned value (1..8). */
    static int width(long unsignedRange) {
        return Math.max(1, 8 - Long.numberOfLeadingZeros(unsignedRange) / 8);
    }

    private static long zigzag(long x) {
        return (x << 1) ^ (x >> 63);
    }

    static int varintLength(long unsigned) {
        return (63 - Long.numberOfLeadingZeros(unsigned | 1)) / 7 + 1;
    }

    @Override
    public void close() {
        zstd.close();
    }
}
