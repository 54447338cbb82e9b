package org.flowsec.decode;

import java.nio.ByteBuffer;
import org.flowsec.decode.legacy.NetflowV1Decoder;
import org.flowsec.decode.legacy.NetflowV5Decoder;
import org.flowsec.decode.legacy.NetflowV7Decoder;
import org.flowsec.decode.template.IpfixDecoder;
import org.flowsec.decode.template.NetflowV9Decoder;
import org.flowsec.decode.template.TemplateState;
import org.flowsec.flow.FlowBatch;

/**
 * Dispatches a datagram to the decoder of its version (the first two bytes: 1, 5, 7, 9 or 10) and keeps
 * the per-exporter counters ({@link #stats()}). One instance per worker thread; template state is shared
 * by v9 and IPFIX and keyed by exporter and domain, so one instance serves many exporters.
 *
 * <p>Errors: a thrown {@link DecodeException} carries the first error of the datagram; records decoded
 * before it stay in the batch and are reflected in {@link DatagramInfo#flows}. Every error (thrown or
 * skipped past inside the datagram, and data sets whose template never came) is counted once in
 * {@link #stats()}, so a collector reads counters there rather than counting exceptions itself.
 */
public final class NetflowDecoder implements DatagramDecoder {
    private final NetflowV1Decoder v1;
    private final NetflowV5Decoder v5;
    private final NetflowV7Decoder v7;
    private final NetflowV9Decoder v9;
    private final IpfixDecoder ipfix;
    private final DecodeStats stats;
    private final TemplateState templates;

    public NetflowDecoder(SamplingPolicy sampling) {
        this(sampling, DecoderConfig.DEFAULT);
    }

    public NetflowDecoder(SamplingPolicy sampling, DecoderConfig config) {
        this.stats = new DecodeStats(config.maxTrackedDomains());
        this.templates = new TemplateState(sampling, config, stats);
        this.v1 = new NetflowV1Decoder(sampling);
        this.v5 = new NetflowV5Decoder(sampling);
        this.v7 = new NetflowV7Decoder(sampling);
        this.v9 = new NetflowV9Decoder(templates);
        this.ipfix = new IpfixDecoder(templates);
    }

    /** Decode outcomes per exporter and domain. */
    public DecodeStats stats() { return stats; }

    /** Template, sampler and pending-data state (sizes for monitoring). */
    public TemplateState templateState() { return templates; }

    /**
     * Gives up on data sets that waited longer than the pending timeout (counted as TEMPLATE_MISSING).
     * Decoding does this on every v9/IPFIX datagram; call it from a periodic tick too, so that sets of an
     * exporter that fell silent are accounted for.
     */
    public void expire(long nowMillis) {
        templates.expire(nowMillis);
    }

    @Override
    public void decode(ByteBuffer datagram, long exporterHi, long exporterLo, long receivedMillis,
                       FlowBatch out, DatagramInfo info) throws DecodeException {
        int base = datagram.position();
        info.domain = DecodeStats.NO_DOMAIN;
        int flowsBefore = info.flows;
        try {
            if (datagram.limit() - base < 2) {
                throw new DecodeException(DecodeError.TRUNCATED, "datagram shorter than a version field");
            }
            int version = datagram.getShort(base) & 0xFFFF;
            info.version = version;
            switch (version) {
                case NetflowV1Decoder.VERSION -> v1.decode(datagram, exporterHi, exporterLo, out, info);
                case NetflowV5Decoder.VERSION -> v5.decode(datagram, exporterHi, exporterLo, out, info);
                case NetflowV7Decoder.VERSION -> v7.decode(datagram, exporterHi, exporterLo, out, info);
                case NetflowV9Decoder.VERSION -> v9.decode(datagram, exporterHi, exporterLo, receivedMillis, out, info);
                case IpfixDecoder.VERSION -> ipfix.decode(datagram, exporterHi, exporterLo, receivedMillis, out, info);
                default -> throw new DecodeException(DecodeError.UNKNOWN_VERSION, "unknown export version " + version);
            }
            count(exporterHi, exporterLo, info, info.flows - flowsBefore, null);
        } catch (DecodeException e) {
            count(exporterHi, exporterLo, info, info.flows - flowsBefore, e);
            throw e;
        }
    }

    private void count(long hi, long lo, DatagramInfo info, int flows, DecodeException e) {
        int row = stats.row(hi, lo, info.domain);
        stats.datagram(row);
        if (info.version != NetflowV9Decoder.VERSION && info.version != IpfixDecoder.VERSION && flows > 0) {
            stats.flows(row, flows); // template decoders count their own flows per set
        }
        if (e != null) {
            stats.error(row, e.error());
        }
    }
}
