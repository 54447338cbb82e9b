package org.flowsec.generate;

import static org.flowsec.generate.ExportTemplate.ADDRESS;
import static org.flowsec.generate.ExportTemplate.UINT;
import static org.flowsec.generate.ExportTemplate.UPTIME;

import java.nio.ByteBuffer;
import org.flowsec.flow.Field;

/**
 * Writes NetFlow v9 datagrams (RFC 3954). Header, 20 bytes:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |          version (9)          |  count (template + data recs) |
 * +-------------------------------+-------------------------------+
 * |                   sysUptime (ms since boot)                   |
 * |                   unix_secs                                   |
 * |                   sequence (datagrams sent before)            |
 * |                   source id                                   |
 * +---------------------------------------------------------------+
 * </pre>
 * Template flowsets have id 0. Template 256 (IPv4, 46-byte records): IPV4_SRC_ADDR(8)/4,
 * IPV4_DST_ADDR(12)/4, IPV4_NEXT_HOP(15)/4, L4_SRC_PORT(7)/2, L4_DST_PORT(11)/2, PROTOCOL(4)/1,
 * SRC_TOS(5)/1, TCP_FLAGS(6)/1, INPUT_SNMP(10)/2, OUTPUT_SNMP(14)/2, IN_PKTS(2)/4, IN_BYTES(1)/4,
 * LAST_SWITCHED(21)/4, FIRST_SWITCHED(22)/4, SRC_AS(16)/2, DST_AS(17)/2, SRC_MASK(9)/1, DST_MASK(13)/1,
 * DIRECTION(61)/1. Template 257 (IPv6, 82 bytes) is the same with IPV6_SRC_ADDR(27)/16,
 * IPV6_DST_ADDR(28)/16, IPV6_NEXT_HOP(62)/16 and IPV6_SRC_MASK(29), IPV6_DST_MASK(30). Switched times are
 * sysUptime milliseconds; the exporter booted {@value NetflowV5Encoder#UPTIME_AT_START_MS} ms before its
 * first datagram. ICMP type*256+code travels in L4_DST_PORT, as Cisco does.
 */
public final class NetflowV9Encoder extends TemplateEncoder {
    public static final int VERSION = 9;
    public static final int HEADER_LENGTH = 20;
    public static final int TEMPLATE_FLOWSET_ID = 0;
    public static final int IPV4_TEMPLATE_ID = 256;
    public static final int IPV6_TEMPLATE_ID = 257;

    static final int H_VERSION = 0;
    static final int H_COUNT = H_VERSION + 2;
    static final int H_UPTIME = H_COUNT + 2;
    static final int H_SECS = H_UPTIME + 4;
    static final int H_SEQUENCE = H_SECS + 4;
    static final int H_SOURCE_ID = H_SEQUENCE + 4;

    private final long sourceId;
    private long bootMillis;

    public NetflowV9Encoder(long sourceId, TemplateRefresh refresh) {
        super(refresh, template(IPV4_TEMPLATE_ID, false), template(IPV6_TEMPLATE_ID, true));
        this.sourceId = sourceId;
    }

    static ExportTemplate template(int id, boolean v6) {
        ExportTemplate t = new ExportTemplate(id, v6);
        t.add(v6 ? 27 : 8, v6 ? 16 : 4, Field.SRC_ADDR, ADDRESS)
                .add(v6 ? 28 : 12, v6 ? 16 : 4, Field.DST_ADDR, ADDRESS)
                .add(v6 ? 62 : 15, v6 ? 16 : 4, Field.NEXT_HOP, ADDRESS)
                .add(7, 2, Field.SRC_PORT, UINT)
                .add(11, 2, Field.DST_PORT, UINT)
                .add(4, 1, Field.PROTO, UINT)
                .add(5, 1, Field.TOS, UINT)
                .add(6, 1, Field.TCP_FLAGS, UINT)
                .add(10, 2, Field.IN_IF, UINT)
                .add(14, 2, Field.OUT_IF, UINT)
                .add(2, 4, Field.PACKETS, UINT)
                .add(1, 4, Field.BYTES, UINT)
                .add(21, 4, Field.LAST, UPTIME)
                .add(22, 4, Field.FIRST, UPTIME)
                .add(16, 2, Field.SRC_AS, UINT)
                .add(17, 2, Field.DST_AS, UINT)
                .add(v6 ? 29 : 9, 1, Field.SRC_MASK, UINT)
                .add(v6 ? 30 : 13, 1, Field.DST_MASK, UINT)
                .add(61, 1, Field.DIRECTION, UINT);
        return t;
    }

    @Override
    public int version() { return VERSION; }

    @Override
    int headerLength() { return HEADER_LENGTH; }

    @Override
    int templateSetId() { return TEMPLATE_FLOWSET_ID; }

    @Override
    void start(long exportSeconds) {
        bootMillis = exportSeconds * 1000 - NetflowV5Encoder.UPTIME_AT_START_MS;
    }

    @Override
    long bootMillis() { return bootMillis; }

    @Override
    void writeHeader(ByteBuffer out, int base, int length, int records, long dataRecordsBefore, long exportSeconds) {
        out.putShort(base + H_VERSION, (short) VERSION);
        out.putShort(base + H_COUNT, (short) records);
        // sysUptime counts from the same whole second as unix_secs, so collectors recover flow times exactly
        out.putInt(base + H_UPTIME, (int) (exportSeconds * 1000 - bootMillis));
        out.putInt(base + H_SECS, (int) exportSeconds);
        out.putInt(base + H_SEQUENCE, (int) datagrams);
        out.putInt(base + H_SOURCE_ID, (int) sourceId);
    }

    /** {@code shiftMillis} must be whole seconds: v9 export time has no finer unit. */
    @Override
    public void restamp(ByteBuffer d, long datagramsBefore, long flowsBefore, long shiftMillis) {
        if (shiftMillis % 1000 != 0) {
            throw new IllegalArgumentException("v9 datagrams can only move by whole seconds, not " + shiftMillis + " ms");
        }
        int base = d.position();
        d.putInt(base + H_UPTIME, d.getInt(base + H_UPTIME) + (int) shiftMillis);
        d.putInt(base + H_SECS, d.getInt(base + H_SECS) + (int) (shiftMillis / 1000));
        d.putInt(base + H_SEQUENCE, (int) datagramsBefore);
        shiftRecords(d, shiftMillis);
    }
}
