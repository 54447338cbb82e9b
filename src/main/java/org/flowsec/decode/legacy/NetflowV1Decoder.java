package org.flowsec.decode.legacy;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;

/**
 * NetFlow v1 (Cisco), the original layout: no sequence number, no engine ids, no AS or masks.
 * Header, 16 bytes:
 * <pre>
 * +-------------------------------+-------------------------------+
 * |        version (1)            |           count (1..24)       |
 * +-------------------------------+-------------------------------+
 * |                      sysUptime (ms)                           |
 * |                      unix_secs                                |
 * |                      unix_nsecs                               |
 * +---------------------------------------------------------------+
 * </pre>
 * Record, 48 bytes: srcaddr, dstaddr, nexthop (4 each), input, output (2), dPkts, dOctets, First, Last
 * (4), srcport, dstport (2), pad1 (2), prot, tos, tcp_flags (1), pad2 (1), reserved (6: tcp_retx_cnt,
 * tcp_retx_secs, tcp_misseq_cnt, reserved).
 */
public final class NetflowV1Decoder {
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 16;
    public static final int RECORD_LENGTH = 48;
    /** Cisco documents 24 records per v1 datagram, but softflowd sends up to 29 (see its test capture). */
    public static final int MAX_COUNT = 30;

    private static final int H_COUNT = 2;
    private static final int H_UPTIME = H_COUNT + 2;
    private static final int H_SECS = H_UPTIME + 4;
    private static final int H_NSECS = H_SECS + 4;

    private static final int R_SRC = 0;
    private static final int R_DST = R_SRC + 4;
    private static final int R_NEXTHOP = R_DST + 4;
    private static final int R_INPUT = R_NEXTHOP + 4;
    private static final int R_OUTPUT = R_INPUT + 2;
    private static final int R_PKTS = R_OUTPUT + 2;
    private static final int R_OCTETS = R_PKTS + 4;
    private static final int R_FIRST = R_OCTETS + 4;
    private static final int R_LAST = R_FIRST + 4;
    private static final int R_SRCPORT = R_LAST + 4;
    private static final int R_DSTPORT = R_SRCPORT + 2;
    private static final int R_PROTO = R_DSTPORT + 2 + 2; // after pad1
    private static final int R_TOS = R_PROTO + 1;
    private static final int R_FLAGS = R_TOS + 1;

    private final SamplingPolicy sampling;

    public NetflowV1Decoder(SamplingPolicy sampling) {
        this.sampling = sampling;
    }

    public void decode(ByteBuffer buf, long exporterHi, long exporterLo, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        int base = buf.position();
        int length = buf.limit() - base;
        if (length < HEADER_LENGTH) {
            throw new DecodeException(DecodeError.TRUNCATED, "v1 header needs 16 bytes, datagram has " + length);
        }
        int count = buf.getShort(base + H_COUNT) & 0xFFFF;
        if (count == 0 || count > MAX_COUNT) {
            throw new DecodeException(DecodeError.BAD_HEADER, "v1 record count " + count + " outside 1.." + MAX_COUNT);
        }
        if (length < HEADER_LENGTH + count * RECORD_LENGTH) {
            throw new DecodeException(DecodeError.TRUNCATED, "v1 header announces " + count + " records, datagram holds "
                    + (length - HEADER_LENGTH) / RECORD_LENGTH);
        }
        long uptime = buf.getInt(base + H_UPTIME) & 0xFFFF_FFFFL;
        long exportMillis = (buf.getInt(base + H_SECS) & 0xFFFF_FFFFL) * 1000
                + (buf.getInt(base + H_NSECS) & 0xFFFF_FFFFL) / 1_000_000;
        long rate = Math.max(1, sampling.rate(exporterHi, exporterLo, 0)); // v1 cannot announce sampling
        info.version = VERSION;
        info.domain = 0;
        info.hasSequence = false;
        info.sequenceAdvance = count;
        info.exportMillis = exportMillis;
        for (int i = 0; i < count; i++) {
            int r = base + HEADER_LENGTH + i * RECORD_LENGTH;
            int row = out.addRow();
            out.setIpv4(Field.SRC_ADDR, row, buf.getInt(r + R_SRC));
            out.setIpv4(Field.DST_ADDR, row, buf.getInt(r + R_DST));
            out.setIpv4(Field.NEXT_HOP, row, buf.getInt(r + R_NEXTHOP));
            out.setAddress(Field.EXPORTER, row, exporterHi, exporterLo);
            out.set(Field.IN_IF, row, buf.getShort(r + R_INPUT) & 0xFFFF);
            out.set(Field.OUT_IF, row, buf.getShort(r + R_OUTPUT) & 0xFFFF);
            out.set(Field.PACKETS, row, (buf.getInt(r + R_PKTS) & 0xFFFF_FFFFL) * rate);
            out.set(Field.BYTES, row, (buf.getInt(r + R_OCTETS) & 0xFFFF_FFFFL) * rate);
            out.set(Field.FIRST, row, NetflowV5Decoder.absolute(exportMillis, uptime, buf.getInt(r + R_FIRST)));
            out.set(Field.LAST, row, NetflowV5Decoder.absolute(exportMillis, uptime, buf.getInt(r + R_LAST)));
            int proto = buf.get(r + R_PROTO) & 0xFF;
            int dstPort = buf.getShort(r + R_DSTPORT) & 0xFFFF;
            out.set(Field.SRC_PORT, row, buf.getShort(r + R_SRCPORT) & 0xFFFF);
            out.set(Field.DST_PORT, row, dstPort);
            out.set(Field.PROTO, row, proto);
            out.set(Field.TOS, row, buf.get(r + R_TOS) & 0xFF);
            out.set(Field.TCP_FLAGS, row, buf.get(r + R_FLAGS) & 0xFF);
            if (Protocols.isIcmp(proto)) {
                out.set(Field.ICMP_TYPE, row, dstPort >>> 8);
                out.set(Field.ICMP_CODE, row, dstPort & 0xFF);
            }
            out.set(Field.SAMPLING, row, rate);
        }
        info.flows += count;
    }
}
