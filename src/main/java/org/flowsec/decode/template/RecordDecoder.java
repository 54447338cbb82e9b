package org.flowsec.decode.template;

import static org.flowsec.decode.template.DecodePlan.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;

/**
 * Runs a {@link DecodePlan} over the records of one data set. The set's context (exporter, domain, header
 * times, the domain's default sampling rate) is set by the message decoder before each set; per-record
 * scratch lives in fields, so decoding allocates nothing. Options records update the {@link SamplerTable}
 * instead of producing flows.
 *
 * <p>Two paths: flow sets of fixed-length templates (the common case) run their {@link FixedLayout}
 * straight into the batch's columns, a whole set at a time; options sets and templates with
 * variable-length fields are read record by record into rows added with {@code FlowBatch.addRow()}.
 * {@code FixedLayoutProperties} holds the two paths to the same results.
 */
final class RecordDecoder {
    /** Seconds from the NTP era (1900) to the Unix epoch. */
    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

    private final SamplingPolicy policy;
    private final SamplerTable samplers;

    // set context
    long hi;
    long lo;
    long domain;
    int version;
    long exportMillis;
    /** v9 header sysUptime (ms). */
    long uptime;
    /** IPFIX systemInitTimeMilliseconds from options data, -1 unknown. */
    long sysInit;
    /** Rate the exporter announced for the domain without naming a sampler, 0 none. */
    long domainRate;

    // record scratch
    private boolean hasStart;
    private boolean hasEnd;
    private long startRaw;
    private long endRaw;
    private long recordInit;
    private long samplerId;
    private long interval;
    private long space;
    private int icmpTypeCode;

    RecordDecoder(SamplingPolicy policy, SamplerTable samplers) {
        this.policy = policy;
        this.samplers = samplers;
    }

    /**
     * Decodes records from {@code p} until fewer than a record's minimum bytes remain (the rest is padding).
     * Records decoded before a bad one stay in {@code out}.
     *
     * @return the number of records decoded
     * @throws DecodeException BAD_RECORD when a variable-length field overruns the set
     */
    int decodeSet(ByteBuffer b, int p, int end, DecodePlan plan, FlowBatch out) throws DecodeException {
        if (plan.fixed != null) {
            return fixedFlowSet(b, p, end, plan, plan.fixed, out);
        }
        int n = 0;
        while (end - p >= plan.minLength) {
            p = plan.options ? optionsRecord(b, p, end, plan) : flowRecord(b, p, end, plan, out);
            n++;
        }
        return n;
    }

    /**
     * The fast path for fixed-length flow templates: the set's record count is known up front, so rows are
     * written straight into the columns after one capacity check, values shared by the set (exporter,
     * domain, defaults, and the sampling rate unless records name their sampler) are filled once per set,
     * and no field needs a bounds check. Cannot fail: every field lies inside its record.
     */
    private int fixedFlowSet(ByteBuffer b, int p, int end, DecodePlan plan, FixedLayout layout, FlowBatch out) {
        int size = plan.fixedLength;
        int n = (end - p) / size; // the rest, shorter than a record, is padding
        if (n == 0) {
            return 0;
        }
        int row0 = out.size();
        int rows = row0 + n;
        out.ensureCapacity(rows);
        int[] defaultSlots = layout.defaultSlots;
        long[] defaultValues = layout.defaultValues;
        for (int i = 0; i < defaultSlots.length; i++) {
            Arrays.fill(out.slot(defaultSlots[i]), row0, rows, defaultValues[i]);
        }
        Arrays.fill(out.slot(Field.EXPORTER.slot()), row0, rows, hi);
        Arrays.fill(out.slot(Field.EXPORTER.slot() + 1), row0, rows, lo);
        Arrays.fill(out.slot(Field.DOMAIN.slot()), row0, rows, domain);
        long setRate = layout.perRecordRate ? 0 : Math.max(1, policy.rate(hi, lo, domainRate));
        long[] first = out.slot(Field.FIRST.slot());
        long[] last = out.slot(Field.LAST.slot());
        long[] sampling = out.slot(Field.SAMPLING.slot());
        long[] packets = out.slot(Field.PACKETS.slot());
        long[] bytes = out.slot(Field.BYTES.slot());
        for (int k = 0; k < layout.plainSlot.length; k++) {
            SetColumns.plain(b, p + layout.plainOffset[k], size, layout.plainLength[k], layout.plainKind[k],
                    out, layout.plainSlot[k], row0, rows);
        }
        if (layout.columnar) {
            resetScratch(); // no record carries its own init time, sampler or ICMP field
            timeColumn(b, p, size, layout.startOffset, layout.startLength, plan.startUnit, first, row0, rows);
            timeColumn(b, p, size, layout.endOffset, layout.endLength, plan.endUnit, last, row0, rows);
            if (setRate != 1) {
                for (int row = row0; row < rows; row++) {
                    packets[row] *= setRate;
                    bytes[row] *= setRate;
                }
            }
            Arrays.fill(sampling, row0, rows, setRate);
            if (!plan.hasIcmp) {
                SetColumns.icmpFromPorts(out, row0, rows);
            }
            out.setSize(rows);
            return n;
        }
        int[] offset = layout.offset;
        int[] length = layout.length;
        int[] ops = layout.op;
        for (int row = row0; row < rows; row++, p += size) {
            resetScratch();
            for (int k = 0; k < ops.length; k++) {
                field(b, p + offset[k], length[k], ops[k], out, row);
            }
            first[row] = hasStart ? absolute(startRaw, plan.startUnit) : exportMillis;
            last[row] = hasEnd ? absolute(endRaw, plan.endUnit) : exportMillis;
            long rate = layout.perRecordRate ? recordRate() : setRate;
            if (rate != 1) {
                packets[row] *= rate;
                bytes[row] *= rate;
            }
            sampling[row] = rate;
            icmp(plan, out, row);
        }
        out.setSize(rows);
        return n;
    }

    /** A start or end time of every record of a set (the export time when the template has none). */
    private void timeColumn(ByteBuffer b, int p, int size, int offset, int len, int unit, long[] col,
                            int row0, int rows) {
        if (offset < 0) {
            Arrays.fill(col, row0, rows, exportMillis);
            return;
        }
        for (int row = row0, at = p + offset; row < rows; row++, at += size) {
            col[row] = absolute(time(b, at, len, unit), unit);
        }
    }

    /** One field of a record, by its operation. */
    private void field(ByteBuffer b, int p, int len, int op, FlowBatch out, int row) {
        switch (op & 0xFF) {
            case OP_UNSIGNED -> out.slot(op >>> 8)[row] = unsigned(b, p, len);
            case OP_V4 -> out.slot((op >>> 8) + 1)[row] = Addresses.v4Low(b.getInt(p));
            case OP_START -> {
                hasStart = true;
                startRaw = time(b, p, len, op >>> 8);
            }
            case OP_END -> {
                hasEnd = true;
                endRaw = time(b, p, len, op >>> 8);
            }
            case OP_V6 -> {
                out.slot(op >>> 8)[row] = b.getLong(p);
                out.slot((op >>> 8) + 1)[row] = b.getLong(p + 8);
            }
            case OP_UNSIGNED_NONZERO -> {
                long v = unsigned(b, p, len);
                if (v != 0) {
                    out.slot(op >>> 8)[row] = v;
                }
            }
            case OP_V4_NONZERO -> {
                int v = b.getInt(p);
                if (v != 0) {
                    out.slot(op >>> 8)[row] = 0;
                    out.slot((op >>> 8) + 1)[row] = Addresses.v4Low(v);
                }
            }
            case OP_V6_NONZERO -> {
                long h = b.getLong(p);
                long l = b.getLong(p + 8);
                if ((h | l) != 0) {
                    out.slot(op >>> 8)[row] = h;
                    out.slot((op >>> 8) + 1)[row] = l;
                }
            }
            default -> scratch(op, b, p, len);
        }
    }

    private void resetScratch() {
        hasStart = false;
        hasEnd = false;
        recordInit = -1;
        samplerId = -1;
        interval = 0;
        space = 0;
        icmpTypeCode = -1;
    }

    private int flowRecord(ByteBuffer b, int p, int end, DecodePlan plan, FlowBatch out) throws DecodeException {
        resetScratch();
        int row = out.addRow();
        int[] lengths = plan.lengths;
        int[] ops = plan.ops;
        for (int i = 0; i < lengths.length; i++) {
            int len = lengths[i];
            if (len == VARIABLE) {
                p = variableStart(b, p, end, row, out);
                len = variableLength;
            }
            if (end - p < len) {
                out.truncate(row);
                throw new DecodeException(DecodeError.BAD_RECORD, "template " + plan.templateId + " field " + i
                        + " needs " + len + " bytes, " + (end - p) + " left in the set");
            }
            field(b, p, len, ops[i], out, row);
            p += len;
        }
        finishRow(plan, out, row);
        return p;
    }

    private int variableLength;

    /** RFC 7011 §7: one length byte, or 255 followed by a 2-byte length. Returns where the value starts. */
    private int variableStart(ByteBuffer b, int p, int end, int row, FlowBatch out) throws DecodeException {
        if (end - p < 1) {
            out.truncate(row);
            throw new DecodeException(DecodeError.BAD_RECORD, "variable-length field without its length");
        }
        int len = b.get(p) & 0xFF;
        if (len < 255) {
            variableLength = len;
            return p + 1;
        }
        if (end - p < 3) {
            out.truncate(row);
            throw new DecodeException(DecodeError.BAD_RECORD, "variable-length field cut in its 3-byte length");
        }
        variableLength = b.getShort(p + 1) & 0xFFFF;
        return p + 3;
    }

    private void scratch(int op, ByteBuffer b, int p, int len) {
        switch (op & 0xFF) {
            case OP_SYS_INIT -> recordInit = unsigned(b, p, len);
            case OP_SAMPLER_ID -> samplerId = unsigned(b, p, len);
            case OP_SAMPLING_INTERVAL -> interval = unsigned(b, p, len);
            case OP_SAMPLING_SPACE -> space = unsigned(b, p, len);
            case OP_ICMP_TYPE_CODE -> icmpTypeCode = (int) unsigned(b, p, len);
            default -> { }
        }
    }

    /** Times normalised to what {@link #absolute} needs: ms, or raw uptime / delta µs. */
    private static long time(ByteBuffer b, int p, int len, int unit) {
        if (unit == UNIT_NTP) {
            if (len != 8) {
                return 0;
            }
            long seconds = b.getInt(p) & 0xFFFF_FFFFL;
            long fraction = b.getInt(p + 4) & 0xFFFF_FFFFL;
            return (seconds - NTP_TO_UNIX_SECONDS) * 1000 + ((fraction * 1000) >>> 32);
        }
        long v = unsigned(b, p, len);
        return unit == UNIT_SECONDS ? v * 1000 : v;
    }

    private long absolute(long raw, int unit) {
        switch (unit) {
            case UNIT_UPTIME -> {
                if (version == 9) {
                    // sysUptime ms relative to the header's uptime; the signed difference survives the 49.7-day wrap
                    return exportMillis - (int) (uptime - raw);
                }
                long init = recordInit >= 0 ? recordInit : sysInit;
                return init >= 0 ? init + raw : exportMillis;
            }
            case UNIT_DELTA_MICROS -> {
                return exportMillis - raw / 1000;
            }
            default -> {
                return raw;
            }
        }
    }

    private void finishRow(DecodePlan plan, FlowBatch out, int row) {
        out.setAddress(Field.EXPORTER, row, hi, lo);
        out.set(Field.DOMAIN, row, domain);
        out.set(Field.FIRST, row, hasStart ? absolute(startRaw, plan.startUnit) : exportMillis);
        out.set(Field.LAST, row, hasEnd ? absolute(endRaw, plan.endUnit) : exportMillis);

        long rate = recordRate();
        if (rate != 1) {
            long[] packets = out.slot(Field.PACKETS.slot());
            long[] bytes = out.slot(Field.BYTES.slot());
            packets[row] *= rate;
            bytes[row] *= rate;
        }
        out.set(Field.SAMPLING, row, rate);
        icmp(plan, out, row);
    }

    /** The sampling rate of the record just read: its own interval or sampler, else the domain's. */
    private long recordRate() {
        long exported;
        if (interval > 0) {
            exported = space > 0 ? (interval + space) / interval : interval;
        } else if (samplerId >= 0) {
            exported = samplers.rate(hi, lo, domain, samplerId);
            if (exported == 0) {
                exported = domainRate;
            }
        } else {
            exported = domainRate;
        }
        return Math.max(1, policy.rate(hi, lo, exported));
    }

    private void icmp(DecodePlan plan, FlowBatch out, int row) {
        if (icmpTypeCode >= 0) {
            out.set(Field.ICMP_TYPE, row, icmpTypeCode >>> 8);
            out.set(Field.ICMP_CODE, row, icmpTypeCode & 0xFF);
        } else if (!plan.hasIcmp && Protocols.isIcmp((int) out.get(Field.PROTO, row))) {
            // no ICMP field in the template: exporters put type*256+code in the destination port, as in v5
            long port = out.get(Field.DST_PORT, row);
            out.set(Field.ICMP_TYPE, row, (port >>> 8) & 0xFF);
            out.set(Field.ICMP_CODE, row, port & 0xFF);
        }
    }

    private int optionsRecord(ByteBuffer b, int p, int end, DecodePlan plan) throws DecodeException {
        resetScratch();
        int[] lengths = plan.lengths;
        int[] ops = plan.ops;
        for (int i = 0; i < lengths.length; i++) {
            int len = lengths[i];
            if (len == VARIABLE) {
                if (end - p < 1) {
                    throw new DecodeException(DecodeError.BAD_RECORD, "variable-length option without its length");
                }
                len = b.get(p++) & 0xFF;
                if (len == 255) {
                    if (end - p < 2) {
                        throw new DecodeException(DecodeError.BAD_RECORD, "variable-length option cut in its length");
                    }
                    len = b.getShort(p) & 0xFFFF;
                    p += 2;
                }
            }
            if (end - p < len) {
                throw new DecodeException(DecodeError.BAD_RECORD, "options template " + plan.templateId
                        + " field " + i + " overruns the set");
            }
            scratch(ops[i], b, p, len);
            p += len;
        }
        if (interval > 0) {
            long rate = space > 0 ? (interval + space) / interval : interval;
            samplers.putRate(hi, lo, domain, samplerId >= 0 ? samplerId : SamplerTable.ANY_SAMPLER, rate);
        }
        if (recordInit >= 0) {
            samplers.putInitTime(hi, lo, domain, recordInit);
        }
        return p;
    }

    /** Reduced-size encoding (RFC 7011 §6.2): 1..8 bytes, big-endian, unsigned. */
    static long unsigned(ByteBuffer b, int p, int len) {
        switch (len) {
            case 1: return b.get(p) & 0xFFL;
            case 2: return b.getShort(p) & 0xFFFFL;
            case 4: return b.getInt(p) & 0xFFFF_FFFFL;
            case 8: return b.getLong(p);
            default:
                long v = 0;
                for (int i = 0; i < len; i++) {
                    v = (v << 8) | (b.get(p + i) & 0xFF);
                }
                return v;
        }
    }
}
