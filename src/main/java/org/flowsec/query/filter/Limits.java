package org.flowsec.query.filter;

import org.flowsec.flow.Field;

/** The value range of each numeric catalog field, so that {@code port 70000} is an error, not false. */
final class Limits {
    private static final long U32 = 0xFFFF_FFFFL;

    private Limits() {}

    static long max(Field f) {
        return switch (f) {
            case SRC_PORT, DST_PORT -> 65535;
            case PROTO, TOS, TCP_FLAGS, ICMP_TYPE, ICMP_CODE, DIRECTION, END_REASON -> 255;
            case SRC_MASK, DST_MASK -> 128;
            case DOMAIN, IN_IF, OUT_IF, SRC_AS, DST_AS, SAMPLING -> U32;
            default -> Long.MAX_VALUE;
        };
    }
}
