package org.flowsec.store.format;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * Decodes column frames written by {@link ColumnEncoder} straight into a {@code long[]} slot of a FlowBatch.
 * Every length is checked against the frame before use. Not thread-safe; one per reader thread.
 */
public final class ColumnDecoder implements AutoCloseable {
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    private final ByteSource payload = new ByteSource();
    private byte[] unpacked = new byte[1 << 16];

    /** Decodes the next frame of {@code in} into {@code dst[0..n)}. */
    public void decode(ByteSource in, long[] dst, int n) throws CorruptDataException {
        decode(in, dst, n, null);
    }

    /**
     * Decodes the next frame of {@code in} into {@code dst[0..n)} and, when {@code codes} is given and the
     * column is a dictionary or a constant, each row's dictionary index into {@code codes[0..n)}.
     *
     * @return the dictionary size (codes are below it), or 0 when no codes were written
     */
    public int decode(ByteSource in, long[] dst, int n, int[] codes) throws CorruptDataException {
        return decode(in, dst, n, codes, null);
    }

    /**
     * As {@link #decode(ByteSource, long[], int, int[])}, with the block's address numbering for a DEPENDENT
     * frame ({@code parents} null: outside a block, where such a frame is an error).
     */
    int decode(ByteSource in, long[] dst, int n, int[] codes, Parents parents) throws CorruptDataException {
        ByteSource p = framePayload(in, n);
        ColumnEncoding enc = currentEncoding;
        int range = enc == ColumnEncoding.DEPENDENT
                ? decodeDependent(p, dst, n, codes, parents)
                : decodePayload(enc, p, dst, n, codes);
        if (p.remaining() != 0) {
            throw new CorruptDataException(enc + " column has " + p.remaining() + " trailing bytes");
        }
        return range;
    }

    /** Numbers the rows' addresses of a block's address column for its DEPENDENT columns. */
    interface Parents {
        /**
         * The numbering of the addresses in schema column {@code column} (the high word's column) of the block
         * being decoded, or a CorruptDataException when the column being decoded cannot depend on that one or it
         * was not decoded before it.
         */
        AddressNumbering numbering(int column) throws CorruptDataException;
    }

    private long[] dependentValues = new long[1024];
    private int[] dependentCodes = new int[1024];

    /** DEPENDENT: the inner payload holds one value per distinct parent address; each row takes its address's. */
    private int decodeDependent(ByteSource p, long[] dst, int n, int[] codes, Parents parents)
            throws CorruptDataException {
        if (parents == null) {
            throw new CorruptDataException("dependent column outside a block");
        }
        AddressNumbering numbering = parents.numbering(p.getVarInt(Integer.MAX_VALUE));
        int d = p.getVarInt(Math.max(1, n));
        if (d != numbering.distinct()) {
            throw new CorruptDataException("dependent column has " + d + " values for " + numbering.distinct() + " addresses");
        }
        ColumnEncoding inner = ColumnEncoding.byId(p.getByte());
        if (inner == ColumnEncoding.DEPENDENT) {
            throw new CorruptDataException("dependent column inside a dependent column");
        }
        if (dependentValues.length < d) {
            dependentValues = new long[Math.max(d, dependentValues.length * 2)];
            dependentCodes = new int[dependentValues.length];
        }
        long[] values = dependentValues;
        int[] valueCodes = codes == null ? null : dependentCodes;
        int range = decodePayload(inner, p, values, d, valueCodes);
        int[] number = numbering.rows();
        for (int i = 0; i < n; i++) {
            dst[i] = values[number[i]];
        }
        if (range > 0) {
            for (int i = 0; i < n; i++) {
                codes[i] = valueCodes[number[i]];
            }
        }
        return range;
    }

    /** Decodes a payload of any encoding but DEPENDENT; returns the dictionary size when codes were written, else 0. */
    private int decodePayload(ColumnEncoding enc, ByteSource p, long[] dst, int n, int[] codes) throws CorruptDataException {
        int range = 0;
        switch (enc) {
            case CONST -> {
                java.util.Arrays.fill(dst, 0, n, p.getZigZag());
                if (codes != null) {
                    java.util.Arrays.fill(codes, 0, n, 0);
                    range = 1;
                }
            }
            case FOR -> {
                long min = p.getZigZag();
                int width = width(p);
                readPlanes(p, dst, 0, n, width, min);
            }
            case DELTA_FOR -> {
                if (n == 0) {
                    throw new CorruptDataException("delta column with no rows");
                }
                long v0 = p.getZigZag();
                long dmin = p.getZigZag();
                int width = width(p);
                readPlanes(p, dst, 1, n, width, 0);
                dst[0] = v0;
                for (int i = 1; i < n; i++) {
                    dst[i] += dst[i - 1] + dmin;
                }
            }
            case VARINT -> {
                readVarints(p, dst, 0, n, p.getZigZag(), false);
            }
            case DELTA_VARINT -> {
                if (n == 0) {
                    throw new CorruptDataException("delta column with no rows");
                }
                dst[0] = p.getZigZag();
                readVarints(p, dst, 1, n, 0, true);
            }
            case DICT -> range = decodeDict(p, dst, n, codes);
            case PACKED_DICT -> range = decodePackedDict(p, dst, n, codes);
            default -> throw new CorruptDataException("unhandled encoding " + enc);
        }
        return range;
    }

    private int decodeDict(ByteSource p, long[] dst, int n, int[] codes) throws CorruptDataException {
        int d = readDictionary(p, n);
        int width = width(p);
        if (width <= 2) {
            decodeNarrowDict(p, dst, n, d, width, codes);
            return codes == null ? 0 : d;
        }
        readPlanes(p, dst, 0, n, width, 0);
        for (int i = 0; i < n; i++) {
            long ix = dst[i];
            if (ix >= d || ix < 0) {
                throw new CorruptDataException("dictionary index " + ix + " of " + d);
            }
            if (codes != null) {
                codes[i] = (int) ix;
            }
            dst[i] = dict[(int) ix];
        }
        return codes == null ? 0 : d;
    }

    /**
     * DICT with one- or two-byte indexes, looked up as they are read: the dictionary array is grown to every
     * index the width can hold, so a bad index reads a stale slot in bounds and is rejected after the loop.
     * With {@code codes}, each row's index is kept there too (the test on it is the same for every row, so the
     * JIT compiles a loop without it for the common case).
     */
    private void decodeNarrowDict(ByteSource p, long[] dst, int n, int d, int width, int[] codes)
            throws CorruptDataException {
        if (dict.length < 1 << (8 * width)) {
            dict = java.util.Arrays.copyOf(dict, 1 << (8 * width));
        }
        long[] values = dict;
        int at = p.take(n * width);
        byte[] b = p.array();
        int maxIndex = 0;
        if (width == 1) {
            for (int i = 0; i < n; i++) {
                int ix = b[at + i] & 0xFF;
                maxIndex = Math.max(maxIndex, ix);
                dst[i] = values[ix];
                if (codes != null) {
                    codes[i] = ix;
                }
            }
        } else {
            int lo = at + n;
            for (int i = 0; i < n; i++) {
                int ix = ((b[at + i] & 0xFF) << 8) | (b[lo + i] & 0xFF);
                maxIndex = Math.max(maxIndex, ix);
                dst[i] = values[ix];
                if (codes != null) {
                    codes[i] = ix;
                }
            }
        }
        if (maxIndex >= d) {
            throw new CorruptDataException("dictionary index " + maxIndex + " of " + d);
        }
    }

    /** PACKED_DICT: the dictionary, then {@code bits}-wide indexes packed little-endian, low bits first. */
    private int decodePackedDict(ByteSource p, long[] dst, int n, int[] codes) throws CorruptDataException {
        int d = readDictionary(p, n);
        int bits = p.getByte();
        if (bits < 1 || bits > DictionaryEncoder.PACKED_MAX_BITS) {
            throw new CorruptDataException("packed index width " + bits);
        }
        if (dict.length < 1 << bits) {
            dict = java.util.Arrays.copyOf(dict, 1 << bits); // every index a width can hold reads in bounds
        }
        int len = (int) (((long) n * bits + 7) / 8);
        int at = p.take(len);
        byte[] b = p.array();
        long[] values = dict;
        int mask = (1 << bits) - 1;
        int maxIndex = 0;
        int i = 0;
        if (64 % bits == 0) {
            // widths 1, 2, 4, 8 (protocol, flags, masks): whole words of the payload hold 64 / bits indexes each,
            // so one load serves them all and no index straddles two words
            int per = 64 / bits;
            int words = n / per;
            for (int w = 0; w < words; w++) {
                long x = (long) DictionaryEncoder.LONG_LE.get(b, at + 8 * w);
                int row = w * per;
                for (int j = 0; j < per; j++) {
                    int ix = (int) (x >>> (j * bits)) & mask;
                    maxIndex = Math.max(maxIndex, ix);
                    dst[row + j] = values[ix];
                    if (codes != null) {
                        codes[row + j] = ix;
                    }
                }
            }
            i = words * per;
        }
        // while 8 bytes can be loaded from the array, each index is one unaligned little-endian load and a shift
        long bit = (long) i * bits;
        int fastEnd = b.length - 8;
        for (; i < n; i++, bit += bits) {
            int byteAt = at + (int) (bit >>> 3);
            if (byteAt > fastEnd) {
                break;
            }
            int ix = (int) ((long) DictionaryEncoder.LONG_LE.get(b, byteAt) >>> (bit & 7)) & mask;
            maxIndex = Math.max(maxIndex, ix);
            dst[i] = values[ix]; // values has 2^bits slots, so a bad index reads a stale value: rejected below
            if (codes != null) {
                codes[i] = ix;
            }
        }
        for (; i < n; i++, bit += bits) {
            int byteAt = at + (int) (bit >>> 3);
            long word = 0;
            for (int k = 0; k < 3 && byteAt + k < at + len; k++) {
                word |= (long) (b[byteAt + k] & 0xFF) << (8 * k);
            }
            int ix = (int) (word >>> (bit & 7)) & mask;
            maxIndex = Math.max(maxIndex, ix);
            dst[i] = values[ix];
            if (codes != null) {
                codes[i] = ix;
            }
        }
        if (maxIndex >= d) {
            throw new CorruptDataException("dictionary index " + maxIndex + " of " + d);
        }
        return codes == null ? 0 : d;
    }

    /** Reads {@code varint d} (1..max(1, n)) and the ascending distinct values into dict[0..d); returns d. */
    private int readDictionary(ByteSource p, int n) throws CorruptDataException {
        int d = p.getVarInt(Math.max(1, n));
        if (d == 0) {
            throw new CorruptDataException("empty dictionary");
        }
        if (dict.length < d) {
            dict = new long[Math.max(d, dict.length * 2)];
        }
        long x = p.getZigZag();
        dict[0] = x;
        for (int k = 1; k < d; k++) {
            x += p.getVarLong() + 1;
            dict[k] = x;
        }
        return d;
    }

    private long[] dict = new long[1024];

    /** Skips the next frame of {@code in} without decoding it (a column this build does not know). */
    public static void skip(ByteSource in) throws CorruptDataException {
        int head = in.getByte();
        int stored = in.getVarInt(Integer.MAX_VALUE);
        if ((head & ColumnEncoding.COMPRESSED_FLAG) != 0) {
            in.getVarLong();
        }
        in.take(stored);
    }

    private ColumnEncoding currentEncoding;

    private ByteSource framePayload(ByteSource in, int n) throws CorruptDataException {
        int head = in.getByte();
        currentEncoding = ColumnEncoding.byId(head & ~ColumnEncoding.COMPRESSED_FLAG);
        // a raw payload is at most 10 bytes per row plus three header values
        int maxRaw = n * 10 + 32;
        int stored = in.getVarInt(maxRaw);
        if ((head & ColumnEncoding.COMPRESSED_FLAG) == 0) {
            int at = in.take(stored);
            return payload.wrap(in.array(), at, stored);
        }
        int rawLen = in.getVarInt(maxRaw);
        int at = in.take(stored);
        if (unpacked.length < rawLen) {
            unpacked = new byte[Math.max(rawLen, unpacked.length * 2)];
        }
        int got;
        try {
            got = zstd.decompressByteArray(unpacked, 0, rawLen, in.array(), at, stored);
        } catch (ZstdException e) {
            throw new CorruptDataException("zstd: " + e.getMessage());
        }
        if (got != rawLen) {
            throw new CorruptDataException("zstd gave " + got + " bytes, frame says " + rawLen);
        }
        return payload.wrap(unpacked, 0, rawLen);
    }

    private static int width(ByteSource p) throws CorruptDataException {
        int w = p.getByte();
        if (w < 1 || w > 8) {
            throw new CorruptDataException("byte-plane width " + w);
        }
        return w;
    }

    private static void readPlanes(ByteSource p, long[] dst, int from, int n, int width, long add)
            throws CorruptDataException {
        int at = p.take((n - from) * width);
        BytePlanes.read(p.array(), at, dst, from, n, width, add);
    }

    /**
     * Reads {@code n - from} unsigned varints into {@code dst[from..n)}, adding {@code base}; when {@code delta},
     * values are zigzag deltas from the previous row.
     */
    private static void readVarints(ByteSource p, long[] dst, int from, int n, long base, boolean delta)
            throws CorruptDataException {
        int pos = p.position();
        int end = VarintDecoder.read(p.array(), pos, pos + p.remaining(), dst, from, n, delta ? 0 : base);
        if (delta) {
            for (int k = from; k < n; k++) {
                long v = dst[k];
                dst[k] = dst[k - 1] + ((v >>> 1) ^ -(v & 1));
            }
        }
        p.take(end - pos);
    }

    @Override
    public void close() {
        zstd.close();
    }
}
