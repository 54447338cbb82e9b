package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowsec.generate.GoldenFlows.EXPORT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class NetflowV9EncoderTest {
    static final String GOLDEN = """
            0009 0004             # version 9, count 4 = 2 templates + 2 data records
            0F731400              # sysUptime 259200000 ms, counted to the whole export second
            6B077680              # unix_secs 1795651200 (2026-11-26T00:00:00Z)
            00000000              # sequence: no datagram before this one
            01020304              # source id
            0000 00A4             # template flowset, 164 bytes
            0100 0013             # template 256 (IPv4), 19 fields
            0008 0004  000C 0004  000F 0004   # IPV4_SRC_ADDR, IPV4_DST_ADDR, IPV4_NEXT_HOP
            0007 0002  000B 0002              # L4_SRC_PORT, L4_DST_PORT
            0004 0001  0005 0001  0006 0001   # PROTOCOL, SRC_TOS, TCP_FLAGS
            000A 0002  000E 0002              # INPUT_SNMP, OUTPUT_SNMP
            0002 0004  0001 0004              # IN_PKTS, IN_BYTES
            0015 0004  0016 0004              # LAST_SWITCHED, FIRST_SWITCHED
            0010 0002  0011 0002              # SRC_AS, DST_AS
            0009 0001  000D 0001  003D 0001   # SRC_MASK, DST_MASK, DIRECTION
            0101 0013             # template 257 (IPv6), 19 fields
            001B 0010  001C 0010  003E 0010   # IPV6_SRC_ADDR, IPV6_DST_ADDR, IPV6_NEXT_HOP
            0007 0002  000B 0002
            0004 0001  0005 0001  0006 0001
            000A 0002  000E 0002
            0002 0004  0001 0004
            0015 0004  0016 0004
            0010 0002  0011 0002
            001D 0001  001E 0001  003D 0001   # IPV6_SRC_MASK, IPV6_DST_MASK, DIRECTION
            0100 0060             # data flowset for template 256, 96 bytes
            0A0A010A 8EFA4A2E CB007101        # 10.10.1.10 -> 142.250.74.46 via 203.0.113.1
            C738 01BB 06 00 1B                # 51000 -> 443, TCP, tos 0, SYN|ACK|PSH|FIN
            0001 000A 0000000C 00000708       # if 1 -> 10, 12 packets, 1800 bytes
            0F731287 0F730CAB                 # last = uptime - 377 (export - 500 ms), first = last - 1500
            0000 3B41 18 18 00                # AS 0 -> 15169, /24 /24, ingress
            2D9BCD03 0A0A000A 0AFF0001        # 45.155.205.3 -> 10.10.0.10 via 10.255.0.1
            0000 0800 01 00 00                # ICMP echo request as dstport 8*256+0
            000A 0001 00000001 00000054       # if 10 -> 1, 1 packet, 84 bytes
            0F72D9E3 0F72D9E3                 # last = first = export - 15000 ms
            C161 0000 18 18 00                # AS 49505 -> 0, /24 /24, ingress
            """;

    @Test
    void writesTheGoldenDatagramByteForByte() {
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        int next = new NetflowV9Encoder(0x01020304, TemplateRefresh.DEFAULT).encode(GoldenFlows.twoFlows(), 0, 2, EXPORT, out);

        assertThat(next).isEqualTo(2);
        assertThat(Arrays.copyOf(out.array(), out.position())).isEqualTo(GoldenFlows.hex(GOLDEN));
    }

    @Test
    void padsADataFlowsetToFourBytes() {
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        new NetflowV9Encoder(1, TemplateRefresh.DEFAULT).encode(GoldenFlows.twoFlows(), 0, 1, EXPORT, out);
        int data = NetflowV9Encoder.HEADER_LENGTH + 164;
        assertThat(out.getShort(data + 2)).isEqualTo((short) 52); // 4 + 46 + 2 bytes of padding
        assertThat(out.position()).isEqualTo(data + 52);
        assertThat(out.getShort(data + 50)).isZero();
    }

    @Test
    void resendsTemplatesWhenTheirTimeoutOfExportTimeHasPassed() {
        NetflowV9Encoder encoder = new NetflowV9Encoder(1, new TemplateRefresh(0, 10_000));
        FlowBatch flows = GoldenFlows.twoFlows();
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        long[] exportOffsets = {0, 5_000, 9_999, 10_000, 15_000, 20_500};
        boolean[] expected = {true, false, false, true, false, true};
        for (int d = 0; d < exportOffsets.length; d++) {
            out.clear();
            encoder.encode(flows, 0, 1, EXPORT - 123 + exportOffsets[d], out);
            boolean template = out.getShort(NetflowV9Encoder.HEADER_LENGTH) == NetflowV9Encoder.TEMPLATE_FLOWSET_ID;
            assertThat(template).as("template at +" + exportOffsets[d] + " ms").isEqualTo(expected[d]);
        }
    }

    @Test
    void countsDatagramsAndResendsTemplatesOnSchedule() {
        NetflowV9Encoder encoder = new NetflowV9Encoder(1, new TemplateRefresh(3, 0));
        FlowBatch flows = new FlowBatch(1000);
        new RealisticFlowModel(3, EXPORT, 1000, 0.2).fill(flows, 1000);
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        int row = 0;
        for (int d = 0; d < 7; d++) {
            out.clear();
            row = encoder.encode(flows, row, flows.size(), EXPORT + d * 10, out);
            assertThat(out.getInt(NetflowV9Encoder.H_SEQUENCE)).as("sequence").isEqualTo(d);
            boolean template = out.getShort(NetflowV9Encoder.HEADER_LENGTH) == NetflowV9Encoder.TEMPLATE_FLOWSET_ID;
            assertThat(template).as("template in datagram " + d).isEqualTo(d % 3 == 0);
            assertThat(out.position()).isLessThanOrEqualTo(FlowEncoder.MAX_DATAGRAM);
        }
    }
}
