package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowsec.generate.GoldenFlows.EXPORT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class IpfixEncoderTest {
    static final String GOLDEN = """
            000A 015C             # version 10, message length 348
            6B077680              # export time 1795651200 (2026-11-26T00:00:00Z)
            00000000              # sequence: no data record before this message
            01020304              # observation domain
            0002 00B4             # template set, 180 bytes
            0100 0015             # template 256 (IPv4), 21 fields
            0008 0004  000C 0004  000F 0004   # source/destination IPv4, ipNextHopIPv4Address
            0007 0002  000B 0002              # source/destination transport port
            0004 0001  0005 0001  0006 0002   # protocolIdentifier, ipClassOfService, tcpControlBits
            000A 0004  000E 0004              # ingressInterface, egressInterface
            0002 0008  0001 0008              # packetDeltaCount, octetDeltaCount
            0098 0008  0099 0008              # flowStartMilliseconds, flowEndMilliseconds
            0010 0004  0011 0004              # bgpSource/DestinationAsNumber
            0009 0001  000D 0001              # source/destination IPv4 prefix length
            003D 0001  0088 0001  0020 0002   # flowDirection, flowEndReason, icmpTypeCodeIPv4
            0101 0015             # template 257 (IPv6), 21 fields
            001B 0010  001C 0010  003E 0010   # source/destination IPv6, ipNextHopIPv6Address
            0007 0002  000B 0002
            0004 0001  0005 0001  0006 0002
            000A 0004  000E 0004
            0002 0008  0001 0008
            0098 0008  0099 0008
            0010 0004  0011 0004
            001D 0001  001E 0001              # source/destination IPv6 prefix length
            003D 0001  0088 0001  008B 0002   # flowDirection, flowEndReason, icmpTypeCodeIPv6
            0100 0098             # data set for template 256, 152 bytes
            0A0A010A 8EFA4A2E CB007101        # 10.10.1.10 -> 142.250.74.46 via 203.0.113.1
            C738 01BB 06 00 001B              # 51000 -> 443, TCP, tos 0, SYN|ACK|PSH|FIN
            00000001 0000000A                 # ingress 1, egress 10
            000000000000000C 0000000000000708 # 12 packets, 1800 bytes
            000001A21526DCAB 000001A21526E287 # start export - 2000 ms, end export - 500 ms
            00000000 00003B41 18 18           # AS 0 -> 15169, /24 /24
            00 03 0000                        # ingress, end of flow detected, not ICMP
            2D9BCD03 0A0A000A 0AFF0001        # 45.155.205.3 -> 10.10.0.10 via 10.255.0.1
            0000 0800 01 00 0000              # ICMP, ports as exported
            0000000A 00000001                 # ingress 10, egress 1
            0000000000000001 0000000000000054 # 1 packet, 84 bytes
            000001A21526A9E3 000001A21526A9E3 # start = end = export - 15000 ms
            0000C161 00000000 18 18           # AS 49505 -> 0, /24 /24
            00 01 0800                        # ingress, idle timeout, echo request type 8 code 0
            """;

    @Test
    void writesTheGoldenMessageByteForByte() {
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        int next = new IpfixEncoder(0x01020304, TemplateRefresh.DEFAULT).encode(GoldenFlows.twoFlows(), 0, 2, EXPORT, out);

        assertThat(next).isEqualTo(2);
        assertThat(Arrays.copyOf(out.array(), out.position())).isEqualTo(GoldenFlows.hex(GOLDEN));
    }

    @Test
    void restampingRenumbersAndMovesExportTimeFlowTimesAndClientPorts() {
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        IpfixEncoder encoder = new IpfixEncoder(1, TemplateRefresh.DEFAULT);
        encoder.encode(GoldenFlows.twoFlows(), 0, 2, EXPORT, out);
        out.flip();
        encoder.restamp(out, 3, 77, 3000);

        int record1 = IpfixEncoder.HEADER_LENGTH + 180 + 4;
        int record2 = record1 + 74;
        int start = 12 + 4 + 1 + 1 + 2 + 4 + 4 + 8 + 8; // offset of flowStartMilliseconds in the record
        assertThat(out.getInt(IpfixEncoder.H_SEQUENCE)).isEqualTo(77);
        assertThat(out.getInt(IpfixEncoder.H_EXPORT_TIME)).isEqualTo((int) (EXPORT / 1000 + 3));
        assertThat(out.getLong(record1 + start)).isEqualTo(EXPORT - 2000 + 3000);
        assertThat(out.getLong(record1 + start + 8)).isEqualTo(EXPORT - 500 + 3000);
        assertThat(out.getLong(record2 + start)).isEqualTo(EXPORT - 15000 + 3000);
        assertThat(out.getShort(record1 + 12) & 0xFFFF).isEqualTo(32768 + (51000 - 32768 + EphemeralPorts.STEP) % 32768);
        assertThat(out.getShort(record1 + 14) & 0xFFFF).isEqualTo(443);
        assertThat(out.getShort(record2 + 14) & 0xFFFF).isEqualTo(0x0800);
    }

    @Test
    void sequenceCountsTheDataRecordsSentBefore() {
        IpfixEncoder encoder = new IpfixEncoder(1, TemplateRefresh.DEFAULT);
        FlowBatch flows = new FlowBatch(500);
        new RealisticFlowModel(5, EXPORT, 1000, 0.3).fill(flows, 500);
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        int row = 0;
        while (row < flows.size()) {
            out.clear();
            int next = encoder.encode(flows, row, flows.size(), EXPORT, out);
            assertThat(out.getInt(IpfixEncoder.H_SEQUENCE)).isEqualTo(row);
            assertThat(out.getShort(IpfixEncoder.H_LENGTH) & 0xFFFF).isEqualTo(out.position());
            assertThat(out.position()).isLessThanOrEqualTo(FlowEncoder.MAX_DATAGRAM);
            row = next;
        }
    }
}
