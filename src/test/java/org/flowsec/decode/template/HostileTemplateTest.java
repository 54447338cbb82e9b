package org.flowsec.decode.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.DomainStats;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** Crafted messages that try to make the template machinery loop, grow or mix exporters up. */
class HostileTemplateTest {
    private static final long EXPORTER_A = 0x0000_FFFF_C000_0201L; // 192.0.2.1
    private static final long EXPORTER_B = 0x0000_FFFF_C000_0202L; // 192.0.2.2

    private final NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
    private final FlowBatch out = new FlowBatch(64);
    private final DatagramInfo info = new DatagramInfo();

    private void decode(ByteBuffer m, long exporter, long now) throws DecodeException {
        info.reset();
        decoder.decode(m, 0, exporter, now, out, info);
    }

    private DecodeError error(ByteBuffer m) {
        try {
            decode(m, EXPORTER_A, 0);
            return null;
        } catch (DecodeException e) {
            return e.error();
        }
    }

    private DomainStats stats(long exporter, long domain) {
        return decoder.stats().get(0, exporter, domain);
    }

    @Test
    void aSetLengthOfZeroEndsTheMessageInsteadOfLooping() {
        ByteBuffer m = Messages.ipfix(1000, 0, 1).rawSet(256, 0).u32(0x01020304).build();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(error(m)).isEqualTo(DecodeError.BAD_SET));
        ByteBuffer v9 = Messages.v9(0, 1000, 0, 1).rawSet(256, 2).u32(5).build();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(error(v9)).isEqualTo(DecodeError.BAD_SET));
    }

    @Test
    void aSetOverrunningTheMessageIsBadButEarlierRecordsStay() throws DecodeException {
        decode(Messages.ipfix(1000, 0, 1).set(2).template(300, 8, 4, 12, 4).build(), EXPORTER_A, 0);
        ByteBuffer m = Messages.ipfix(1000, 0, 1).set(300).u32(0x0A000001).u32(0x0A000002)
                .rawSet(300, 400).u32(0x0A000003).u32(0x0A000004).build();
        assertThat(error(m)).isEqualTo(DecodeError.BAD_SET);
        assertThat(out.size()).isEqualTo(1);
        assertThat(out.formatAddress(Field.DST_ADDR, 0)).isEqualTo("10.0.0.2");
        assertThat(info.flows).isEqualTo(1);
        assertThat(stats(EXPORTER_A, 1).errors(DecodeError.BAD_SET)).isEqualTo(1);
    }

    @Test
    void aTemplateOfOnlyZeroLengthFieldsIsRejectedAndItsDataCannotSpin() {
        ByteBuffer t = Messages.ipfix(1000, 0, 1).set(2).template(300, 8, 0, 12, 0).build();
        assertThat(error(t)).isEqualTo(DecodeError.BAD_TEMPLATE);
        ByteBuffer d = Messages.ipfix(1000, 0, 1).set(300).u32(1).u32(2).build();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(error(d)).isNull());
        assertThat(out.size()).isZero();
        assertThat(decoder.templateState().pendingSets()).isEqualTo(1);
    }

    @Test
    void aFieldCountOf65535InASmallSetIsABadTemplate() {
        ByteBuffer t = Messages.ipfix(1000, 0, 1).set(2).u16(300).u16(65535).u16(8).u16(4).build();
        assertThat(error(t)).isEqualTo(DecodeError.BAD_TEMPLATE);
        ByteBuffer v9 = Messages.v9(0, 1000, 0, 1).set(0).u16(300).u16(65535).u16(8).u16(4).build();
        assertThat(error(v9)).isEqualTo(DecodeError.BAD_TEMPLATE);
        assertThat(decoder.templateState().templates()).isZero();
    }

    @Test
    void aVariableLengthFieldOverrunningItsSetIsABadRecordAfterTheGoodOnes() throws DecodeException {
        decode(Messages.ipfix(1000, 0, 1).set(2).template(301, 7, 2, 82, 0xFFFF).build(), EXPORTER_A, 0);
        ByteBuffer m = Messages.ipfix(1000, 0, 1).set(301)
                .u16(53).u8(3).bytes(new byte[] {'e', 't', 'h'})          // port 53, 3-byte name
                .u16(80).u8(255).u16(1000).u16(0).build();                   // claims 1000 bytes
        assertThat(error(m)).isEqualTo(DecodeError.BAD_RECORD);
        assertThat(out.size()).isEqualTo(1);
        assertThat(out.get(Field.SRC_PORT, 0)).isEqualTo(53);
    }

    @Test
    void twoExportersReusingATemplateIdKeepTheirOwnLayouts() throws DecodeException {
        decode(Messages.ipfix(1000, 0, 7).set(2).template(256, 7, 2, 11, 2).build(), EXPORTER_A, 0);
        decode(Messages.ipfix(1000, 0, 7).set(2).template(256, 11, 2, 7, 2).build(), EXPORTER_B, 0);
        decode(Messages.ipfix(1000, 0, 7).set(256).u16(1111).u16(2222).build(), EXPORTER_A, 1);
        decode(Messages.ipfix(1000, 0, 7).set(256).u16(1111).u16(2222).build(), EXPORTER_B, 1);
        assertThat(out.get(Field.SRC_PORT, 0)).isEqualTo(1111);
        assertThat(out.get(Field.SRC_PORT, 1)).isEqualTo(2222);
        assertThat(stats(EXPORTER_A, 7).templatesActive()).isEqualTo(1);
        assertThat(stats(EXPORTER_B, 7).templatesActive()).isEqualTo(1);
    }

    @Test
    void withdrawnTemplatesNoLongerDecodeAndWithdrawAllClearsTheDomain() throws DecodeException {
        decode(Messages.ipfix(1000, 0, 1).set(2).template(256, 7, 2).template(257, 11, 2).build(), EXPORTER_A, 0);
        decode(Messages.ipfix(1000, 0, 1).set(2).u16(256).u16(0).build(), EXPORTER_A, 1);
        assertThat(stats(EXPORTER_A, 1).templatesActive()).isEqualTo(1);
        decode(Messages.ipfix(1000, 0, 1).set(256).u16(1).build(), EXPORTER_A, 2);
        assertThat(out.size()).isZero();
        assertThat(decoder.templateState().pendingSets()).isEqualTo(1);
        decode(Messages.ipfix(1000, 0, 1).set(2).u16(2).u16(0).build(), EXPORTER_A, 3);
        assertThat(stats(EXPORTER_A, 1).templatesActive()).isZero();
        assertThat(stats(EXPORTER_A, 1).templatesWithdrawn()).isEqualTo(2);
    }

    @Test
    void aRefreshedTemplateWithANewLayoutReplacesTheOld() throws DecodeException {
        decode(Messages.ipfix(1000, 0, 1).set(2).template(256, 7, 2).build(), EXPORTER_A, 0);
        decode(Messages.ipfix(1000, 0, 1).set(2).template(256, 11, 2).build(), EXPORTER_A, 1);
        decode(Messages.ipfix(1000, 0, 1).set(256).u16(443).build(), EXPORTER_A, 2);
        assertThat(out.get(Field.DST_PORT, 0)).isEqualTo(443);
        assertThat(out.get(Field.SRC_PORT, 0)).isZero();
        assertThat(stats(EXPORTER_A, 1).templatesActive()).isEqualTo(1);
    }

    @Test
    void aTemplateNotRefreshedWithinTheTimeoutIsForgotten() throws DecodeException {
        NetflowDecoder d = new NetflowDecoder(SamplingPolicy.EXPORTED, DecoderConfig.DEFAULT.withTemplateTimeoutMillis(60_000));
        info.reset();
        d.decode(Messages.ipfix(1000, 0, 1).set(2).template(256, 7, 2).build(), 0, EXPORTER_A, 0, out, info);
        info.reset();
        d.decode(Messages.ipfix(1000, 0, 1).set(256).u16(1).build(), 0, EXPORTER_A, 59_000, out, info);
        assertThat(out.size()).isEqualTo(1);
        info.reset();
        d.decode(Messages.ipfix(1000, 0, 1).set(256).u16(1).build(), 0, EXPORTER_A, 59_000 + 60_001, out, info);
        assertThat(out.size()).isEqualTo(1);
        assertThat(d.stats().get(0, EXPORTER_A, 1).templatesExpired()).isEqualTo(1);
    }

    @Test
    void pendingDataIsBoundedPerExporterAndCountedWhenPushedOut() throws DecodeException {
        NetflowDecoder d = new NetflowDecoder(SamplingPolicy.EXPORTED,
                DecoderConfig.DEFAULT.withPending(10_000, 100, 1 << 20, 8, 1 << 20));
        for (int i = 0; i < 50; i++) {
            info.reset();
            d.decode(Messages.ipfix(1000, 0, 1).set(256 + i).u32(i).build(), 0, EXPORTER_A, i, out, info);
        }
        assertThat(d.templateState().pendingSets()).isEqualTo(8);
        assertThat(d.stats().get(0, EXPORTER_A, 1).errors(DecodeError.TEMPLATE_MISSING)).isEqualTo(42);
        assertThat(d.stats().get(0, EXPORTER_A, 1).pendingSets()).isEqualTo(8);
    }

    @Test
    void aPeriodicExpireGivesUpOnDataOfAnExporterThatFellSilent() throws DecodeException {
        decode(Messages.ipfix(1000, 0, 1).set(300).u32(1).build(), EXPORTER_A, 0);
        decoder.expire(DecoderConfig.DEFAULT.pendingTimeoutMillis());
        assertThat(decoder.templateState().pendingSets()).isEqualTo(1);
        decoder.expire(DecoderConfig.DEFAULT.pendingTimeoutMillis() + 1);
        assertThat(decoder.templateState().pendingSets()).isZero();
        assertThat(decoder.stats().forExporter(0, EXPORTER_A)).singleElement()
                .satisfies(s -> assertThat(s.errors(DecodeError.TEMPLATE_MISSING)).isEqualTo(1));
    }

    @Test
    void aHundredThousandTemplateIdsStayWithinTheTemplateBounds() {
        // 50 domains x 4000 ids = 200,000 distinct templates offered; the table keeps at most 100,000
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int domain = 0; domain < 50; domain++) {
                for (int first = 256; first < 256 + 4000; first += 1000) {
                    Messages m = Messages.ipfix(1000, 0, domain).set(2);
                    for (int id = first; id < first + 1000; id++) {
                        // a realistic 8-field IPv4 template
                        m.template(id, 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 4, 2, 4, 152, 8);
                    }
                    try {
                        decode(m.build(), EXPORTER_A, 0);
                    } catch (DecodeException e) {
                        assertThat(e.error()).isEqualTo(DecodeError.BAD_TEMPLATE);
                    }
                }
            }
        });
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf("templates kept: %d, heap grew by ~%d MB%n", decoder.templateState().templates(),
                (after - before) >> 20);
        assertThat(decoder.templateState().templates()).isEqualTo(DecoderConfig.DEFAULT.maxTemplatesTotal());
        assertThat(decoder.stats().snapshot().stream().mapToLong(DomainStats::templatesRejected).sum())
                .isEqualTo(200_000 - 100_000);
    }

    @Test
    void aV9OptionsTemplateWithScopeLengthsNotMultiplesOfFourIsRejected() {
        ByteBuffer m = Messages.v9(0, 1000, 0, 1).set(1).u16(300).u16(3).u16(4).u16(1).u16(4).u16(34).u16(4).build();
        assertThat(error(m)).isEqualTo(DecodeError.BAD_TEMPLATE);
    }

    @Test
    void truncatedHeadersAreTypedErrors() {
        assertThat(error(ByteBuffer.wrap(new byte[] {0}))).isEqualTo(DecodeError.TRUNCATED);
        assertThat(error(ByteBuffer.wrap(new byte[] {0, 10, 0, 16}))).isEqualTo(DecodeError.TRUNCATED);
        assertThat(error(ByteBuffer.wrap(new byte[] {0, 9, 0, 1}))).isEqualTo(DecodeError.TRUNCATED);
        assertThat(error(ByteBuffer.wrap(new byte[] {0, 1, 0, 1}))).isEqualTo(DecodeError.TRUNCATED);
        assertThat(error(ByteBuffer.wrap(new byte[] {0, 7, 0, 1}))).isEqualTo(DecodeError.TRUNCATED);
        assertThat(error(ByteBuffer.wrap(new byte[] {0, 4, 0, 1}))).isEqualTo(DecodeError.UNKNOWN_VERSION);
        ByteBuffer shortLength = Messages.ipfix(1000, 0, 1).build();
        shortLength.putShort(2, (short) 8);
        assertThatThrownBy(() -> decode(shortLength, EXPORTER_A, 0)).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).error()).isEqualTo(DecodeError.BAD_HEADER);
    }
}
