package org.flowsec.generate;

import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Two hand-made flows for the golden datagram tests, exported at {@link #EXPORT}. */
final class GoldenFlows {
    /** 2026-11-26 00:00:00.123 UTC. */
    static final long EXPORT = 1_795_651_200_123L;

    private GoldenFlows() {}

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /** An HTTPS request out through uplink 10, and an ICMP echo from a scanner to a server. */
    static FlowBatch twoFlows() {
        FlowBatch b = new FlowBatch(2);
        int r = b.addRow();
        b.setIpv4(Field.SRC_ADDR, r, ip(10, 10, 1, 10));
        b.setIpv4(Field.DST_ADDR, r, ip(142, 250, 74, 46));
        b.setIpv4(Field.NEXT_HOP, r, ip(203, 0, 113, 1));
        b.set(Field.IN_IF, r, 1);
        b.set(Field.OUT_IF, r, 10);
        b.set(Field.PACKETS, r, 12);
        b.set(Field.BYTES, r, 1800);
        b.set(Field.FIRST, r, EXPORT - 2000);
        b.set(Field.LAST, r, EXPORT - 500);
        b.set(Field.SRC_PORT, r, 51000);
        b.set(Field.DST_PORT, r, 443);
        b.set(Field.TCP_FLAGS, r, 0x1B);
        b.set(Field.PROTO, r, 6);
        b.set(Field.DST_AS, r, 15169);
        b.set(Field.SRC_MASK, r, 24);
        b.set(Field.DST_MASK, r, 24);
        b.set(Field.DIRECTION, r, 0);
        b.set(Field.END_REASON, r, 3);

        r = b.addRow();
        b.setIpv4(Field.SRC_ADDR, r, ip(45, 155, 205, 3));
        b.setIpv4(Field.DST_ADDR, r, ip(10, 10, 0, 10));
        b.setIpv4(Field.NEXT_HOP, r, ip(10, 255, 0, 1));
        b.set(Field.IN_IF, r, 10);
        b.set(Field.OUT_IF, r, 1);
        b.set(Field.PACKETS, r, 1);
        b.set(Field.BYTES, r, 84);
        b.set(Field.FIRST, r, EXPORT - 15000);
        b.set(Field.LAST, r, EXPORT - 15000);
        b.set(Field.DST_PORT, r, 0x0800);
        b.set(Field.PROTO, r, 1);
        b.set(Field.SRC_AS, r, 49505);
        b.set(Field.SRC_MASK, r, 24);
        b.set(Field.DST_MASK, r, 24);
        b.set(Field.ICMP_TYPE, r, 8);
        b.set(Field.DIRECTION, r, 0);
        b.set(Field.END_REASON, r, 1);
        return b;
    }

    static byte[] hex(String annotated) {
        String h = annotated.replaceAll("(?m)#.*$", "").replaceAll("\\s+", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
