package org.flowsec.query.filter;

import org.flowsec.flow.Addresses;

/**
 * An address prefix on the 128-bit address space of {@link org.flowsec.flow.FlowBatch}: IPv4 prefixes are
 * IPv4-mapped, so {@code 10.0.0.0/8} is {@code ::ffff:10.0.0.0/104}. The host bits are always zero, so
 * two prefixes that cover the same addresses are equal. A host address has length 128.
 */
public record Prefix(long hi, long lo, int length) {
    public Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("prefix length " + length + " outside 0..128");
        }
        hi &= maskHi(length);
        lo &= maskLo(length);
    }

    /** One address. */
    public static Prefix host(long hi, long lo) {
        return new Prefix(hi, lo, 128);
    }

    /** An IPv4 prefix, {@code v4Length} 0..32. */
    public static Prefix v4(int address, int v4Length) {
        return new Prefix(0, Addresses.v4Low(address), 96 + v4Length);
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a plain address (a host prefix); host bits are
     * cleared. Throws IllegalArgumentException with a one-line reason on anything else.
     */
    public static Prefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        java.net.InetAddress a = Addresses.parse(slash < 0 ? s : s.substring(0, slash));
        int max = a instanceof java.net.Inet4Address ? 32 : 128;
        int len = max;
        if (slash >= 0) {
            String l = s.substring(slash + 1);
            if (!l.matches("\\d{1,3}") || Integer.parseInt(l) > max) {
                throw new IllegalArgumentException("bad prefix length in " + text + ": expected 0.." + max);
            }
            len = Integer.parseInt(l);
        }
        return new Prefix(Addresses.hi(a), Addresses.lo(a), len + 128 - max);
    }

    public boolean isHost() { return length == 128; }

    /** True for IPv4-mapped prefixes of at least /96, i.e. prefixes written in IPv4 notation. */
    public boolean isV4() { return length >= 96 && Addresses.isV4(hi, lo); }

    public boolean contains(long addrHi, long addrLo) {
        return (addrHi & maskHi(length)) == hi && (addrLo & maskLo(length)) == lo;
    }

    /** The mask of the high 64 bits for a prefix length. */
    static long maskHi(int length) {
        return length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
    }

    /** The mask of the low 64 bits for a prefix length. */
    static long maskLo(int length) {
        return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    }

    /** Filter text: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 2001:db8::1}. */
    @Override
    public String toString() {
        String addr = Addresses.format(hi, lo);
        if (isV4()) {
            return length == 128 ? addr : addr + "/" + (length - 96);
        }
        return length == 128 ? addr : addr + "/" + length;
    }
}
