package org.flowsec.generate;

import java.nio.ByteBuffer;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Writes Cisco NetFlow v5 datagrams: a 24-byte header and up to 30 records of 48 bytes (1464 bytes).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |          version (5)          |          count (1..30)        |
 * +-------------------------------+-------------------------------+
 * |                   sysUptime (ms since boot)                   |
 * |                   unix_secs                                   |
 * |                   unix_nsecs                                  |
 * |                   flow_sequence (flows sent before)           |
 * +---------------+---------------+---+---------------------------+
 * |  engine_type  |   engine_id   |mod|    sampling interval      |
 * +---------------+---------------+---+---------------------------+
 * record:
 * +---------------------------------------------------------------+
 * |  srcaddr  |  dstaddr  |  nexthop  (4 bytes each)              |
 * +-------------------------------+-------------------------------+
 * |        input ifIndex          |        output ifIndex         |
 * +-------------------------------+-------------------------------+
 * |  dPkts  |  dOctets  |  First  |  Last   (4 bytes each, First/Last in sysUptime ms)
 * +-------------------------------+-------------------------------+
 * |            srcport            |            dstport            |
 * +---------------+---------------+---------------+---------------+
 * |     pad1      |   tcp_flags   |     prot      |      tos      |
 * +---------------+---------------+---------------+---------------+
 * |            src_as             |            dst_as             |
 * +---------------+---------------+-------------------------------+
 * |   src_mask    |   dst_mask    |             pad2              |
 * +---------------+---------------+-------------------------------+
 * </pre>
 * The exporter "booted" {@value #UPTIME_AT_START_MS} ms before its first datagram; the header's sysUptime
 * and unix time then advance together, and record times are sysUptime values, so decoders recover each
 * flow's UTC times to the millisecond. ICMP type and code travel as type*256+code in dstport, as Cisco does.
 */
public final class NetflowV5Encoder implements FlowEncoder {
    public static final int VERSION = 5;
    public static final int HEADER_LENGTH = 24;
    public static final int RECORD_LENGTH = 48;
    public static final int MAX_RECORDS = 30;
    /** Three days of uptime at the first datagram. */
    static final long UPTIME_AT_START_MS = 259_200_000L;

    static final int H_VERSION = 0;
    static final int H_COUNT = H_VERSION + 2;
    static final int H_UPTIME = H_COUNT + 2;
    static final int H_SECS = H_UPTIME + 4;
    static final int H_NSECS = H_SECS + 4;
    static final int H_SEQUENCE = H_NSECS + 4;
    static final int H_ENGINE_TYPE = H_SEQUENCE + 4;
    static final int H_ENGINE_ID = H_ENGINE_TYPE + 1;
    static final int H_SAMPLING = H_ENGINE_ID + 1;

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
    static final int R_PAD1 = R_DSTPORT + 2;
    static final int R_FLAGS = R_PAD1 + 1;
    static final int R_PROTO = R_FLAGS + 1;
    static final int R_TOS = R_PROTO + 1;
    static final int R_SRC_AS = R_TOS + 1;
    static final int R_DST_AS = R_SRC_AS + 2;
    static final int R_SRC_MASK = R_DST_AS + 2;
    static final int R_DST_MASK = R_SRC_MASK + 1;
    static final int R_PAD2 = R_DST_MASK + 1;

    private final int engineType;
    private final int engineId;
    private long bootMillis = Long.MIN_VALUE;
    private long flowSequence;

    public NetflowV5Encoder(int engineType, int engineId) {
        this.engineType = engineType;
        this.engineId = engineId;
    }

    @Override
    public int version() { return VERSION; }

    /** IPv6 rows cannot be carried by v5; they are skipped (counted as encoded) rather than mangled. */
    @Override
    public int encode(FlowBatch flows, int from, int to, long exportMillis, ByteBuffer out) {
        if (out.remaining() < MAX_DATAGRAM) {
            throw new IllegalArgumentException("a v5 datagram needs " + MAX_DATAGRAM + " bytes, buffer has " + out.remaining());
        }
        if (bootMillis == Long.MIN_VALUE) {
            bootMillis = exportMillis - UPTIME_AT_START_MS;
        }
        int base = out.position();
        long[] srcHi = flows.slot(Field.SRC_ADDR.slot());
        long[] srcLo = flows.slot(Field.SRC_ADDR.slot() + 1);
        long[] dstHi = flows.slot(Field.DST_ADDR.slot());
        long[] dstLo = flows.slot(Field.DST_ADDR.slot() + 1);
        int count = 0;
        int row = from;
        for (; row < to && count < MAX_RECORDS; row++) {
            if (!Addresses.isV4(srcHi[row], srcLo[row]) || !Addresses.isV4(dstHi[row], dstLo[row])) {
                continue;
            }
            int r = base + HEADER_LENGTH + count * RECORD_LENGTH;
            out.putInt(r + R_SRC, (int) srcLo[row]);
            out.putInt(r + R_DST, (int) dstLo[row]);
            out.putInt(r + R_NEXTHOP, (int) flows.lo(Field.NEXT_HOP, row));
            out.putShort(r + R_INPUT, (short) flows.get(Field.IN_IF, row));
            out.putShort(r + R_OUTPUT, (short) flows.get(Field.OUT_IF, row));
            out.putInt(r + R_PKTS, (int) flows.get(Field.PACKETS, row));
            out.putInt(r + R_OCTETS, (int) flows.get(Field.BYTES, row));
            out.putInt(r + R_FIRST, (int) (flows.get(Field.FIRST, row) - bootMillis));
            out.putInt(r + R_LAST, (int) (flows.get(Field.LAST, row) - bootMillis));
            out.putShort(r + R_SRCPORT, (short) flows.get(Field.SRC_PORT, row));
            out.putShort(r + R_DSTPORT, (short) flows.get(Field.DST_PORT, row));
            out.put(r + R_PAD1, (byte) 0);
            out.put(r + R_FLAGS, (byte) flows.get(Field.TCP_FLAGS, row));
            out.put(r + R_PROTO, (byte) flows.get(Field.PROTO, row));
            out.put(r + R_TOS, (byte) flows.get(Field.TOS, row));
            out.putShort(r + R_SRC_AS, (short) flows.get(Field.SRC_AS, row));
            out.putShort(r + R_DST_AS, (short) flows.get(Field.DST_AS, row));
            out.put(r + R_SRC_MASK, (byte) flows.get(Field.SRC_MASK, row));
            out.put(r + R_DST_MASK, (byte) flows.get(Field.DST_MASK, row));
            out.putShort(r + R_PAD2, (short) 0);
            count++;
        }
        out.putShort(base + H_VERSION, (short) VERSION);
        out.putShort(base + H_COUNT, (short) count);
        out.putInt(base + H_UPTIME, (int) (exportMillis - bootMillis));
        out.putInt(base + H_SECS, (int) Math.floorDiv(exportMillis, 1000));
        out.putInt(base + H_NSECS, Math.floorMod(exportMillis, 1000) * 1_000_000);
        out.putInt(base + H_SEQUENCE, (int) flowSequence);
        out.put(base + H_ENGINE_TYPE, (byte) engineType);
        out.put(base + H_ENGINE_ID, (byte) engineId);
        out.putShort(base + H_SAMPLING, (short) 0);
        flowSequence += count;
        out.position(base + HEADER_LENGTH + count * RECORD_LENGTH);
        return row;
    }

    @Override
    public void restamp(ByteBuffer d, long datagramsBefore, long flowsBefore, long shiftMillis) {
        int base = d.position();
        int count = d.getShort(base + H_COUNT) & 0xFFFF;
        long export = (d.getInt(base + H_SECS) & 0xFFFF_FFFFL) * 1000 + d.getInt(base + H_NSECS) / 1_000_000 + shiftMillis;
        d.putInt(base + H_SECS, (int) (export / 1000));
        d.putInt(base + H_NSECS, (int) (export % 1000) * 1_000_000);
        d.putInt(base + H_UPTIME, d.getInt(base + H_UPTIME) + (int) shiftMillis);
        d.putInt(base + H_SEQUENCE, (int) flowsBefore);
        for (int i = 0; i < count; i++) {
            int r = base + HEADER_LENGTH + i * RECORD_LENGTH;
            d.putInt(r + R_FIRST, d.getInt(r + R_FIRST) + (int) shiftMillis);
            d.putInt(r + R_LAST, d.getInt(r + R_LAST) + (int) shiftMillis);
            if (!EphemeralPorts.isIcmp(d.get(r + R_PROTO) & 0xFF)) {
                d.putShort(r + R_SRCPORT, (short) EphemeralPorts.rotate(d.getShort(r + R_SRCPORT) & 0xFFFF));
                d.putShort(r + R_DSTPORT, (short) EphemeralPorts.rotate(d.getShort(r + R_DSTPORT) & 0xFFFF));
            }
        }
    }
}
