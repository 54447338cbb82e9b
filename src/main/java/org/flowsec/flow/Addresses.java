package org.flowsec.flow;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses as two longs (the high and low 64 bits of an IPv6 address). IPv4 addresses are held
 * IPv4-mapped ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2) so one comparison covers both families.
 */
public final class Addresses {
    /** The low word of an IPv4-mapped address without the IPv4 part. */
    public static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private Addresses() {}

    public static long v4Low(int ipv4) {
        return V4_MAPPED_PREFIX | (ipv4 & 0xFFFF_FFFFL);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_PREFIX;
    }

    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            return formatV4((int) lo);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952: the longest run (first on ties) of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    public static String formatV4(int v4) {
        return ((v4 >>> 24) & 0xFF) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF) + "." + (v4 & 0xFF);
    }

    /** The most bytes {@link #appendText} writes: eight groups of four hex digits and seven colons. */
    public static final int MAX_TEXT = 39;

    /**
     * Writes {@link #format(long, long)}'s text as ASCII into {@code dst} at {@code at} (room for
     * {@link #MAX_TEXT} bytes needed) and returns the index after it; allocates nothing, for printing millions
     * of rows. The same rules: IPv4-mapped as a dotted quad, else RFC 5952 with the first longest run of two or
     * more zero groups as "::" and lower-case hex without leading zeros.
     */
    public static int appendText(byte[] dst, int at, long hi, long lo) {
        // small, so that the JIT inlines it and the IPv4 path into the caller; IPv6 is a call
        return isV4(hi, lo) ? appendV4(dst, at, (int) lo) : appendV6(dst, at, hi, lo);
    }

    private static int appendV4(byte[] dst, int at, int v4) {
        int p = appendOctet(dst, at, (v4 >>> 24) & 0xFF);
        dst[p++] = '.';
        p = appendOctet(dst, p, (v4 >>> 16) & 0xFF);
        dst[p++] = '.';
        p = appendOctet(dst, p, (v4 >>> 8) & 0xFF);
        dst[p++] = '.';
        return appendOctet(dst, p, v4 & 0xFF);
    }

    private static int appendV6(byte[] dst, int at, long hi, long lo) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && group(hi, lo, j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        int p = at;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                dst[p++] = ':';
                dst[p++] = ':';
                i += bestLen - 1;
                continue;
            }
            if (p > at && dst[p - 1] != ':') {
                dst[p++] = ':';
            }
            int g = group(hi, lo, i);
            for (int shift = g == 0 ? 0 : (31 - Integer.numberOfLeadingZeros(g)) & ~3; shift >= 0; shift -= 4) {
                dst[p++] = (byte) HEX[(g >>> shift) & 0xF];
            }
        }
        return p;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Group {@code i} (0..7, most significant first) of the address's eight 16-bit groups. */
    private static int group(long hi, long lo, int i) {
        return (int) ((i < 4 ? hi : lo) >>> (48 - 16 * (i & 3))) & 0xFFFF;
    }

    /** Decimal text of 0..255, four bytes each: up to three digits, then their count. */
    private static final byte[] OCTETS = new byte[256 * 4];

    static {
        for (int v = 0; v < 256; v++) {
            String t = Integer.toString(v);
            for (int i = 0; i < t.length(); i++) {
                OCTETS[4 * v + i] = (byte) t.charAt(i);
            }
            OCTETS[4 * v + 3] = (byte) t.length();
        }
    }

    /** Writes the octet's digits; always stores three bytes (the room is there) so that no branch is needed. */
    private static int appendOctet(byte[] dst, int at, int v) {
        int o = 4 * v;
        dst[at] = OCTETS[o];
        dst[at + 1] = OCTETS[o + 1];
        dst[at + 2] = OCTETS[o + 2];
        return at + OCTETS[o + 3];
    }

    /** High word of an InetAddress (0 for IPv4). */
    public static long hi(InetAddress a) {
        if (a instanceof Inet4Address) {
            return 0;
        }
        byte[] b = a.getAddress();
        return word(b, 0);
    }

    /** Low word of an InetAddress (IPv4-mapped for IPv4). */
    public static long lo(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return v4Low(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        return word(b, 8);
    }

    /** Parses a literal IPv4 or IPv6 address (no name lookup). */
    public static InetAddress parse(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.matches("[0-9a-fA-F:.%A-Za-z0-9]+") || (!t.contains(":") && !t.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            InetAddress a = InetAddress.getByName(t);
            if (a instanceof Inet6Address || a instanceof Inet4Address) {
                return a;
            }
        } catch (UnknownHostException e) {
            // fall through
        }
        throw new IllegalArgumentException("not an IP address: " + text);
    }

    private static long word(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
