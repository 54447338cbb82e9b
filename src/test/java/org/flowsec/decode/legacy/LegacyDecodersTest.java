package org.flowsec.decode.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flowsec.collect.pcap.CaptureReader;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class LegacyDecodersTest {
    private final NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
    private final FlowBatch out = new FlowBatch(64);
    private final DatagramInfo info = new DatagramInfo();

    private static List<byte[]> payloads(Path p) throws IOException {
        List<byte[]> all = new ArrayList<>();
        new CaptureReader(p).read((ts, hi, lo, sp, dp, b) -> {
            byte[] c = new byte[b.remaining()];
            b.duplicate().get(c);
            all.add(c);
        });
        return all;
    }

    private static final long TSHARK_PACKETS = 1;
    private static final long TSHARK_OCTETS = 1500;

    private void decode(byte[] d) throws DecodeException {
        info.reset();
        decoder.decode(ByteBuffer.wrap(d), 0, 0x0000_FFFF_7F00_0001L, 0, out, info);
    }

    @Test
    void softflowdsNetflowV1DecodesAsTsharkShowsIt() throws Exception {
        List<byte[]> d = payloads(Path.of("src/test/resources/captures/softflowd-v1.pcapng"));
        assertThat(d).hasSize(2);
        decode(d.get(0));
        assertThat(info.version).isEqualTo(1);
        assertThat(info.hasSequence).isFalse();
        assertThat(info.sequenceAdvance).isEqualTo(29);
        assertThat(info.flows).isEqualTo(29);
        decode(d.get(1));
        assertThat(out.size()).isEqualTo(30);
        // tshark pdu 2/29: 10.5.5.1 -> 8.8.4.4 ICMP, 30 packets, 2520 octets, 28.999 s, dst port 2048 (echo)
        assertThat(out.formatAddress(Field.SRC_ADDR, 1)).isEqualTo("10.5.5.1");
        assertThat(out.formatAddress(Field.DST_ADDR, 1)).isEqualTo("8.8.4.4");
        assertThat(out.get(Field.PACKETS, 1)).isEqualTo(30);
        assertThat(out.get(Field.BYTES, 1)).isEqualTo(2520);
        assertThat(out.get(Field.LAST, 1) - out.get(Field.FIRST, 1)).isEqualTo(28_999);
        assertThat(out.get(Field.PROTO, 1)).isEqualTo(1);
        assertThat(out.get(Field.ICMP_TYPE, 1)).isEqualTo(8);
        assertThat(out.get(Field.ICMP_CODE, 1)).isZero();
        // pdu 1/29: DHCP 0.0.0.0:68 -> 255.255.255.255:67, 20 packets, 6560 octets
        assertThat(out.get(Field.SRC_PORT, 0)).isEqualTo(68);
        assertThat(out.get(Field.BYTES, 0)).isEqualTo(6560);
    }

    @Test
    void theV5HeaderSamplingIntervalScalesCountersAndEngineIdsFormTheDomain() throws Exception {
        byte[] d = payloads(Path.of("../shared/data/netflow-pcaps/logstash/nf5_juniper_mx80.pcap")).get(0);
        decode(d);
        // tshark: the MX80 announces rate 1000 (mode bits 00, as Juniper does) and flow 1 has 1 packet of 1500 octets
        assertThat(out.get(Field.SAMPLING, 0)).isEqualTo(1000);
        assertThat(out.get(Field.PACKETS, 0)).isEqualTo(TSHARK_PACKETS * 1000);
        assertThat(out.get(Field.BYTES, 0)).isEqualTo(TSHARK_OCTETS * 1000);
        // the same datagram, announcing 1-in-100 and engine type 1, id 7
        byte[] sampled = d.clone();
        ByteBuffer.wrap(sampled).put(20, (byte) 1).put(21, (byte) 7).putShort(22, (short) (0x4000 | 100));
        out.clear();
        decode(sampled);
        assertThat(out.get(Field.SAMPLING, 0)).isEqualTo(100);
        assertThat(out.get(Field.PACKETS, 0)).isEqualTo(TSHARK_PACKETS * 100);
        assertThat(out.get(Field.BYTES, 0)).isEqualTo(TSHARK_OCTETS * 100);
        assertThat(out.get(Field.DOMAIN, 0)).isEqualTo(1 << 8 | 7);
        assertThat(info.domain).isEqualTo(1 << 8 | 7);
        assertThat(info.sequenceAdvance).isEqualTo(29);
    }

    /** Cisco's v7 layout, two records; the second has no next hop, only the shortcut router's address. */
    private static final String V7 = ""
            // version 7, count 2, sysUptime 100000 ms, unix_secs 1700000000, nsecs 500000000
            + "0007 0002 000186a0 6553f100 1dcd6500"
            // flow_sequence 4242, reserved
            + "00001092 00000000"
            // rec 1: 10.0.0.1 -> 10.0.0.2 via 10.0.0.254, in 3 out 4, 10 pkts 1500 bytes, first 90000 last 99000
            + "0a000001 0a000002 0a0000fe 0003 0004 0000000a 000005dc 00015f90 000182b8"
            // sport 1234 dport 80, flags(valid) 0, tcp_flags 0x1b, proto 6, tos 0x10, src_as 65001 dst_as 65002
            + "04d2 0050 00 1b 06 10 fde9 fdea"
            // masks 24/16, flags2 0, router_sc 192.0.2.9
            + "18 10 0000 c0000209"
            // rec 2: 10.0.0.3 -> 10.0.0.4, next hop 0.0.0.0, ICMP echo reply (dport 0x0000), router_sc 192.0.2.10
            + "0a000003 0a000004 00000000 0001 0002 00000001 00000054 000186a0 000186a0"
            + "0000 0000 00 00 01 00 0000 0000"
            + "00 00 0000 c000020a";

    @Test
    void v7RecordsDecodeWithRouterShortcutStandingInForAMissingNextHop() throws DecodeException {
        decode(HexFormat.of().parseHex(V7.replace(" ", "")));
        assertThat(info.version).isEqualTo(7);
        assertThat(info.sequence).isEqualTo(4242);
        assertThat(info.sequenceAdvance).isEqualTo(2);
        assertThat(info.exportMillis).isEqualTo(1_700_000_000_500L);
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.formatAddress(Field.NEXT_HOP, 0)).isEqualTo("10.0.0.254");
        assertThat(out.get(Field.FIRST, 0)).isEqualTo(1_700_000_000_500L - 10_000);
        assertThat(out.get(Field.LAST, 0)).isEqualTo(1_700_000_000_500L - 1_000);
        assertThat(out.get(Field.TCP_FLAGS, 0)).isEqualTo(0x1b);
        assertThat(out.get(Field.SRC_AS, 0)).isEqualTo(65001);
        assertThat(out.get(Field.DST_MASK, 0)).isEqualTo(16);
        assertThat(out.get(Field.TOS, 0)).isEqualTo(0x10);
        assertThat(out.formatAddress(Field.NEXT_HOP, 1)).isEqualTo("192.0.2.10");
        assertThat(out.get(Field.ICMP_TYPE, 1)).isZero();
        assertThat(out.get(Field.SAMPLING, 1)).isEqualTo(1);
    }

    @Test
    void impossibleRecordCountsAreBadHeaders() {
        byte[] v7 = HexFormat.of().parseHex(V7.replace(" ", ""));
        ByteBuffer.wrap(v7).putShort(2, (short) 29);
        assertThatThrownBy(() -> decode(v7)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.error()).isEqualTo(DecodeError.BAD_HEADER));
        ByteBuffer.wrap(v7).putShort(2, (short) 3);
        assertThatThrownBy(() -> decode(v7)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.error()).isEqualTo(DecodeError.TRUNCATED));
        assertThat(decoder.stats().get(0, 0x0000_FFFF_7F00_0001L, -1).errors(DecodeError.BAD_HEADER)).isEqualTo(1);
    }

    @Test
    void v5RecordsDecodedIntoAReusedBatchEqualThoseDecodedIntoAFreshOne() throws Exception {
        // the decoder writes whole columns, so every slot (also those v5 lacks) must overwrite leftovers
        byte[] d = payloads(Path.of("../shared/data/netflow-pcaps/logstash/nf5_mikrotik.pcap")).get(0);
        FlowBatch fresh = new FlowBatch(16);
        decoder.decode(ByteBuffer.wrap(d), 0, 0x0000_FFFF_7F00_0001L, 0, fresh, new DatagramInfo());
        FlowBatch reused = new FlowBatch(16);
        reused.addRow();
        for (int row = 0; row < 40; row++) {
            reused.addRow();
            for (int s = 0; s < Field.SLOTS; s++) {
                reused.slot(s)[row] = -1 - row;
            }
        }
        reused.truncate(1); // one row stays in front, the rest are leftovers
        decoder.decode(ByteBuffer.wrap(d), 0, 0x0000_FFFF_7F00_0001L, 0, reused, new DatagramInfo());
        assertThat(fresh.size()).isEqualTo(30);
        FlowBatch decoded = new FlowBatch(16);
        decoded.appendRange(reused, 1, reused.size());
        assertThat(decoded.sameRows(fresh)).isTrue();
    }
}
