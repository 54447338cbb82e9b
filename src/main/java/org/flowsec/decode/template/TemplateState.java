package org.flowsec.decode.template;

import org.flowsec.decode.DecodeStats;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.SamplingPolicy;

/**
 * Everything a template-based stream remembers between datagrams: templates, sampler rates and init
 * times from options data, data sets waiting for their template. Shared by the v9 and IPFIX decoders of
 * one worker (one thread).
 */
public final class TemplateState {
    final DecoderConfig config;
    final DecodeStats stats;
    final TemplateTable templates;
    final SamplerTable samplers;
    final PendingSets pending;
    final RecordDecoder records;

    public TemplateState(SamplingPolicy policy, DecoderConfig config, DecodeStats stats) {
        this.config = config;
        this.stats = stats;
        this.templates = new TemplateTable(config, stats);
        // sampler entries are 4 longs + 1; bound them like templates
        this.samplers = new SamplerTable(config.maxTemplatesTotal());
        this.pending = new PendingSets(config, stats);
        this.records = new RecordDecoder(policy, samplers);
    }

    /** Counts as TEMPLATE_MISSING every held data set older than the pending timeout. */
    public void expire(long nowMillis) {
        pending.expire(nowMillis);
    }

    /** Templates and options templates currently known, over all exporters. */
    public int templates() { return templates.size(); }

    /** Data sets waiting for their template. */
    public int pendingSets() { return pending.size(); }

    /** Bytes held by data sets waiting for their template. */
    public long pendingBytes() { return pending.bytes(); }
}
