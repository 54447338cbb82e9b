package org.flowsec.decode.template;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.flow.FlowBatch;

/**
 * What v9 and IPFIX messages share: a header, then sets of {@code id(16) length(16) body}. Template sets
 * compile and store plans (then decode whatever waited for them), data sets run their plan or wait.
 *
 * <p>Error policy: a bad set header ends the message (its framing can no longer be trusted); a bad
 * template or record ends only its set, and decoding goes on with the next set. Records decoded before
 * an error stay in the batch. The first error of the message is thrown at the end; later ones are only
 * counted in {@link org.flowsec.decode.DecodeStats} (the dispatcher counts the thrown one), so every
 * error is counted exactly once.
 */
abstract class TemplateMessageDecoder {
    static final int SET_HEADER = 4;

    final TemplateState state;
    final RecordDecoder records;
    // per message
    long hi;
    long lo;
    long domain;
    long now;
    int statsRow;
    int dataRecords;
    private DecodeException first;
    /** The template being parsed, fields [0, n); grown to the widest template seen. */
    int[] templateIes = new int[64];
    int[] templateLengths = new int[64];

    TemplateMessageDecoder(TemplateState state) {
        this.state = state;
        this.records = state.records;
    }

    abstract int version();

    /** Makes room in {@link #templateIes} and {@link #templateLengths} for a template of {@code fields} fields. */
    final void templateFields(int fields) {
        if (templateIes.length < fields) {
            templateIes = new int[fields];
            templateLengths = new int[fields];
        }
    }

    /**
     * The plan for the template just parsed into {@link #templateIes} and {@link #templateLengths} [0, n): the
     * stored plan when it was compiled from the same fields, else a new one. Exporters resend every template
     * every few packets or seconds; compiling each refresh again (about 1 KB of arrays) was the collector's
     * main garbage under IPFIX load, and its collections pause receiving.
     */
    final DecodePlan planFor(int id, boolean options, int n, int skipFirst) {
        DecodePlan known = state.templates.peek(hi, lo, domain, version(), id);
        if (known != null && known.compiledFrom(options, templateIes, templateLengths, n, skipFirst)) {
            return known;
        }
        return PlanCompiler.compile(version(), id, options, Arrays.copyOf(templateIes, n),
                Arrays.copyOf(templateLengths, n), skipFirst);
    }

    /** Parses the template records of one template or options-template set. */
    abstract void templateSet(ByteBuffer b, int p, int end, boolean options, FlowBatch out, DatagramInfo info)
            throws DecodeException;

    /** Walks the sets from {@code p} to {@code end}, then throws the first error, if any. */
    final void sets(ByteBuffer b, int p, int end, int templateSetId, int optionsSetId, FlowBatch out,
                    DatagramInfo info) throws DecodeException {
        first = null;
        state.pending.expire(now);
        while (end - p >= SET_HEADER) {
            int id = b.getShort(p) & 0xFFFF;
            int len = b.getShort(p + 2) & 0xFFFF;
            if (len == 0 && id == 0 && allZero(b, p, end)) {
                break; // some exporters (Cisco ACI, Palo Alto) pad the datagram with zeros after the last set
            }
            if (len < SET_HEADER || len > end - p) {
                fail(new DecodeException(DecodeError.BAD_SET, "set " + id + " length " + len + " at offset "
                        + p + " outside 4.." + (end - p)));
                break;
            }
            try {
                if (id == templateSetId || id == optionsSetId) {
                    templateSet(b, p + SET_HEADER, p + len, id == optionsSetId, out, info);
                } else if (id >= 256) {
                    dataSet(b, p + SET_HEADER, p + len, id, out);
                } else if (id != 0 || version() != 9) {
                    fail(new DecodeException(DecodeError.BAD_SET, "reserved set id " + id));
                }
            } catch (DecodeException e) {
                fail(e);
            }
            p += len;
        }
        if (first != null) {
            DecodeException e = first;
            first = null;
            throw e;
        }
    }

    private static boolean allZero(ByteBuffer b, int p, int end) {
        for (int i = p; i < end; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Remembers the first error to throw; counts the others now. */
    final void fail(DecodeException e) {
        if (first == null) {
            first = e;
        } else {
            state.stats.error(statsRow, e.error());
        }
    }

    private void dataSet(ByteBuffer b, int p, int end, int templateId, FlowBatch out) throws DecodeException {
        DecodePlan plan = state.templates.get(hi, lo, domain, version(), templateId, now);
        if (plan == null) {
            byte[] copy = new byte[end - p];
            b.get(p, copy);
            state.pending.hold(new PendingSets.Entry(hi, lo, domain, version(), templateId, now,
                    records.exportMillis, records.uptime, copy, statsRow));
            return;
        }
        int before = out.size();
        try {
            int n = records.decodeSet(b, p, end, plan, out);
            dataRecords += n;
            count(plan, n);
        } catch (DecodeException e) {
            int n = out.size() - before;
            dataRecords += n;
            count(plan, n);
            throw e;
        }
    }

    private void count(DecodePlan plan, int n) {
        if (plan.options) {
            // options data may have just announced the domain's sampling rate or init time: later sets use it
            records.domainRate = state.samplers.rate(hi, lo, domain, SamplerTable.ANY_SAMPLER);
            records.sysInit = state.samplers.initTime(hi, lo, domain);
            state.stats.optionsRecords(statsRow, n);
        } else {
            state.stats.flows(statsRow, n);
        }
    }

    /** Stores a compiled template and decodes the data sets that were waiting for it. */
    final void register(DecodePlan plan, FlowBatch out, DatagramInfo info) {
        info.templates++;
        state.stats.templateReceived(statsRow);
        if (!state.templates.put(hi, lo, domain, plan, now, statsRow)) {
            fail(new DecodeException(DecodeError.BAD_TEMPLATE, "template limit reached, template "
                    + plan.templateId + " dropped"));
            return;
        }
        ArrayDeque<PendingSets.Entry> waiting = state.pending.take(hi, lo, domain, version(), plan.templateId);
        if (waiting == null) {
            return;
        }
        long exportMillis = records.exportMillis;
        long uptime = records.uptime;
        for (PendingSets.Entry e : waiting) {
            records.exportMillis = e.exportMillis;
            records.uptime = e.uptime;
            ByteBuffer held = ByteBuffer.wrap(e.data);
            try {
                int n = records.decodeSet(held, 0, e.data.length, plan, out);
                count(plan, n);
            } catch (DecodeException ex) {
                state.stats.error(e.statsRow, ex.error());
            }
            state.stats.pendingDecoded(e.statsRow);
        }
        records.exportMillis = exportMillis;
        records.uptime = uptime;
    }
}
