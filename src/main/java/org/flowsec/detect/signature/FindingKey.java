package org.flowsec.detect.signature;

/** Map key of a {@link Finding}: rule, role and local host. Mutable so one probe serves every lookup. */
final class FindingKey {
    int rule;
    Role role;
    long hi;
    long lo;

    FindingKey set(int r, Role ro, long h, long l) {
        rule = r;
        role = ro;
        hi = h;
        lo = l;
        return this;
    }

    FindingKey copy() { return new FindingKey().set(rule, role, hi, lo); }

    @Override
    public boolean equals(Object o) {
        return o instanceof FindingKey k && k.rule == rule && k.role == role && k.hi == hi && k.lo == lo;
    }

    @Override
    public int hashCode() {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL ^ (long) rule << 3 ^ role.ordinal();
        return (int) (h ^ h >>> 32);
    }
}
