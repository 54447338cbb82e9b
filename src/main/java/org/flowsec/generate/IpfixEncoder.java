package org.flowsec.generate;

import static org.flowsec.generate.ExportTemplate.ADDRESS;
import static org.flowsec.generate.ExportTemplate.ICMP;
import static org.flowsec.generate.ExportTemplate.MILLIS;
import static org.flowsec.generate.ExportTemplate.UINT;

import java.nio.ByteBuffer;
import org.flowsec.flow.Field;

/**
 * Writes IPFIX messages (RFC 7011). Message header, 16 bytes:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |       version (10)            |   length (whole message)      |
 * +-------------------------------+-------------------------------+
 * |                  export time (UTC seconds)                    |
 * |                  sequence (data records sent before)          |
 * |                  observation domain id                        |
 * +---------------------------------------------------------------+
 * </pre>
 * Template sets have id 2. Template 256 (IPv4, 74-byte records): sourceIPv4Address(8)/4,
 * destinationIPv4Address(12)/4, ipNextHopIPv4Address(15)/4, sourceTransportPort(7)/2,
 * destinationTransportPort(11)/2, protocolIdentifier(4)/1, ipClassOfService(5)/1, tcpControlBits(6)/2,
 * ingressInterface(10)/4, egressInterface(14)/4, packetDeltaCount(2)/8, octetDeltaCount(1)/8,
 * flowStartMilliseconds(152)/8, flowEndMilliseconds(153)/8, bgpSourceAsNumber(16)/4,
 * bgpDestinationAsNumber(17)/4, sourceIPv4PrefixLength(9)/1, destinationIPv4PrefixLength(13)/1,
 * flowDirection(61)/1, flowEndReason(136)/1, icmpTypeCodeIPv4(32)/2. Template 257 (IPv6, 110 bytes) uses
 * sourceIPv6Address(27), destinationIPv6Address(28), ipNextHopIPv6Address(62), the IPv6 prefix lengths
 * (29, 30) and icmpTypeCodeIPv6(139).
 */
public final class IpfixEncoder extends TemplateEncoder {
    public static final int VERSION = 10;
    public static final int HEADER_LENGTH = 16;
    public static final int TEMPLATE_SET_ID = 2;
    public static final int IPV4_TEMPLATE_ID = 256;
    public static final int IPV6_TEMPLATE_ID = 257;

    static final int H_VERSION = 0;
    static final int H_LENGTH = H_VERSION + 2;
    static final int H_EXPORT_TIME = H_LENGTH + 2;
    static final int H_SEQUENCE = H_EXPORT_TIME + 4;
    static final int H_DOMAIN = H_SEQUENCE + 4;

    private final long observationDomain;

    public IpfixEncoder(long observationDomain, TemplateRefresh refresh) {
        super(refresh, template(IPV4_TEMPLATE_ID, false), template(IPV6_TEMPLATE_ID, true));
        this.observationDomain = observationDomain;
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
                .add(6, 2, Field.TCP_FLAGS, UINT)
                .add(10, 4, Field.IN_IF, UINT)
                .add(14, 4, Field.OUT_IF, UINT)
                .add(2, 8, Field.PACKETS, UINT)
                .add(1, 8, Field.BYTES, UINT)
                .add(152, 8, Field.FIRST, MILLIS)
                .add(153, 8, Field.LAST, MILLIS)
                .add(16, 4, Field.SRC_AS, UINT)
                .add(17, 4, Field.DST_AS, UINT)
                .add(v6 ? 29 : 9, 1, Field.SRC_MASK, UINT)
                .add(v6 ? 30 : 13, 1, Field.DST_MASK, UINT)
                .add(61, 1, Field.DIRECTION, UINT)
                .add(136, 1, Field.END_REASON, UINT)
                .add(v6 ? 139 : 32, 2, Field.ICMP_TYPE, ICMP);
        return t;
    }

    @Override
    public int version() { return VERSION; }

    @Override
    int headerLength() { return HEADER_LENGTH; }

    @Override
    int templateSetId() { return TEMPLATE_SET_ID; }

    @Override
    void writeHeader(ByteBuffer out, int base, int length, int records, long dataRecordsBefore, long exportSeconds) {
        out.putShort(base + H_VERSION, (short) VERSION);
        out.putShort(base + H_LENGTH, (short) length);
        out.putInt(base + H_EXPORT_TIME, (int) exportSeconds);
        // RFC 7011 §3.1: the data records sent before this message, modulo 2^32
        out.putInt(base + H_SEQUENCE, (int) dataRecordsBefore);
        out.putInt(base + H_DOMAIN, (int) observationDomain);
    }

    /** {@code shiftMillis} must be whole seconds: the export time has no finer unit. */
    @Override
    public void restamp(ByteBuffer d, long datagramsBefore, long flowsBefore, long shiftMillis) {
        if (shiftMillis % 1000 != 0) {
            throw new IllegalArgumentException("IPFIX messages can only move by whole seconds, not " + shiftMillis + " ms");
        }
        int base = d.position();
        d.putInt(base + H_EXPORT_TIME, d.getInt(base + H_EXPORT_TIME) + (int) (shiftMillis / 1000));
        d.putInt(base + H_SEQUENCE, (int) flowsBefore);
        shiftRecords(d, shiftMillis);
    }
}
