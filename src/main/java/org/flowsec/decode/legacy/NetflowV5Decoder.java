package org.flowsec.decode.legacy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Addresses;
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
 * Record, 48 bytes, read as six big-endian 64-bit words (times in sysUptime ms):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                          srcaddr                              | word 0
 * |                          dstaddr                              |
 * +---------------------------------------------------------------+
 * |                          nexthop                              | word 1
 * |            input              |            output             |
 * +---------------------------------------------------------------+
 * |                          dPkts                                | word 2
 * |                          dOctets                              |
 * +---------------------------------------------------------------+
 * |                          First                                | word 3
 * |                          Last                                 |
 * +-------------------------------+-------------------------------+
 * |           srcport             |           dstport             | word 4
 * |     pad1      |   tcp_flags   |     prot      |      tos      |
 * +-------------------------------+-------------------------------+
 * |            src_as             |            dst_as             | word 5
 * |   src_mask    |   dst_mask    |             pad2              |
 * +-------------------------------+-------------------------------+
 * </pre>
 * Records are written straight into the batch's columns, one pass per word, after one capacity check per
 * datagram: no per-record row bookkeeping.
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

    private static final long V4_MAPPED = Addresses.v4Low(0);
    private static final long MASK32 = 0xFFFF_FFFFL;

    private final SamplingPolicy sampling;

    public NetflowV5Decoder(SamplingPolicy sampling) {
        this.sampling = sampling;
    }

    /** Decodes the datagram between {@code buf.position()} and {@code buf.limit()}; the buffer is not moved. */
    public void decode(ByteBuffer buf, long exporterHi, long exporterLo, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        int base = buf.position();
        int count = LegacyLayout.recordCount(buf, VERSION, HEADER_LENGTH, RECORD_LENGTH, MAX_COUNT);
        long uptime = LegacyLayout.uptime(buf);
        long exportMillis = LegacyLayout.exportMillis(buf);
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

        ByteBuffer be = buf.order() == ByteOrder.BIG_ENDIAN ? buf : buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        int row0 = out.size();
        int rows = row0 + count;
        out.ensureCapacity(rows);
        // Values shared by every record of the datagram, and the slots v5 does not carry, in one fill each.
        fill(out, Field.EXPORTER.slot(), row0, rows, exporterHi);
        fill(out, Field.EXPORTER.slot() + 1, row0, rows, exporterLo);
        fill(out, Field.DOMAIN.slot(), row0, rows, domain);
        fill(out, Field.SRC_ADDR.slot(), row0, rows, 0);
        fill(out, Field.DST_ADDR.slot(), row0, rows, 0);
        fill(out, Field.NEXT_HOP.slot(), row0, rows, 0);
        fill(out, Field.DIRECTION.slot(), row0, rows, Field.DIRECTION_UNKNOWN);
        fill(out, Field.END_REASON.slot(), row0, rows, 0);
        fill(out, Field.SAMPLING.slot(), row0, rows, rate);
        int records = base + HEADER_LENGTH;
        // One pass per 64-bit word of the record: few live columns per loop, every read a plain getLong.
        addresses(be, records, out, row0, rows);
        interfacesAndNextHop(be, records, out, row0, rows);
        counters(be, records, out, row0, rows, rate);
        times(be, records, out, row0, rows, exportMillis, uptime);
        portsAndProtocol(be, records, out, row0, rows);
        routing(be, records, out, row0, rows);
        out.setSize(rows);
        info.flows += count;
    }

    private static void fill(FlowBatch out, int slot, int from, int to, long value) {
        Arrays.fill(out.slot(slot), from, to, value);
    }

    /** Word 0: srcaddr | dstaddr. */
    private static void addresses(ByteBuffer b, int r, FlowBatch out, int from, int to) {
        long[] src = out.slot(Field.SRC_ADDR.slot() + 1);
        long[] dst = out.slot(Field.DST_ADDR.slot() + 1);
        for (int row = from; row < to; row++, r += RECORD_LENGTH) {
            long w = b.getLong(r + R_SRC);
            src[row] = V4_MAPPED | (w >>> 32);
            dst[row] = V4_MAPPED | (w & MASK32);
        }
    }

    /** Word 1: nexthop | input | output. */
    private static void interfacesAndNextHop(ByteBuffer b, int r, FlowBatch out, int from, int to) {
        long[] nextHop = out.slot(Field.NEXT_HOP.slot() + 1);
        long[] in = out.slot(Field.IN_IF.slot());
        long[] outIf = out.slot(Field.OUT_IF.slot());
        for (int row = from; row < to; row++, r += RECORD_LENGTH) {
            long w = b.getLong(r + R_NEXTHOP);
            nextHop[row] = V4_MAPPED | (w >>> 32);
            in[row] = (w >>> 16) & 0xFFFF;
            outIf[row] = w & 0xFFFF;
        }
    }

    /** Word 2: dPkts | dOctets, scaled by the sampling rate. */
    private static void counters(ByteBuffer b, int r, FlowBatch out, int from, int to, long rate) {
        long[] packets = out.slot(Field.PACKETS.slot());
        long[] bytes = out.slot(Field.BYTES.slot());
        for (int row = from; row < to; row++, r += RECORD_LENGTH) {
            long w = b.getLong(r + R_PKTS);
            packets[row] = (w >>> 32) * rate;
            bytes[row] = (w & MASK32) * rate;
        }
    }

    /** Word 3: First | Last, sysUptime ms made absolute. */
    private static void times(ByteBuffer b, int r, FlowBatch out, int from, int to, long exportMillis, long uptime) {
        long[] first = out.slot(Field.FIRST.slot());
        long[] last = out.slot(Field.LAST.slot());
        for (int row = from; row < to; row++, r += RECORD_LENGTH) {
            long w = b.getLong(r + R_FIRST);
            first[row] = LegacyLayout.absolute(exportMillis, uptime, (int) (w >>> 32));
            last[row] = LegacyLayout.absolute(exportMillis, uptime, (int) w);
        }
    }

    /** Word 4: srcport | dstport | pad1 | tcp_flags | prot | tos. */
    private static void portsAndProtocol(ByteBuffer b, int r, FlowBatch out, int from, int to) {
        long[] srcPort = out.slot(Field.SRC_PORT.slot());
        long[] dstPort = out.slot(Field.DST_PORT.slot());
        long[] flags = out.slot(Field.TCP_FLAGS.slot());
        long[] proto = out.slot(Field.PROTO.slot());
        long[] tos = out.slot(Field.TOS.slot());
        long[] icmpType = out.slot(Field.ICMP_TYPE.slot());
        long[] icmpCode = out.slot(Field.ICMP_CODE.slot());
        for (int row = from; row < to; row++, r += RECORD_LENGTH) {
            long w = b.getLong(r + R_SRCPORT);
            long dp = (w >>> 32) & 0xFFFF;
            long sp = w >>> 48;
            int p = (int) (w >>> 8) & 0xFF;
            srcPort[row] = sp;
            dstPort[row] = dp;
            flags[row] = (w >>> 16) & 0xFF;
            proto[row] = p;
            tos[row] = w & 0xFF;
            // v5 has no ICMP fields: exporters put type*256+code in the destination port; fprobe puts the
            // type in the source port and leaves the destination port 0 (LegacyLayout.icmpTypeCode). A mask,
            // not a branch: protocols alternate unpredictably from record to record.
            long icmp = Protocols.isIcmp(p) ? -1L : 0L;
            long tc = LegacyLayout.icmpTypeCode(sp, dp);
            icmpType[row] = (tc >>> 8) & icmp;
            icmpCode[row] = tc & 0xFF & icmp;
        }
    }

    /** Word 5: src_as | dst_as | src_mask | dst_mask | pad2. */
    private static void routing(ByteBuffer b, int r, FlowBatch out, int from, int to) {
        long[] srcAs = out.slot(Field.SRC_AS.slot());
        long[] dstAs = out.slot(Field.DST_AS.slot());
        long[] srcMask = out.slot(Field.SRC_MASK.slot());
        long[] dstMask = out.slot(Field.DST_MASK.slot());
        for (int row = from; row < to; row++, r += RECORD_LENGTH) {
            long w = b.getLong(r + R_SRC_AS);
            srcAs[row] = w >>> 48;
            dstAs[row] = (w >>> 32) & 0xFFFF;
            srcMask[row] = (w >>> 24) & 0xFF;
            dstMask[row] = (w >>> 16) & 0xFF;
        }
    }

}
