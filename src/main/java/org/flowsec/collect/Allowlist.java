package org.flowsec.collect;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Addresses;

/**
 * The exporters we accept datagrams from, as IPv4 and IPv6 prefixes ({@code 192.0.2.0/24},
 * {@code 2001:db8::/32}, or a bare address). UDP source addresses are trivially spoofed, so a collector
 * reachable from untrusted networks should list its exporters. An empty list accepts everyone.
 * Immutable and thread-safe: receive threads (forwarding) and the decode thread share one.
 */
public final class Allowlist {
    /** Accepts every source. */
    public static final Allowlist ANY = new Allowlist(List.of());

    private final List<String> prefixes;
    private final long[] hi;
    private final long[] lo;
    private final long[] maskHi;
    private final long[] maskLo;

    private Allowlist(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        int n = prefixes.size();
        hi = new long[n];
        lo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        for (int i = 0; i < n; i++) {
            parseInto(i, prefixes.get(i));
        }
    }

    /** Parses prefixes such as {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code 2001:db8::/32}, {@code ::1}. */
    public static Allowlist of(List<String> prefixes) {
        return prefixes.isEmpty() ? ANY : new Allowlist(new ArrayList<>(prefixes));
    }

    private void parseInto(int i, String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        InetAddress a = Addresses.parse(slash < 0 ? t : t.substring(0, slash));
        boolean v4 = a instanceof Inet4Address;
        int maxBits = v4 ? 32 : 128;
        int bits;
        try {
            bits = slash < 0 ? maxBits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in allowlist entry '" + text + "'");
        }
        if (bits < 0 || bits > maxBits) {
            throw new IllegalArgumentException("prefix length " + bits + " outside 0.." + maxBits + " in '" + text + "'");
        }
        int bits128 = v4 ? 96 + bits : bits; // IPv4 lives IPv4-mapped in the low word
        maskHi[i] = mask(Math.min(bits128, 64));
        maskLo[i] = mask(Math.max(bits128 - 64, 0));
        hi[i] = Addresses.hi(a) & maskHi[i];
        lo[i] = Addresses.lo(a) & maskLo[i];
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : -1L << (64 - bits);
    }

    /** True when the address (two words, IPv4-mapped for IPv4) lies in one of the prefixes, or the list is empty. */
    public boolean allows(long addrHi, long addrLo) {
        int n = hi.length;
        if (n == 0) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if ((addrHi & maskHi[i]) == hi[i] && (addrLo & maskLo[i]) == lo[i]) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() { return hi.length == 0; }

    public List<String> prefixes() { return prefixes; }
}
