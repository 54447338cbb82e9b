package org.flowsec.detect;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.query.filter.Prefix;
import org.flowsec.query.filter.PrefixSet;

/**
 * A list of prefixes written in the config ({@code [10.0.0.0/8, 2001:db8::/32, 192.0.2.7]}) and its lookup.
 * Detectors ask it twice per flow (is the source home? the destination?), so IPv4 is answered by one array read
 * per /16 — in, out, or "ask the set" when a prefix longer than /16 cuts through it; the general lookup (a binary
 * search per prefix length) was a quarter of a detector's time. IPv6 is answered the same way per top 16 bits
 * (a /16 of the IPv6 space), so border traffic's global IPv6 addresses never reach the set either.
 */
public final class PrefixList {
    private static final byte OUT = 0;
    private static final byte IN = 1;
    private static final byte ASK = 2;

    private final List<Prefix> prefixes;
    private final PrefixSet set;
    /** Per IPv4 /16: OUT, IN or ASK; null for an empty list. */
    private final byte[] v4;
    /** Per top 16 bits of an IPv6 address that is not IPv4-mapped: OUT, IN or ASK; null for an empty list. */
    private final byte[] v6;

    private PrefixList(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        this.set = new PrefixSet(this.prefixes);
        this.v4 = this.prefixes.isEmpty() ? null : v4Table(this.prefixes);
        this.v6 = this.prefixes.isEmpty() ? null : v6Table(this.prefixes);
    }

    /** By the top 16 bits of the address; IPv4-mapped prefixes (under ::/16) make entry 0 ASK like any long one. */
    private static byte[] v6Table(List<Prefix> prefixes) {
        byte[] t = new byte[65536];
        for (Prefix p : prefixes) {
            mark(t, (int) (p.hi() >>> 48), p.length());
        }
        return t;
    }

    /**
     * Marks a prefix of {@code len} bits whose top 16 bits are {@code first}: up to 16 bits, every entry it covers
     * is IN; longer, its one entry must ASK the full search (unless a shorter prefix made it IN).
     */
    private static void mark(byte[] t, int first, int len) {
        if (len > 16) {
            if (t[first] == OUT) {
                t[first] = ASK;
            }
        } else {
            int span = 1 << (16 - len);
            int base = first & ~(span - 1);
            java.util.Arrays.fill(t, base, base + span, IN);
        }
    }

    private static byte[] v4Table(List<Prefix> prefixes) {
        byte[] t = new byte[65536];
        for (Prefix p : prefixes) {
            if (!p.isV4()) {
                if (p.length() <= 96 && p.contains(0, Addresses.V4_MAPPED_PREFIX)) {
                    java.util.Arrays.fill(t, IN); // an IPv6 prefix that holds all of IPv4 (::/0, ::ffff:0:0/96)
                }
                continue;
            }
            mark(t, (int) (p.lo() >>> 16) & 0xFFFF, p.length() - 96);
        }
        return t;
    }

    /** Parses each entry; an invalid one throws IllegalArgumentException naming {@code what} and the entry. */
    public static PrefixList parse(String what, List<String> texts) {
        List<Prefix> out = new ArrayList<>();
        for (String t : texts == null ? List.<String>of() : texts) {
            try {
                out.add(Prefix.parse(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": '" + t + "' is not an address or prefix ("
                        + e.getMessage() + ")");
            }
        }
        return new PrefixList(out);
    }

    public static PrefixList empty() { return new PrefixList(List.of()); }

    public boolean contains(long hi, long lo) {
        if (v4 == null) {
            return false;
        }
        if (hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == Addresses.V4_MAPPED_PREFIX) {
            byte b = v4[(int) (lo >>> 16) & 0xFFFF];
            if (b != ASK) {
                return b == IN;
            }
        } else {
            byte b = v6[(int) (hi >>> 48)];
            if (b != ASK) {
                return b == IN;
            }
        }
        return set.contains(hi, lo);
    }

    public boolean isEmpty() { return prefixes.isEmpty(); }

    public List<Prefix> prefixes() { return prefixes; }

    /** Filter text for an evidence expression: {@code net 10.0.0.0/8 or net 2001:db8::/32}. */
    @Override
    public String toString() { return prefixes.toString(); }
}
