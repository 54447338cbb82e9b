package org.flowsec.decode.legacy;

import java.nio.ByteBuffer;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;

/**
 * What NetFlow v1, v5 and v7 share. Their headers all start with version, count, sysUptime, unix_secs and
 * unix_nsecs, and their records all start with the same 36 bytes:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                          srcaddr                              |  0
 * |                          dstaddr                              |  4
 * |                          nexthop                              |  8
 * +-------------------------------+-------------------------------+
 * |            input              |            output             | 12
 * +-------------------------------+-------------------------------+
 * |                          dPkts                                | 16
 * |                          dOctets                              | 20
 * |                          First (sysUptime ms)                 | 24
 * |                          Last (sysUptime ms)                  | 28
 * +-------------------------------+-------------------------------+
 * |            srcport            |            dstport            | 32
 * +-------------------------------+-------------------------------+
 * </pre>
 */
final class LegacyLayout {
    static final int H_COUNT = 2;
    static final int H_UPTIME = H_COUNT + 2;
    static final int H_SECS = H_UPTIME + 4;
    static final int H_NSECS = H_SECS + 4;

    static final int R_SRC = 0;
    static final int R_DST = R_SRC + 4;
    static final int R_NEXTHOP = R_DST + 4;
    static final int R_INPUT = R_NEXTHOP + 4;
    static final int R_OUTPUT = R_INPUT + 2;
    static final int R_PKTS = R_OUTPUT + 2;
    static final int R_OCTETS = R_PKTS + 4;
    static final int R_FIRST = R_OCTETS + 4;
    static final int R_LAST = R_FIRST + 4;
    static final int R_SRCPORT = R_LAST + 4;
    static final int R_DSTPORT = R_SRCPORT + 2;

    private LegacyLayout() {}

    /** The header's record count, checked against the version's limit and the datagram's length. */
    static int recordCount(ByteBuffer buf, int version, int headerLength, int recordLength, int maxCount)
            throws DecodeException {
        int base = buf.position();
        int length = buf.limit() - base;
        if (length < headerLength) {
            throw new DecodeException(DecodeError.TRUNCATED,
                    "v" + version + " header needs " + headerLength + " bytes, datagram has " + length);
        }
        int count = buf.getShort(base + H_COUNT) & 0xFFFF;
        if (count == 0 || count > maxCount) {
            throw new DecodeException(DecodeError.BAD_HEADER,
                    "v" + version + " record count " + count + " outside 1.." + maxCount);
        }
        if (length < headerLength + count * recordLength) {
            throw new DecodeException(DecodeError.TRUNCATED, "v" + version + " header announces " + count
                    + " records, datagram holds " + (length - headerLength) / recordLength);
        }
        return count;
    }

    static long uptime(ByteBuffer buf) {
        return buf.getInt(buf.position() + H_UPTIME) & 0xFFFF_FFFFL;
    }

    /** unix_secs and unix_nsecs as UTC milliseconds. */
    static long exportMillis(ByteBuffer buf) {
        int base = buf.position();
        return (buf.getInt(base + H_SECS) & 0xFFFF_FFFFL) * 1000 + (buf.getInt(base + H_NSECS) & 0xFFFF_FFFFL) / 1_000_000;
    }

    /** Appends a row with the 36 shared bytes of the record at {@code r}; returns the row. */
    static int appendCommon(ByteBuffer buf, int r, FlowBatch out, long exporterHi, long exporterLo, long rate,
                            long exportMillis, long uptime) {
        int row = out.addRow();
        out.setIpv4(Field.SRC_ADDR, row, buf.getInt(r + R_SRC));
        out.setIpv4(Field.DST_ADDR, row, buf.getInt(r + R_DST));
        out.setIpv4(Field.NEXT_HOP, row, buf.getInt(r + R_NEXTHOP));
        out.setAddress(Field.EXPORTER, row, exporterHi, exporterLo);
        out.set(Field.IN_IF, row, buf.getShort(r + R_INPUT) & 0xFFFF);
        out.set(Field.OUT_IF, row, buf.getShort(r + R_OUTPUT) & 0xFFFF);
        out.set(Field.PACKETS, row, (buf.getInt(r + R_PKTS) & 0xFFFF_FFFFL) * rate);
        out.set(Field.BYTES, row, (buf.getInt(r + R_OCTETS) & 0xFFFF_FFFFL) * rate);
        out.set(Field.FIRST, row, absolute(exportMillis, uptime, buf.getInt(r + R_FIRST)));
        out.set(Field.LAST, row, absolute(exportMillis, uptime, buf.getInt(r + R_LAST)));
        out.set(Field.SRC_PORT, row, buf.getShort(r + R_SRCPORT) & 0xFFFF);
        out.set(Field.DST_PORT, row, buf.getShort(r + R_DSTPORT) & 0xFFFF);
        out.set(Field.SAMPLING, row, rate);
        return row;
    }

    /** Sets the protocol; for ICMP also the type and code ({@link #icmpTypeCode}). */
    static void protocol(FlowBatch out, int row, int proto) {
        out.set(Field.PROTO, row, proto);
        if (Protocols.isIcmp(proto)) {
            long typeCode = icmpTypeCode(out.get(Field.SRC_PORT, row), out.get(Field.DST_PORT, row));
            out.set(Field.ICMP_TYPE, row, typeCode >>> 8);
            out.set(Field.ICMP_CODE, row, typeCode & 0xFF);
        }
    }

    /**
     * ICMP type*256+code from the ports of a v1/v5/v7 record. Cisco puts it in the destination port;
     * fprobe puts the type alone in the source port and leaves the destination port 0 (nfdump reads
     * both the same way).
     */
    static long icmpTypeCode(long srcPort, long dstPort) {
        if (dstPort != 0 || srcPort == 0) {
            return dstPort;
        }
        return srcPort < 256 ? srcPort << 8 : srcPort;
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
