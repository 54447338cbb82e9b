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
 * NetFlow v5 (Cisco). Header, 24 bytes:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |        version (5)            |           count (1..30)       |
 * +-------------------------------+-------------------------------+
 * |                      sysUptime (ms)                           |
 * |                      unix_secs                                |
 * |                      unix_nsecs                               |
 * |                      flow_sequence (flows sent before)        |
 * +---------------+---------------+-------------------------------+
 * |  engine_type  |   engine_id   | mode(2) | sampling interval(14)|
 * +---------------+---------------+-------------------------------+
 * </pre>
 * Record, 48 bytes: srcaddr, dstaddr, nexthop (4 each), input, output (2), dPkts, dOctets, First, Last
 * (4, times in sysUptime ms), srcport, dstport (2), pad1, tcp_flags, prot, tos (1), src_as, dst_as (2),
 * src_mask, dst_mask (1), pad2 (2).
 */
public final class NetflowV5Decoder {
    public static final int VERSION = 5;
    public static final int HEADER_LENGTH = 24;
    public static final int RECORD_LENGTH = 48;
    /** Cisco caps a v5 datagram at 30 records; we accept what fits, but flag absurd counts. */
    public static final int MAX_COUNT = 30;

    // header offsets, chained from the previous field
    private static final int H_VERSION = 0;
    private static final int H_COUNT = H_VERSION + 2;
    private static final int H_UPTIME = H_COUNT + 2;
    private static final int H_SECS = H_UPTIME + 4;
    private static final int H_NSECS = H_SECS + 4;
    private static final int H_SEQUENCE = H_NSECS + 4;
    private static final int H_ENGINE_TYPE = H_SEQUENCE + 4;
    private static final int H_ENGINE_ID = H_ENGINE_TYPE + 1;
    private static final int H_SAMPLING = H_ENGINE_ID + 1;

    // record offsets
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
    private static final int R_FLAGS = R_DSTPORT + 2 + 1; // after pad1
    private static final int R_PROTO = R_FLAGS + 1;
    private static final int R_TOS = R_PROTO + 1;
    private static final int R_SRC_AS = R_TOS + 1;
    private static final int R_DST_AS = R_SRC_AS + 2;
    private static final int R_SRC_MASK = R_DST_AS + 2;
    private static final int R_DST_MASK = R_SRC_MASK + 1;

    private final SamplingPolicy sampling;

    public NetflowV5Decoder(SamplingPolicy sampling) {
        this.sampling = sampling;
    }

    /** Decodes the datagram between {@code buf.position()} and {@code buf.limit()}; the buffer is not moved. */
    public void decode(ByteBuffer buf, long exporterHi, long exporterLo, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        int base = buf.position();
        int length = buf.limit() - base;
        if (length < HEADER_LENGTH) {
            throw new DecodeException(DecodeError.TRUNCATED, "v5 header needs 24 bytes, datagram has " + length);
        }
        int count = buf.getShort(base + H_COUNT) & 0xFFFF;
        if (count == 0 || count > MAX_COUNT) {
            throw new DecodeException(DecodeError.BAD_HEADER, "v5 record count " + count + " outside 1.." + MAX_COUNT);
        }
        if (length < HEADER_LENGTH + count * RECORD_LENGTH) {
            throw new DecodeException(DecodeError.TRUNCATED,
                    "v5 header announces " + count + " records, datagram holds " + (length - HEADER_LENGTH) / RECORD_LENGTH);
        }
        long uptime = buf.getInt(base + H_UPTIME) & 0xFFFF_FFFFL;
        long exportMillis = (buf.getInt(base + H_SECS) & 0xFFFF_FFFFL) * 1000
                + (buf.getInt(base + H_NSECS) & 0xFFFF_FFFFL) / 1_000_000;
        int engineType = buf.get(base + H_ENGINE_TYPE) & 0xFF;
        int engineId = buf.get(base + H_ENGINE_ID) & 0xFF;
        int samplingField = buf.getShort(base + H_SAMPLING) & 0xFFFF;
        long rate = sampling.rate(exporterHi, exporterLo, samplingField & 0x3FFF);
        long domain = (engineType << 8) | engineId;

        info.version = VERSION;
        info.domain = domain;
        info.hasSequence = true;
        info.sequence = buf.getInt(base + H_SEQUENCE) & 0xFFFF_FFFFL;
        info.sequenceAdvance = count;
        info.exportMillis = exportMillis;

        for (int i = 0; i < count; i++) {
            int r = base + HEADER_LENGTH + i * RECORD_LENGTH;
            int row = out.addRow();
            out.setIpv4(Field.SRC_ADDR, row, buf.getInt(r + R_SRC));
            out.setIpv4(Field.DST_ADDR, row, buf.getInt(r + R_DST));
            out.setIpv4(Field.NEXT_HOP, row, buf.getInt(r + R_NEXTHOP));
            out.setAddress(Field.EXPORTER, row, exporterHi, exporterLo);
            out.set(Field.DOMAIN, row, domain);
            out.set(Field.IN_IF, row, buf.getShort(r + R_INPUT) & 0xFFFF);
            out.set(Field.OUT_IF, row, buf.getShort(r + R_OUTPUT) & 0xFFFF);
            out.set(Field.PACKETS, row, (buf.getInt(r + R_PKTS) & 0xFFFF_FFFFL) * rate);
            out.set(Field.BYTES, row, (buf.getInt(r + R_OCTETS) & 0xFFFF_FFFFL) * rate);
            out.set(Field.FIRST, row, absolute(exportMillis, uptime, buf.getInt(r + R_FIRST)));
            out.set(Field.LAST, row, absolute(exportMillis, uptime, buf.getInt(r + R_LAST)));
            int proto = buf.get(r + R_PROTO) & 0xFF;
            int dstPort = buf.getShort(r + R_DSTPORT) & 0xFFFF;
            out.set(Field.SRC_PORT, row, buf.getShort(r + R_SRCPORT) & 0xFFFF);
            out.set(Field.DST_PORT, row, dstPort);
            out.set(Field.PROTO, row, proto);
            out.set(Field.TCP_FLAGS, row, buf.get(r + R_FLAGS) & 0xFF);
            out.set(Field.TOS, row, buf.get(r + R_TOS) & 0xFF);
            out.set(Field.SRC_AS, row, buf.getShort(r + R_SRC_AS) & 0xFFFF);
            out.set(Field.DST_AS, row, buf.getShort(r + R_DST_AS) & 0xFFFF);
            out.set(Field.SRC_MASK, row, buf.get(r + R_SRC_MASK) & 0xFF);
            out.set(Field.DST_MASK, row, buf.get(r + R_DST_MASK) & 0xFF);
            if (Protocols.isIcmp(proto)) {
                // v5 has no ICMP fields: exporters put type*256+code in the destination port.
                out.set(Field.ICMP_TYPE, row, dstPort >>> 8);
                out.set(Field.ICMP_CODE, row, dstPort & 0xFF);
            }
            out.set(Field.SAMPLING, row, rate);
        }
        info.flows += count;
    }

    /**
     * Converts a sysUptime timestamp to UTC ms. The signed 32-bit difference keeps working across the
     * uptime counter's wrap (every 49.7 days) and for records stamped slightly after the header.
     */
    static long absolute(long exportMillis, long uptime, int recordUptime) {
        int ago = (int) (uptime - (recordUptime & 0xFFFF_FFFFL));
        return exportMillis - ago;
    }
}
