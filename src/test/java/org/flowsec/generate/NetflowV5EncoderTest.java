package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowsec.generate.GoldenFlows.EXPORT;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class NetflowV5EncoderTest {
    static final String GOLDEN = """
            0005 0002             # version 5, count 2
            0F731400              # sysUptime 259200000 ms (3 days)
            6B077680              # unix_secs 1795651200 (2026-11-26T00:00:00Z)
            0754D4C0              # unix_nsecs 123000000
            00000000              # flow_sequence 0
            01 02 0000            # engine type 1, engine id 2, no sampling
            # record 1: HTTPS out
            0A0A010A 8EFA4A2E CB007101   # 10.10.1.10 -> 142.250.74.46 via 203.0.113.1
            0001 000A             # input 1, output 10
            0000000C 00000708     # 12 packets, 1800 bytes
            0F730C30 0F73120C     # First = uptime - 2000, Last = uptime - 500
            C738 01BB             # 51000 -> 443
            00 1B 06 00           # pad, flags SYN|ACK|PSH|FIN, TCP, tos 0
            0000 3B41             # src_as 0, dst_as 15169
            18 18 0000            # masks /24 /24, pad
            # record 2: ICMP echo request from a scanner
            2D9BCD03 0A0A000A 0AFF0001   # 45.155.205.3 -> 10.10.0.10 via 10.255.0.1
            000A 0001             # input 10, output 1
            00000001 00000054     # 1 packet, 84 bytes
            0F72D968 0F72D968     # First = Last = uptime - 15000
            0000 0800             # port 0, type 8 code 0 as dstport
            00 00 01 00           # pad, no flags, ICMP, tos 0
            C161 0000             # src_as 49505, dst_as 0
            18 18 0000            # masks, pad
            """;

    @Test
    void writesTheGoldenDatagramByteForByte() {
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        int next = new NetflowV5Encoder(1, 2).encode(GoldenFlows.twoFlows(), 0, 2, EXPORT, out);

        assertThat(next).isEqualTo(2);
        assertThat(Arrays.copyOf(out.array(), out.position())).isEqualTo(GoldenFlows.hex(GOLDEN));
    }

    @Test
    void theProjectsDecoderReadsBackEveryModelFlow() throws DecodeException {
        FlowBatch flows = new FlowBatch(3000);
        new RealisticFlowModel(42, EXPORT, 10_000, 0).fill(flows, 3000);
        NetflowV5Encoder encoder = new NetflowV5Encoder(0, 7);
        NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
        FlowBatch decoded = new FlowBatch(3000);
        DatagramInfo info = new DatagramInfo();
        ByteBuffer buf = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        long expectedSequence = 0;
        for (int row = 0; row < flows.size(); ) {
            buf.clear();
            int next = encoder.encode(flows, row, flows.size(), EXPORT + row, buf);
            assertThat(buf.position()).isLessThanOrEqualTo(FlowEncoder.MAX_DATAGRAM);
            buf.flip();
            info.reset();
            decoder.decode(buf, 0, Addresses.v4Low(GoldenFlows.ip(127, 0, 0, 1)), EXPORT, decoded, info);
            assertThat(info.sequence).isEqualTo(expectedSequence);
            assertThat(info.domain).isEqualTo(7);
            expectedSequence += next - row;
            row = next;
        }
        assertThat(decoded.size()).isEqualTo(flows.size());
        for (Field f : new Field[] {Field.SRC_ADDR, Field.DST_ADDR, Field.NEXT_HOP, Field.SRC_PORT, Field.DST_PORT,
                Field.PROTO, Field.TCP_FLAGS, Field.TOS, Field.PACKETS, Field.BYTES, Field.FIRST, Field.LAST,
                Field.IN_IF, Field.OUT_IF, Field.SRC_AS, Field.DST_AS, Field.SRC_MASK, Field.DST_MASK,
                Field.ICMP_TYPE, Field.ICMP_CODE}) {
            for (int s = 0; s < f.width(); s++) {
                assertThat(Arrays.copyOf(decoded.slot(f.slot() + s), decoded.size()))
                        .as(f.catalogName()).isEqualTo(Arrays.copyOf(flows.slot(f.slot() + s), flows.size()));
            }
        }
    }

    @Test
    void restampingMovesSequenceAndEveryTimeForward() throws DecodeException {
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        NetflowV5Encoder encoder = new NetflowV5Encoder(0, 0);
        encoder.encode(GoldenFlows.twoFlows(), 0, 2, EXPORT, out);
        out.flip();
        encoder.restamp(out, 5, 1234, 60_500);

        FlowBatch decoded = new FlowBatch(2);
        DatagramInfo info = new DatagramInfo();
        new NetflowDecoder(SamplingPolicy.EXPORTED).decode(out, 0, 0, EXPORT, decoded, info);
        assertThat(info.sequence).isEqualTo(1234);
        assertThat(info.exportMillis).isEqualTo(EXPORT + 60_500);
        assertThat(decoded.get(Field.FIRST, 0)).isEqualTo(EXPORT - 2000 + 60_500);
        assertThat(decoded.get(Field.LAST, 1)).isEqualTo(EXPORT - 15000 + 60_500);
        // the client's ephemeral port moves on, the server's port and ICMP type/code stay
        assertThat(decoded.get(Field.SRC_PORT, 0)).isEqualTo(32768 + (51000 - 32768 + EphemeralPorts.STEP) % 32768);
        assertThat(decoded.get(Field.DST_PORT, 0)).isEqualTo(443);
        assertThat(decoded.get(Field.DST_PORT, 1)).isEqualTo(0x0800);
    }

    @Test
    void aFullDatagramHoldsThirtyRecordsIn1464Bytes() {
        FlowBatch flows = new FlowBatch(100);
        new RealisticFlowModel(1, EXPORT, 1000, 0).fill(flows, 100);
        ByteBuffer out = ByteBuffer.allocate(FlowEncoder.MAX_DATAGRAM);
        int next = new NetflowV5Encoder(0, 0).encode(flows, 0, 100, EXPORT, out);
        assertThat(next).isEqualTo(30);
        assertThat(out.position()).isEqualTo(1464);
    }
}
