package org.flowsec.query;

import java.time.Instant;
import java.util.Locale;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.stats.Prefixes;

/**
 * One element of a {@code --by} list: a catalog field, an either-side key ({@code ip}, {@code port},
 * {@code as}, {@code if}: the flow counts once for its source and once for its destination value, as
 * nfdump {@code -s ip}), {@code pair} (source and destination address) or an address prefix
 * ({@code srcip4/24}, {@code dstip6/48}, nfdump {@code -A}).
 *
 * @param name the text as written in {@code --by}, used as column name
 * @param src the field read (the source side for either-side keys and pairs)
 * @param dst the destination-side field of an either-side key or pair, else null
 * @param v4Bits IPv4 prefix length kept by a prefix key (32 otherwise)
 * @param v6Bits IPv6 prefix length kept by a prefix key (128 otherwise)
 */
public record KeyPart(String name, Kind kind, Field src, Field dst, int v4Bits, int v6Bits) {
    /** How the part reads a flow. */
    public enum Kind { FIELD, EITHER, PAIR, PREFIX }

    /** Parses one key; throws {@link IllegalArgumentException} with what is accepted. */
    public static KeyPart parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "ip" -> { return new KeyPart(t, Kind.EITHER, Field.SRC_ADDR, Field.DST_ADDR, 32, 128); }
            case "port" -> { return new KeyPart(t, Kind.EITHER, Field.SRC_PORT, Field.DST_PORT, 32, 128); }
            case "as" -> { return new KeyPart(t, Kind.EITHER, Field.SRC_AS, Field.DST_AS, 32, 128); }
            case "if" -> { return new KeyPart(t, Kind.EITHER, Field.IN_IF, Field.OUT_IF, 32, 128); }
            case "mask" -> { return new KeyPart(t, Kind.EITHER, Field.SRC_MASK, Field.DST_MASK, 32, 128); }
            case "pair" -> { return new KeyPart(t, Kind.PAIR, Field.SRC_ADDR, Field.DST_ADDR, 32, 128); }
            default -> { }
        }
        if (t.matches("(src|dst)ip[46]/\\d{1,3}")) {
            Field f = t.startsWith("src") ? Field.SRC_ADDR : Field.DST_ADDR;
            int bits = Integer.parseInt(t.substring(t.indexOf('/') + 1));
            boolean v4 = t.charAt(5) == '4';
            if (bits > (v4 ? 32 : 128)) {
                throw new IllegalArgumentException("bad key '" + text + "': an IPv" + (v4 ? "4" : "6")
                        + " prefix is /0 to /" + (v4 ? 32 : 128));
            }
            return new KeyPart(t, Kind.PREFIX, f, null, v4 ? bits : 32, v4 ? 128 : bits);
        }
        Field f = Field.byName(t);
        if (f == null) {
            throw new IllegalArgumentException("unknown key '" + text + "': use a field (" + Field.catalogNames()
                    + "), ip, port, as, if, mask, pair, or a prefix like srcip4/24, dstip6/48");
        }
        return new KeyPart(t, Kind.FIELD, f, null, 32, 128);
    }

    /** Long words this part adds to the key: 1 per plain field, 2 per address, 4 for a pair. */
    public int words() {
        return switch (kind) {
            case FIELD, EITHER -> src.width();
            case PAIR -> 4;
            case PREFIX -> 2;
        };
    }

    /** Column names this part prints: its name, or src_addr and dst_addr for a pair. */
    public String[] columns() {
        return kind == Kind.PAIR ? new String[] {"src_addr", "dst_addr"} : new String[] {name};
    }

    /**
     * Writes this part's words for one row into {@code key} at {@code at}; returns the next offset.
     * {@code side} 1 reads the destination of an either-side key; {@code swap} reads every source field's
     * destination counterpart and back (bidirectional aggregation).
     */
    int extract(FlowBatch b, int row, int side, boolean swap, long[] key, int at) {
        switch (kind) {
            case EITHER -> {
                return put(b, side == 0 ? src : dst, row, key, at);
            }
            case PAIR -> {
                at = put(b, swap ? dst : src, row, key, at);
                return put(b, swap ? src : dst, row, key, at);
            }
            case PREFIX -> {
                Field f = swap ? Sides.other(src) : src;
                long hi = b.hi(f, row);
                long lo = b.lo(f, row);
                key[at] = Prefixes.maskHi(hi, lo, v4Bits, v6Bits);
                key[at + 1] = Prefixes.maskLo(hi, lo, v4Bits, v6Bits);
                return at + 2;
            }
            default -> {
                return put(b, swap ? Sides.other(src) : src, row, key, at);
            }
        }
    }

    /**
     * {@link #extract} for many rows at once, read as stored (not swapped): entry j, for row
     * {@code rows[j]}, gets word {@code at + i} of this part in {@code out[at + i][offset + j]}. A loop per
     * column instead of a dispatch per row and word. Returns the next word offset.
     */
    int extractColumns(FlowBatch b, int[] rows, int n, int side, long[][] out, int offset, int at) {
        switch (kind) {
            case EITHER -> {
                return putColumn(b, side == 0 ? src : dst, rows, n, out, offset, at);
            }
            case PAIR -> {
                at = putColumn(b, src, rows, n, out, offset, at);
                return putColumn(b, dst, rows, n, out, offset, at);
            }
            case PREFIX -> {
                long[] hi = b.slot(src.slot());
                long[] lo = b.slot(src.slot() + 1);
                long[] outHi = out[at];
                long[] outLo = out[at + 1];
                for (int j = 0; j < n; j++) {
                    int r = rows[j];
                    long h = hi[r];
                    long l = lo[r];
                    outHi[offset + j] = Prefixes.maskHi(h, l, v4Bits, v6Bits);
                    outLo[offset + j] = Prefixes.maskLo(h, l, v4Bits, v6Bits);
                }
                return at + 2;
            }
            default -> {
                return putColumn(b, src, rows, n, out, offset, at);
            }
        }
    }

    private static int putColumn(FlowBatch b, Field f, int[] rows, int n, long[][] out, int offset, int at) {
        int words = f.isAddress() ? 2 : 1;
        for (int w = 0; w < words; w++) {
            long[] in = b.slot(f.slot() + w);
            long[] o = out[at + w];
            for (int j = 0; j < n; j++) {
                o[offset + j] = in[rows[j]];
            }
        }
        return at + words;
    }

    private static int put(FlowBatch b, Field f, int row, long[] key, int at) {
        if (f.isAddress()) {
            key[at] = b.hi(f, row);
            key[at + 1] = b.lo(f, row);
            return at + 2;
        }
        key[at] = b.get(f, row);
        return at + 1;
    }

    /** Appends the text of this part's value(s) from key words starting at {@code at}; returns the next offset. */
    int text(long[] key, int at, String[] out, int col) {
        switch (kind) {
            case PAIR -> {
                out[col] = Addresses.format(key[at], key[at + 1]);
                out[col + 1] = Addresses.format(key[at + 2], key[at + 3]);
                return at + 4;
            }
            case PREFIX -> {
                boolean v4 = Addresses.isV4(key[at], key[at + 1]);
                out[col] = Addresses.format(key[at], key[at + 1]) + "/" + (v4 ? v4Bits : v6Bits);
                return at + 2;
            }
            default -> {
                if (src.isAddress()) {
                    out[col] = Addresses.format(key[at], key[at + 1]);
                    return at + 2;
                }
                out[col] = src.kind() == Field.Kind.TIME ? Instant.ofEpochMilli(key[at]).toString()
                        : Long.toString(key[at]);
                return at + 1;
            }
        }
    }
}
