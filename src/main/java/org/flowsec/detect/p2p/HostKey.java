package org.flowsec.detect.p2p;

/** Map key of a {@link HostProfile}: local host and profile. Mutable so one probe serves every lookup. */
final class HostKey {
    long hi;
    long lo;
    int profile;

    HostKey set(long h, long l, int p) {
        hi = h;
        lo = l;
        profile = p;
        return this;
    }

    HostKey copy() { return new HostKey().set(hi, lo, profile); }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostKey k && k.hi == hi && k.lo == lo && k.profile == profile;
    }

    @Override
    public int hashCode() {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL ^ profile;
        return (int) (h ^ h >>> 32);
    }
}
