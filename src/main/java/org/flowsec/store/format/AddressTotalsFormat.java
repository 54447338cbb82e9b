package org.flowsec.store.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Field;

/**
 * The address totals of a sealed segment ({@link AddressTotals}, source and destination side), stored between
 * the last block and the footer as one zstd frame; the footer's ADDRESS_TOTALS section says where
 * ({@link Ref}). Read only by the queries that use them, so the footer every query reads stays small.
 *
 * <pre>
 * raw  := u8 sides (bit 0: source present, bit 1: destination present), then per present side, source first:
 *         varint length of the side's bytes, side (so that a reader wanting one side skips the other)
 * side := varint entries n, zigzag base (the earliest first of the side), then column after column, each of n
 *         values in ascending (hi, lo) order (signed):
 *           zigzag(hi - previous hi) (previous: 0 for the first entry)
 *           zigzag(lo - previous lo) (previous: 0 for the first entry and where hi changed from the previous)
 *           varint flows (at least 1), varint packets, varint bytes,
 *           varint(first - base), zigzag(last - first)
 * </pre>
 * Column after column, because zstd finds more in runs of like values than in rows of unlike ones: on
 * realistic flows this frame is about a fifth smaller than with the values of an entry together.
 * A side is absent when it had more distinct addresses than the writer keeps.
 */
public final class AddressTotalsFormat {
    /** The largest raw payload a reader accepts: a bound on the memory a damaged footer can ask for. */
    public static final int MAX_RAW = 256 << 20;
    /** The fewest raw bytes an entry takes (seven one-byte varints). */
    private static final int MIN_ENTRY = 7;

    /** Where the frame lies in the file, its checksum and its decompressed length. */
    public record Ref(long offset, int length, int crc32c, int rawLength) {}

    private AddressTotalsFormat() {}

    /** The raw payload of the two sides (either may be null), before compression. */
    public static ByteSink raw(AddressTotals source, AddressTotals destination) {
        ByteSink out = new ByteSink(1 << 16);
        out.putByte((source != null ? 1 : 0) | (destination != null ? 2 : 0));
        ByteSink side = new ByteSink(1 << 16);
        for (AddressTotals t : new AddressTotals[] {source, destination}) {
            if (t == null) {
                continue;
            }
            side.reset();
            writeSide(t, side);
            out.putVarLong(side.size());
            out.putSink(side);
        }
        return out;
    }

    private static void writeSide(AddressTotals t, ByteSink out) {
        int n = t.size();
        long base = Long.MAX_VALUE;
        for (long f : t.first()) {
            base = Math.min(base, f);
        }
        out.putVarLong(n);
        out.putZigZag(n == 0 ? 0 : base);
        for (int e = 0; e < n; e++) {
            out.putZigZag(t.hi()[e] - (e == 0 ? 0 : t.hi()[e - 1]));
        }
        for (int e = 0; e < n; e++) {
            boolean sameHi = e > 0 && t.hi()[e] == t.hi()[e - 1];
            out.putZigZag(t.lo()[e] - (sameHi ? t.lo()[e - 1] : 0));
        }
        for (long[] column : new long[][] {t.flows(), t.packets(), t.bytes()}) {
            for (int e = 0; e < n; e++) {
                out.putVarLong(column[e]);
            }
        }
        for (int e = 0; e < n; e++) {
            out.putVarLong(t.first()[e] - base);
        }
        for (int e = 0; e < n; e++) {
            out.putZigZag(t.last()[e] - t.first()[e]);
        }
    }

    /** {@code raw} compressed as one zstd frame. */
    public static byte[] compress(ByteSink raw, int level) {
        byte[] exact = raw.toByteArray();
        return Zstd.compress(exact, level);
    }

    /**
     * Decompresses and parses a frame whose checksum the caller has verified; bounds, order and counts are
     * still checked. Returns {source, destination}, null where a side is absent.
     */
    public static AddressTotals[] read(byte[] frame, int length, int rawLength) throws CorruptDataException {
        return read(frame, length, rawLength, true, true);
    }

    /** {@link #read(byte[], int, int)} parsing only the sides asked for; the others come back null. */
    public static AddressTotals[] read(byte[] frame, int length, int rawLength, boolean source, boolean destination)
            throws CorruptDataException {
        if (rawLength < 1 || rawLength > MAX_RAW) {
            throw new CorruptDataException("address totals of " + rawLength + " bytes");
        }
        byte[] raw = new byte[rawLength];
        long got;
        try {
            got = Zstd.decompressByteArray(raw, 0, rawLength, frame, 0, length);
        } catch (ZstdException e) {
            throw new CorruptDataException("address totals: zstd: " + e.getMessage());
        }
        if (Zstd.isError(got) || got != rawLength) {
            throw new CorruptDataException("address totals: zstd gave " + got + " bytes, footer says " + rawLength);
        }
        ByteSource in = new ByteSource(raw, 0, rawLength);
        int sides = in.getByte();
        if ((sides & ~3) != 0) {
            throw new CorruptDataException("address totals: unknown sides " + sides);
        }
        AddressTotals[] out = new AddressTotals[2];
        for (int s = 0; s < 2; s++) {
            if ((sides & (1 << s)) != 0) {
                int bytes = in.getVarInt(in.remaining());
                int at = in.take(bytes);
                if (s == 0 ? source : destination) {
                    ByteSource side = new ByteSource(raw, at, bytes);
                    out[s] = readSide(side, s == 0 ? Field.SRC_ADDR : Field.DST_ADDR);
                    if (side.remaining() != 0) {
                        throw new CorruptDataException("address totals: " + side.remaining() + " bytes after a side");
                    }
                }
            }
        }
        if (in.remaining() != 0) {
            throw new CorruptDataException("address totals: " + in.remaining() + " bytes after the last entry");
        }
        return out;
    }

    /** Reads {@code dst.length} varints at the source's position, each plus {@code base}, and moves past them. */
    private static void column(ByteSource in, long[] dst, long base) throws CorruptDataException {
        int pos = in.position();
        int end = VarintDecoder.read(in.array(), pos, pos + in.remaining(), dst, 0, dst.length, base);
        in.take(end - pos);
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static AddressTotals readSide(ByteSource in, Field side) throws CorruptDataException {
        int n = in.getVarInt(in.remaining() / MIN_ENTRY);
        long[] hi = new long[n];
        long[] lo = new long[n];
        long[] flows = new long[n];
        long[] packets = new long[n];
        long[] bytes = new long[n];
        long[] first = new long[n];
        long[] last = new long[n];
        long base = in.getZigZag();
        // whole columns through the word-at-a-time varint reader, then the deltas and checks in plain loops
        column(in, hi, 0);
        column(in, lo, 0);
        column(in, flows, 0);
        column(in, packets, 0);
        column(in, bytes, 0);
        column(in, first, base);
        column(in, last, 0);
        for (int e = 0; e < n; e++) {
            hi[e] = (e == 0 ? 0 : hi[e - 1]) + unZigZag(hi[e]);
        }
        for (int e = 0; e < n; e++) {
            boolean sameHi = e > 0 && hi[e] == hi[e - 1];
            lo[e] = (sameHi ? lo[e - 1] : 0) + unZigZag(lo[e]);
            if (e > 0 && (hi[e] < hi[e - 1] || (sameHi && lo[e] <= lo[e - 1]))) {
                throw new CorruptDataException("address totals: entry " + e + " out of order");
            }
            if (flows[e] < 1) {
                throw new CorruptDataException("address totals: entry " + e + " has " + flows[e] + " flows");
            }
            last[e] = first[e] + unZigZag(last[e]);
        }
        return new AddressTotals(side, hi, lo, flows, packets, bytes, first, last);
    }
}
