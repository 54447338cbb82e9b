package org.flowsec.detect.signature;

/** Map key of a {@link ProbeHold}: outside source and local host. Mutable so one probe serves every lookup. */
final class HoldKey {
    long srcHi;
    long srcLo;
    long hostHi;
    long hostLo;

    HoldKey set(long sHi, long sLo, long hHi, long hLo) {
        srcHi = sHi;
        srcLo = sLo;
        hostHi = hHi;
        hostLo = hLo;
        return this;
    }

    HoldKey copy() { return new HoldKey().set(srcHi, srcLo, hostHi, hostLo); }

    @Override
    public boolean equals(Object o) {
        return o instanceof HoldKey k && k.srcHi == srcHi && k.srcLo == srcLo && k.hostHi == hostHi
                && k.hostLo == hostLo;
    }

    @Override
    public int hashCode() {
        long h = srcHi * 0x9E3779B97F4A7C15L ^ srcLo * 0xC2B2AE3D27D4EB4FL ^ hostHi * 0x165667B19E3779F9L
                ^ hostLo * 0x27D4EB2F165667C5L;
        return (int) (h ^ h >>> 32);
    }
}
