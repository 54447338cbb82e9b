package org.flowsec.decode.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** Every time encoding of RFC 7011 / RFC 3954 lands on the same UTC milliseconds. */
class TimestampAndSamplingTest {
    private static final long EXPORT_S = 1_700_000_000L;
    private static final long START_MS = 1_699_999_990_250L;
    private static final long END_MS = 1_699_999_999_750L;
    private static final long NTP_OFFSET = 2_208_988_800L;

    private final NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
    private final FlowBatch out = new FlowBatch(16);
    private final DatagramInfo info = new DatagramInfo();

    private void decode(ByteBuffer m) throws DecodeException {
        info.reset();
        decoder.decode(m, 0, 0x0000_FFFF_C000_0201L, 0, out, info);
    }

    private static long ntp(long millis) {
        long seconds = millis / 1000 + NTP_OFFSET;
        long fraction = ((millis % 1000) << 32) / 1000 + 1; // +1: the fraction rounds down when read back
        return seconds << 32 | fraction;
    }

    @Test
    void secondsMillisecondsNtpAndDeltaTimesAllDecodeToUtcMilliseconds() throws DecodeException {
        decode(Messages.ipfix(EXPORT_S, 0, 1).set(2)
                .template(400, 152, 8, 153, 8)
                .template(401, 150, 4, 151, 4)
                .template(402, 154, 8, 155, 8)
                .template(403, 156, 8, 157, 8)
                .template(404, 158, 4, 159, 4)
                .template(405, 7, 2).build());
        decode(Messages.ipfix(EXPORT_S, 0, 1)
                .set(400).u64(START_MS).u64(END_MS)
                .set(401).u32(START_MS / 1000).u32(END_MS / 1000)
                .set(402).u64(ntp(START_MS)).u64(ntp(END_MS))
                .set(403).u64(ntp(START_MS)).u64(ntp(END_MS))
                .set(404).u32((EXPORT_S * 1000 - START_MS) * 1000).u32((EXPORT_S * 1000 - END_MS) * 1000)
                .set(405).u16(1).build());
        assertThat(out.size()).isEqualTo(6);
        for (int row : new int[] {0, 2, 3, 4}) {
            assertThat(out.get(Field.FIRST, row)).as("row " + row).isEqualTo(START_MS);
            assertThat(out.get(Field.LAST, row)).as("row " + row).isEqualTo(END_MS);
        }
        assertThat(out.get(Field.FIRST, 1)).isEqualTo(START_MS / 1000 * 1000);
        // no time fields: the export time stands in
        assertThat(out.get(Field.FIRST, 5)).isEqualTo(EXPORT_S * 1000);
        assertThat(out.get(Field.LAST, 5)).isEqualTo(EXPORT_S * 1000);
        assertThat(info.sequenceAdvance).isEqualTo(6);
        assertThat(info.templates).isZero();
    }

    @Test
    void ipfixSysUpTimesAreRelativeToTheSystemInitTimeFromOptionsData() throws DecodeException {
        long init = 1_699_000_000_000L;
        decode(Messages.ipfix(EXPORT_S, 0, 1)
                .set(3).u16(500).u16(2).u16(1).u16(149).u16(4).u16(160).u16(8)   // scope observationDomainId
                .set(2).template(501, 22, 4, 21, 4)
                .set(500).u32(1).u64(init)
                .set(501).u32(START_MS - init).u32(END_MS - init).build());
        assertThat(out.get(Field.FIRST, 0)).isEqualTo(START_MS);
        assertThat(out.get(Field.LAST, 0)).isEqualTo(END_MS);
        assertThat(info.templates).isEqualTo(2);
    }

    @Test
    void v9SysUptimesAreRelativeToTheHeaderUptime() throws DecodeException {
        long uptime = 5_000_000;
        decode(Messages.v9(uptime, EXPORT_S, 9, 3).set(0).template(300, 22, 4, 21, 4, 1, 4, 2, 4)
                .set(300).u32(uptime - (EXPORT_S * 1000 - START_MS)).u32(uptime - (EXPORT_S * 1000 - END_MS))
                .u32(1500).u32(3).build());
        assertThat(out.get(Field.FIRST, 0)).isEqualTo(START_MS);
        assertThat(out.get(Field.LAST, 0)).isEqualTo(END_MS);
        assertThat(out.get(Field.DOMAIN, 0)).isEqualTo(3);
        assertThat(info.sequence).isEqualTo(9);
        assertThat(info.sequenceAdvance).isEqualTo(1);
    }

    @Test
    void ipfixPacketIntervalAndSpaceGiveTheSamplingRate() throws DecodeException {
        // selector 7 samples 1 packet in every 1 + 99: rate 100; records naming selector 7 are scaled by it
        decode(Messages.ipfix(EXPORT_S, 0, 1)
                .set(3).u16(600).u16(3).u16(1).u16(302).u16(8).u16(305).u16(4).u16(306).u16(4)
                .set(2).template(601, 302, 8, 2, 4, 1, 8, 8, 4, 27, 16)
                .set(600).u64(7).u32(1).u32(99)
                .set(601).u64(7).u32(3).u64(4500).u32(0).u64(0x20010DB800000000L).u64(1).build());
        assertThat(out.get(Field.SAMPLING, 0)).isEqualTo(100);
        assertThat(out.get(Field.PACKETS, 0)).isEqualTo(300);
        assertThat(out.get(Field.BYTES, 0)).isEqualTo(450_000);
        // an all-zero IPv4 source next to an IPv6 one: the IPv6 address is kept
        assertThat(out.hi(Field.SRC_ADDR, 0)).isEqualTo(0x20010DB800000000L);
        assertThat(out.lo(Field.SRC_ADDR, 0)).isEqualTo(1);
    }

    @Test
    void reducedSizeCountersAndEnterpriseFieldsAreReadByTheirLengths() throws DecodeException {
        // packets in 3 bytes, bytes in 5, an enterprise field of 6 bytes (PEN 9) in between, then the port
        decode(Messages.ipfix(EXPORT_S, 0, 1).set(2).u16(700).u16(4)
                .u16(2).u16(3).u16(0x8000 | 1).u16(6).u32(9).u16(1).u16(5).u16(7).u16(2)
                .set(700).bytes(new byte[] {0x01, 0x00, 0x00}).bytes(new byte[6])
                .bytes(new byte[] {0x01, 0x00, 0x00, 0x00, 0x00}).u16(8080).build());
        assertThat(out.get(Field.PACKETS, 0)).isEqualTo(0x010000);
        assertThat(out.get(Field.BYTES, 0)).isEqualTo(0x0100000000L);
        assertThat(out.get(Field.SRC_PORT, 0)).isEqualTo(8080);
    }
}
