package org.flowsec.decode.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/**
 * Exporters resend each template every few packets or seconds. A refresh with the same fields keeps the plan
 * already compiled (no garbage per refresh) and keeps the template alive; a template redefined under the same
 * id takes effect at once.
 */
class TemplateRefreshTest {
    private static final long EXPORTER = 0x0000_FFFF_C000_0201L; // 192.0.2.1
    private static final long OTHER_EXPORTER = 0x0000_FFFF_C000_0202L; // 192.0.2.2
    private static final long TIMEOUT = 60_000;

    private final NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED,
            DecoderConfig.DEFAULT.withTemplateTimeoutMillis(TIMEOUT));
    private final FlowBatch out = new FlowBatch(64);
    private final DatagramInfo info = new DatagramInfo();

    private void decode(ByteBuffer m, long exporter, long now) throws DecodeException {
        info.reset();
        decoder.decode(m, 0, exporter, now, out, info);
    }

    private DecodePlan plan(long exporter, int version, int id) {
        return decoder.templateState().templates.peek(0, exporter, 1, version, id);
    }

    /** IPFIX template 300: source then destination address (IEs 8 and 12). */
    private static ByteBuffer ipfixTemplate(int first, int second) {
        return Messages.ipfix(1000, 0, 1).set(2).template(300, first, 4, second, 4).build();
    }

    private static ByteBuffer ipfixData() {
        return Messages.ipfix(1000, 0, 1).set(300).u32(0x0A000001).u32(0x0A000002).build();
    }

    @Test
    void anIpfixRefreshWithTheSameFieldsKeepsTheCompiledPlan() throws DecodeException {
        decode(ipfixTemplate(8, 12), EXPORTER, 0);
        DecodePlan compiled = plan(EXPORTER, 10, 300);
        assertThat(compiled).isNotNull();
        for (int i = 1; i <= 5; i++) {
            decode(ipfixTemplate(8, 12), EXPORTER, i * 1000L);
            assertThat(info.templates).isEqualTo(1); // still counted as a template received
        }
        assertThat(plan(EXPORTER, 10, 300)).isSameAs(compiled);
        decode(ipfixData(), EXPORTER, 6000);
        assertThat(out.formatAddress(Field.SRC_ADDR, 0)).isEqualTo("10.0.0.1");
        assertThat(out.formatAddress(Field.DST_ADDR, 0)).isEqualTo("10.0.0.2");
    }

    @Test
    void refreshingATemplateAllocatesNothingPerRefresh() throws DecodeException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ByteBuffer refresh = Messages.ipfix(1000, 0, 1).set(2)
                .template(300, 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 8, 2, 8, 152, 8, 153, 8).build();
        int refreshes = 20_000;
        for (int i = 0; i < refreshes; i++) { // warm-up, so the measured loop runs compiled code
            decode(refresh, EXPORTER, i);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < refreshes; i++) {
            decode(refresh, EXPORTER, refreshes + i);
        }
        long perRefresh = (threads.getThreadAllocatedBytes(tid) - before) / refreshes;
        // compiling the 9-field template again took 1,240 bytes of arrays a time
        assertThat(perRefresh).isLessThan(16);
        assertThat(decoder.templateState().templates()).isEqualTo(1);
    }

    @Test
    void aTemplateRedefinedUnderTheSameIdTakesEffectAtOnce() throws DecodeException {
        decode(ipfixTemplate(8, 12), EXPORTER, 0);
        DecodePlan before = plan(EXPORTER, 10, 300);
        decode(ipfixTemplate(12, 8), EXPORTER, 1000); // the same id, addresses swapped
        assertThat(plan(EXPORTER, 10, 300)).isNotSameAs(before);
        decode(ipfixData(), EXPORTER, 2000);
        assertThat(out.formatAddress(Field.SRC_ADDR, 0)).isEqualTo("10.0.0.2");
        assertThat(out.formatAddress(Field.DST_ADDR, 0)).isEqualTo("10.0.0.1");
        // a field's length alone changing is a new template too
        decode(Messages.ipfix(1000, 0, 1).set(2).template(300, 8, 4, 12, 4, 2, 8).build(), EXPORTER, 3000);
        DecodePlan longer = plan(EXPORTER, 10, 300);
        decode(Messages.ipfix(1000, 0, 1).set(2).template(300, 8, 4, 12, 4, 2, 4).build(), EXPORTER, 4000);
        assertThat(plan(EXPORTER, 10, 300)).isNotSameAs(longer);
        assertThat(plan(EXPORTER, 10, 300).fixedLength).isEqualTo(12);
    }

    @Test
    void anotherExportersTemplateOfTheSameIdIsItsOwnPlan() throws DecodeException {
        decode(ipfixTemplate(8, 12), EXPORTER, 0);
        decode(ipfixTemplate(8, 12), OTHER_EXPORTER, 0);
        assertThat(plan(OTHER_EXPORTER, 10, 300)).isNotNull().isNotSameAs(plan(EXPORTER, 10, 300));
    }

    @Test
    void aRefreshKeepsTheTemplateAlivePastItsFirstTimeout() throws DecodeException {
        decode(ipfixTemplate(8, 12), EXPORTER, 0);
        decode(ipfixTemplate(8, 12), EXPORTER, TIMEOUT - 1000);
        decode(ipfixData(), EXPORTER, TIMEOUT + 1000);
        assertThat(out.size()).isEqualTo(1);
        // without a refresh it expires: the data waits for a template instead
        decode(ipfixData(), EXPORTER, 3 * TIMEOUT);
        assertThat(out.size()).isEqualTo(1);
        assertThat(decoder.templateState().pendingSets()).isEqualTo(1);
    }

    @Test
    void aV9OptionsTemplateRefreshKeepsItsPlanAndAScopeChangeReplacesIt() throws DecodeException {
        // options template 400: scope system (1) of 4 bytes; options sampling interval (34) and algorithm (35)
        ByteBuffer options = Messages.v9(0, 1000, 0, 1).set(1).u16(400).u16(4).u16(8).u16(1).u16(4)
                .u16(34).u16(4).u16(35).u16(1).build();
        decode(options, EXPORTER, 0);
        DecodePlan compiled = plan(EXPORTER, 9, 400);
        assertThat(compiled).isNotNull();
        decode(Messages.v9(0, 1000, 1, 1).set(1).u16(400).u16(4).u16(8).u16(1).u16(4)
                .u16(34).u16(4).u16(35).u16(1).build(), EXPORTER, 1000);
        assertThat(plan(EXPORTER, 9, 400)).isSameAs(compiled);
        // the same fields with two scope fields instead of one compile differently
        decode(Messages.v9(0, 1000, 2, 1).set(1).u16(400).u16(8).u16(4).u16(1).u16(4)
                .u16(34).u16(4).u16(35).u16(1).build(), EXPORTER, 2000);
        assertThat(plan(EXPORTER, 9, 400)).isNotSameAs(compiled);
    }
}
