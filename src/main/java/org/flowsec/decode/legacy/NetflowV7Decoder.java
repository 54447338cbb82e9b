package org.flowsec.decode.legacy;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * NetFlow v7 (Catalyst 5000 NetFlow Feature Card). Header, 24 bytes:
 * <pre>
 * +-------------------------------+-------------------------------+
 * |        version (7)            |           count (1..28)       |
 * +-------------------------------+-------------------------------+
 * |                      sysUptime (ms)                           |
 * |                      unix_secs                                |
 * |                      unix_nsecs                               |
 * |                      flow_sequence (flows sent before)        |
 * |                      reserved                                 |
 * +---------------------------------------------------------------+
 * </pre>
 * Record, 52 bytes: srcaddr, dstaddr, nexthop (4), input, output (2), dPkts, dOctets, First, Last (4),
 * srcport, dstport (2), flags (1: which fields are valid), tcp_flags, prot, tos (1), src_as, dst_as (2),
 * src_mask, dst_mask (1), flags2 (2), router_sc (4).
 *
 * <p>v7 has no engine ids (domain is 0) and no sampling field (the policy sees 0, "not announced").
 * {@code router_sc} is the address of the router whose flows the switch shortcut: the catalog has no
 * column for it, so it is stored as {@link Field#NEXT_HOP} when the record's own next hop is 0.0.0.0
 * (the switch forwarded on that router's behalf), and otherwise dropped.
 */
public final class NetflowV7Decoder {
    public static final int VERSION = 7;
    public static final int HEADER_LENGTH = 24;
    public static final int RECORD_LENGTH = 52;
    public static final int MAX_COUNT = 28;

    private static final int H_SEQUENCE = LegacyLayout.H_NSECS + 4;

    // record bytes after the 36 that v1, v5 and v7 share (LegacyLayout)
    private static final int R_VALID_FLAGS = LegacyLayout.R_DSTPORT + 2;
    private static final int R_TCP_FLAGS = R_VALID_FLAGS + 1;
    private static final int R_PROTO = R_TCP_FLAGS + 1;
    private static final int R_TOS = R_PROTO + 1;
    private static final int R_SRC_AS = R_TOS + 1;
    private static final int R_DST_AS = R_SRC_AS + 2;
    private static final int R_SRC_MASK = R_DST_AS + 2;
    private static final int R_DST_MASK = R_SRC_MASK + 1;
    private static final int R_FLAGS2 = R_DST_MASK + 1;
    private static final int R_ROUTER_SC = R_FLAGS2 + 2;

    private final SamplingPolicy sampling;

    public NetflowV7Decoder(SamplingPolicy sampling) {
        this.sampling = sampling;
    }

    public void decode(ByteBuffer buf, long exporterHi, long exporterLo, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        int base = buf.position();
        int count = LegacyLayout.recordCount(buf, VERSION, HEADER_LENGTH, RECORD_LENGTH, MAX_COUNT);
        long uptime = LegacyLayout.uptime(buf);
        long exportMillis = LegacyLayout.exportMillis(buf);
        long rate = Math.max(1, sampling.rate(exporterHi, exporterLo, 0));
        info.version = VERSION;
        info.domain = 0;
        info.hasSequence = true;
        info.sequence = buf.getInt(base + H_SEQUENCE) & 0xFFFF_FFFFL;
        info.sequenceAdvance = count;
        info.exportMillis = exportMillis;
        for (int i = 0; i < count; i++) {
            int r = base + HEADER_LENGTH + i * RECORD_LENGTH;
            int row = LegacyLayout.appendCommon(buf, r, out, exporterHi, exporterLo, rate, exportMillis, uptime);
            int nextHop = buf.getInt(r + LegacyLayout.R_NEXTHOP);
            if (nextHop == 0) {
                out.setIpv4(Field.NEXT_HOP, row, buf.getInt(r + R_ROUTER_SC));
            }
            LegacyLayout.protocol(out, row, buf.get(r + R_PROTO) & 0xFF);
            out.set(Field.TCP_FLAGS, row, buf.get(r + R_TCP_FLAGS) & 0xFF);
            out.set(Field.TOS, row, buf.get(r + R_TOS) & 0xFF);
            out.set(Field.SRC_AS, row, buf.getShort(r + R_SRC_AS) & 0xFFFF);
            out.set(Field.DST_AS, row, buf.getShort(r + R_DST_AS) & 0xFFFF);
            out.set(Field.SRC_MASK, row, buf.get(r + R_SRC_MASK) & 0xFF);
            out.set(Field.DST_MASK, row, buf.get(r + R_DST_MASK) & 0xFF);
        }
        info.flows += count;
    }
}
