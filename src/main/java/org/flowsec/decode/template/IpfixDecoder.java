package org.flowsec.decode.template;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.flow.FlowBatch;

/**
 * IPFIX (RFC 7011). Message header, 16 bytes, then sets:
 * <pre>
 *  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |       version (10)            |   length (whole message)      |
 * +-------------------------------+-------------------------------+
 * |                 export time (UTC seconds)                     |
 * |                 sequence (data records sent before)           |
 * |                 observation domain id                         |
 * +-------------------------------+-------------------------------+
 * | set id (2 tpl, 3 options,     |  set length                   |
 * |   &gt;=256 data)                |                               |
 * +-------------------------------+-------------------------------+
 * template record:  template id(16) field count(16) {field specifier}*
 * options record:   template id(16) field count(16) scope field count(16) {field specifier}*
 * field specifier:  E(1) IE id(15) length(16) [enterprise number(32) when E]
 * withdrawal:       template id(16) 0(16); id 2 (template set) / 3 (options set) withdraws all
 * </pre>
 * A message length shorter than the datagram wins (trailing bytes ignored); a longer one is TRUNCATED.
 * {@link DatagramInfo#sequenceAdvance} counts the data records decoded from this message's own sets;
 * records of sets held for a missing template cannot be counted until the template arrives.
 */
public final class IpfixDecoder extends TemplateMessageDecoder {
    public static final int VERSION = 10;
    public static final int HEADER_LENGTH = 16;
    private static final int H_LENGTH = 2;
    private static final int H_EXPORT_TIME = H_LENGTH + 2;
    private static final int H_SEQUENCE = H_EXPORT_TIME + 4;
    private static final int H_DOMAIN = H_SEQUENCE + 4;
    private static final int TEMPLATE_SET = 2;
    private static final int OPTIONS_SET = 3;
    private static final int ENTERPRISE_BIT = 0x8000;

    public IpfixDecoder(TemplateState state) {
        super(state);
    }

    @Override
    int version() { return VERSION; }

    public void decode(ByteBuffer b, long exporterHi, long exporterLo, long receivedMillis, FlowBatch out,
                       DatagramInfo info) throws DecodeException {
        int base = b.position();
        int available = b.limit() - base;
        if (available < HEADER_LENGTH) {
            throw new DecodeException(DecodeError.TRUNCATED, "IPFIX header needs 16 bytes, datagram has " + available);
        }
        int length = b.getShort(base + H_LENGTH) & 0xFFFF;
        if (length < HEADER_LENGTH) {
            throw new DecodeException(DecodeError.BAD_HEADER, "IPFIX message length " + length + " below 16");
        }
        if (length > available) {
            throw new DecodeException(DecodeError.TRUNCATED, "IPFIX message length " + length + ", datagram has " + available);
        }
        hi = exporterHi;
        lo = exporterLo;
        domain = b.getInt(base + H_DOMAIN) & 0xFFFF_FFFFL;
        now = receivedMillis;
        statsRow = state.stats.row(hi, lo, domain);
        dataRecords = 0;
        long exportMillis = (b.getInt(base + H_EXPORT_TIME) & 0xFFFF_FFFFL) * 1000;
        info.version = VERSION;
        info.domain = domain;
        info.hasSequence = true;
        info.sequence = b.getInt(base + H_SEQUENCE) & 0xFFFF_FFFFL;
        info.exportMillis = exportMillis;
        records.hi = hi;
        records.lo = lo;
        records.domain = domain;
        records.version = VERSION;
        records.exportMillis = exportMillis;
        records.uptime = 0;
        records.sysInit = state.samplers.initTime(hi, lo, domain);
        records.domainRate = state.samplers.rate(hi, lo, domain, SamplerTable.ANY_SAMPLER);
        int before = out.size();
        try {
            sets(b, base + HEADER_LENGTH, base + length, TEMPLATE_SET, OPTIONS_SET, out, info);
        } finally {
            info.flows += out.size() - before;
            info.sequenceAdvance = dataRecords;
        }
    }

    @Override
    void templateSet(ByteBuffer b, int p, int end, boolean options, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        while (end - p >= 4) {
            int id = b.getShort(p) & 0xFFFF;
            int fields = b.getShort(p + 2) & 0xFFFF;
            if (fields == 0) {
                if (id < 256 && id != TEMPLATE_SET && id != OPTIONS_SET) {
                    return; // padding
                }
                withdraw(id, options, info);
                p += 4;
                continue;
            }
            if (id < 256) {
                throw new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX template id " + id + " below 256");
            }
            int scopeCount = 0;
            int q = p + 4;
            if (options) {
                if (end - q < 2) {
                    throw new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX options template " + id + " cut short");
                }
                scopeCount = b.getShort(q) & 0xFFFF;
                q += 2;
                if (scopeCount == 0 || scopeCount > fields) {
                    throw new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX options template " + id
                            + " has scope count " + scopeCount + " of " + fields + " fields");
                }
            }
            if (fields > (end - q) / 4) {
                throw new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX template " + id + " announces " + fields
                        + " fields, set has room for " + (end - q) / 4);
            }
            templateFields(fields);
            int[] ies = templateIes;
            int[] lengths = templateLengths;
            for (int i = 0; i < fields; i++) {
                if (end - q < 4) {
                    throw new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX template " + id + " cut in field " + i);
                }
                int ie = b.getShort(q) & 0xFFFF;
                lengths[i] = b.getShort(q + 2) & 0xFFFF;
                q += 4;
                if ((ie & ENTERPRISE_BIT) != 0) {
                    if (end - q < 4) {
                        throw new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX template " + id + " cut in a PEN");
                    }
                    q += 4; // enterprise number: vendor fields are skipped by length
                    ies[i] = PlanCompiler.ENTERPRISE;
                } else {
                    ies[i] = ie;
                }
            }
            DecodePlan plan = planFor(id, options, fields, 0);
            if (plan.minLength == 0) {
                fail(new DecodeException(DecodeError.BAD_TEMPLATE, "IPFIX template " + id + " has only zero-length fields"));
            } else {
                register(plan, out, info);
            }
            p = q;
        }
    }

    private void withdraw(int id, boolean options, DatagramInfo info) {
        info.templates++;
        if (id == TEMPLATE_SET || id == OPTIONS_SET) {
            state.templates.withdrawAll(hi, lo, domain, VERSION, id == OPTIONS_SET);
        } else {
            state.templates.withdraw(hi, lo, domain, VERSION, id);
        }
    }
}
