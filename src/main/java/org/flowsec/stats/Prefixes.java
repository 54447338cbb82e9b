package org.flowsec.stats;

/**
 * Address prefix masks on the two-word address layout of {@code flow.Addresses} (restated here because
 * stats may not import flow): an address is {@code hi} and {@code lo}, the high and low 64 bits of an IPv6
 * address; IPv4 {@code a.b.c.d} is held IPv4-mapped, {@code hi = 0}, {@code lo = 0x0000FFFF_aabbccdd}.
 *
 * <pre>
 *  0                   63 64               95 96               127
 * +----------------------+-------------------+-------------------+
 * |   hi (0 for IPv4)    | 0000 0000 FFFF    |   IPv4 a.b.c.d    |
 * +----------------------+-------------------+-------------------+
 *                         &lt;------------------ lo ----------------&gt;
 * </pre>
 *
 * nfdump's {@code -A srcip4/24,srcip6/48}: an IPv4 prefix masks only the IPv4 bits, an IPv6 prefix the
 * 128 bits; an aggregation with only one of them leaves addresses of the other family whole.
 */
public final class Prefixes {
    /** The low word of an IPv4-mapped address without its IPv4 part. */
    public static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;
    private static final long V4_MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;

    private Prefixes() {}

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & V4_MAPPED_MASK) == V4_MAPPED;
    }

    /** The high word of the address masked to {@code v4Bits} (0..32) or {@code v6Bits} (0..128). */
    public static long maskHi(long hi, long lo, int v4Bits, int v6Bits) {
        check(v4Bits, v6Bits);
        if (isV4(hi, lo)) {
            return hi;
        }
        return v6Bits >= 64 ? hi : v6Bits == 0 ? 0 : hi & (-1L << (64 - v6Bits));
    }

    /** The low word of the address masked to {@code v4Bits} (0..32) or {@code v6Bits} (0..128). */
    public static long maskLo(long hi, long lo, int v4Bits, int v6Bits) {
        check(v4Bits, v6Bits);
        if (isV4(hi, lo)) {
            return v4Bits == 0 ? V4_MAPPED : lo & (V4_MAPPED_MASK | ((-1L << (32 - v4Bits)) & 0xFFFF_FFFFL));
        }
        if (v6Bits <= 64) {
            return 0;
        }
        return v6Bits == 128 ? lo : lo & (-1L << (128 - v6Bits));
    }

    private static void check(int v4Bits, int v6Bits) {
        if (v4Bits < 0 || v4Bits > 32 || v6Bits < 0 || v6Bits > 128) {
            throw new IllegalArgumentException("prefix lengths are 0..32 for IPv4 and 0..128 for IPv6, not /"
                    + v4Bits + " and /" + v6Bits);
        }
    }
}
