package org.flowsec.decode.template;

import java.nio.ByteBuffer;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.flow.FlowBatch;

/**
 * NetFlow v9 (RFC 3954). Header, 20 bytes, then flowsets:
 * <pre>
 *  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |        version (9)            |  count (records, unreliable)  |
 * +-------------------------------+-------------------------------+
 * |                      sysUptime (ms)                           |
 * |                      unix_secs                                |
 * |                      sequence (datagrams sent before)         |
 * |                      source id                                |
 * +-------------------------------+-------------------------------+
 * | flowset id (0 tpl, 1 options, |  length (incl. this header)   |
 * |   &gt;=256 data)                |                               |
 * +-------------------------------+-------------------------------+
 * template record: template id(16) field count(16) {type(16) length(16)}*
 * options record:  template id(16) scope length(16) option length(16) {type length}* (scopes first)
 * </pre>
 * The header count is ignored: exporters disagree on what it counts (see graylog/netflow9.pcap).
 * Scope fields of options templates use their own id space (1 system, 2 interface...) and are skipped.
 * A length of 65535 is read as variable-length, as some vendors (H3C) send it in v9 too.
 */
public final class NetflowV9Decoder extends TemplateMessageDecoder {
    public static final int VERSION = 9;
    public static final int HEADER_LENGTH = 20;
    private static final int H_UPTIME = 4;
    private static final int H_SECS = H_UPTIME + 4;
    private static final int H_SEQUENCE = H_SECS + 4;
    private static final int H_SOURCE_ID = H_SEQUENCE + 4;
    private static final int TEMPLATE_SET = 0;
    private static final int OPTIONS_SET = 1;

    public NetflowV9Decoder(TemplateState state) {
        super(state);
    }

    @Override
    int version() { return VERSION; }

    public void decode(ByteBuffer b, long exporterHi, long exporterLo, long receivedMillis, FlowBatch out,
                       DatagramInfo info) throws DecodeException {
        int base = b.position();
        int end = b.limit();
        if (end - base < HEADER_LENGTH) {
            throw new DecodeException(DecodeError.TRUNCATED, "v9 header needs 20 bytes, datagram has " + (end - base));
        }
        hi = exporterHi;
        lo = exporterLo;
        domain = b.getInt(base + H_SOURCE_ID) & 0xFFFF_FFFFL;
        now = receivedMillis;
        statsRow = state.stats.row(hi, lo, domain);
        dataRecords = 0;
        long uptime = b.getInt(base + H_UPTIME) & 0xFFFF_FFFFL;
        long exportMillis = (b.getInt(base + H_SECS) & 0xFFFF_FFFFL) * 1000;
        info.version = VERSION;
        info.domain = domain;
        info.hasSequence = true;
        info.sequence = b.getInt(base + H_SEQUENCE) & 0xFFFF_FFFFL;
        info.sequenceAdvance = 1;
        info.exportMillis = exportMillis;
        records.hi = hi;
        records.lo = lo;
        records.domain = domain;
        records.version = VERSION;
        records.exportMillis = exportMillis;
        records.uptime = uptime;
        records.sysInit = -1;
        records.domainRate = state.samplers.rate(hi, lo, domain, SamplerTable.ANY_SAMPLER);
        int before = out.size();
        try {
            sets(b, base + HEADER_LENGTH, end, TEMPLATE_SET, OPTIONS_SET, out, info);
        } finally {
            info.flows += out.size() - before;
        }
    }

    @Override
    void templateSet(ByteBuffer b, int p, int end, boolean options, FlowBatch out, DatagramInfo info)
            throws DecodeException {
        while (end - p >= 4) {
            int id = b.getShort(p) & 0xFFFF;
            if (id == 0 && b.getShort(p + 2) == 0) {
                return; // padding to a 32-bit boundary
            }
            int scopeBytes = 0;
            int fields;
            int q;
            if (options) {
                if (end - p < 6) {
                    throw new DecodeException(DecodeError.BAD_TEMPLATE, "v9 options template header cut short");
                }
                scopeBytes = b.getShort(p + 2) & 0xFFFF;
                int optionBytes = b.getShort(p + 4) & 0xFFFF;
                if ((scopeBytes & 3) != 0 || (optionBytes & 3) != 0) {
                    throw new DecodeException(DecodeError.BAD_TEMPLATE, "v9 options template " + id
                            + " scope/option lengths " + scopeBytes + "/" + optionBytes + " not multiples of 4");
                }
                fields = (scopeBytes + optionBytes) / 4;
                q = p + 6;
            } else {
                fields = b.getShort(p + 2) & 0xFFFF;
                q = p + 4;
            }
            if (id < 256) {
                throw new DecodeException(DecodeError.BAD_TEMPLATE, "v9 template id " + id + " below 256");
            }
            if (fields == 0 || fields > (end - q) / 4) {
                throw new DecodeException(DecodeError.BAD_TEMPLATE, "v9 template " + id + " announces " + fields
                        + " fields, set has room for " + (end - q) / 4);
            }
            templateFields(fields);
            int[] ies = templateIes;
            int[] lengths = templateLengths;
            for (int i = 0; i < fields; i++, q += 4) {
                int type = b.getShort(q) & 0xFFFF;
                // v9 has no enterprise bit, but vendors use ids >= 32768 for their own fields
                ies[i] = type >= 0x8000 ? PlanCompiler.ENTERPRISE : type;
                lengths[i] = b.getShort(q + 2) & 0xFFFF;
            }
            DecodePlan plan = planFor(id, options, fields, scopeBytes / 4);
            if (plan.minLength == 0) {
                fail(new DecodeException(DecodeError.BAD_TEMPLATE, "v9 template " + id + " has only zero-length fields"));
            } else {
                register(plan, out, info);
            }
            p = q;
        }
    }
}
