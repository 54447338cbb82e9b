package org.flowsec.collect;

import java.nio.ByteBuffer;
import java.util.List;
import org.flowsec.decode.DatagramDecoder;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.DomainStats;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.FlowBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One datagram in, flows out: allowlist check, decoding into a reusable batch, per-exporter accounting,
 * and full batches handed downstream. The same code serves UDP and pcap ingest. Single-threaded; no
 * allocation per datagram once an exporter is known.
 */
public final class DatagramProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramProcessor.class);
    /** Each exporter logs each decode error reason at most once per this many ms (of receive time). */
    static final long LOG_INTERVAL_MILLIS = 60_000;
    /** How often (receive time) held data sets are checked for expiry. */
    static final long EXPIRE_INTERVAL_MILLIS = 1_000;
    private static final DecodeError[] ERRORS = DecodeError.values();

    private final DatagramDecoder decoder;
    private final Allowlist allowlist;
    private final BatchHandOff out;
    private final int batchRows;
    private final ExporterRegistry exporters;
    private final RejectedSources rejected;
    private final DatagramInfo info = new DatagramInfo();
    private FlowBatch batch;
    private long firstMillis;
    /** Receive time of the last pending-data expiry tick. */
    private long lastExpireMillis;

    public DatagramProcessor(DatagramDecoder decoder, BatchHandOff out, CollectorConfig config) {
        this(decoder, Allowlist.of(config.allowlist()), out, config, new FlowBatch(config.batchRows() + 512));
    }

    /** With a first batch to fill, e.g. one taken from the caller's pool. */
    public DatagramProcessor(DatagramDecoder decoder, Allowlist allowlist, BatchHandOff out, CollectorConfig config,
                             FlowBatch first) {
        this.decoder = decoder;
        this.allowlist = allowlist;
        this.out = out;
        this.batchRows = config.batchRows();
        this.exporters = new ExporterRegistry(config.maxExporters(),
                new ExporterCounters.SequenceWindows(config.reorderWindowDatagrams()));
        this.rejected = new RejectedSources(config.maxRejectedSources());
        this.batch = first;
    }

    /**
     * Processes the datagram between {@code payload.position()} and {@code limit()}.
     *
     * @return false when the source is not allowlisted (the datagram is counted and dropped)
     */
    public boolean process(long receivedMillis, long srcHi, long srcLo, int srcPort, ByteBuffer payload) {
        if (!allowlist.allows(srcHi, srcLo)) {
            rejected.count(srcHi, srcLo);
            return false;
        }
        if (firstMillis == 0) {
            firstMillis = receivedMillis;
        }
        if (receivedMillis - lastExpireMillis >= EXPIRE_INTERVAL_MILLIS && decoder instanceof NetflowDecoder nd) {
            // data sets held for a template of an exporter that fell silent expire here, not on its own datagrams
            nd.expire(receivedMillis);
            lastExpireMillis = receivedMillis;
        }
        int length = payload.remaining();
        int rowsBefore = batch.size();
        info.reset();
        DecodeException error = null;
        try {
            decoder.decode(payload, srcHi, srcLo, receivedMillis, batch, info);
        } catch (DecodeException e) {
            error = e; // records decoded before the error stay in the batch
        } catch (RuntimeException e) {
            // A decoder bug must not stop the collector: count it as a bad record and drop the rows.
            batch.truncate(rowsBefore);
            error = new DecodeException(DecodeError.BAD_RECORD, "decoder failed: " + e);
        }
        // a datagram whose header could not be read has no domain (-1): count it under domain 0
        ExporterCounters c = exporters.get(srcHi, srcLo, Math.max(0, info.domain));
        c.datagram(receivedMillis, length, batch.size() - rowsBefore, info);
        if (error != null) {
            countError(c, error, srcPort, receivedMillis);
        }
        if (batch.size() >= batchRows) {
            batch = out.handOff(batch);
        }
        return true;
    }

    private void countError(ExporterCounters c, DecodeException e, int srcPort, long now) {
        int r = e.error().ordinal();
        c.errors[r]++;
        c.sinceLogged[r]++;
        if (now - c.lastLogged[r] >= LOG_INTERVAL_MILLIS) {
            String who = exporters.isOther(c) ? "an untracked exporter (cap reached)"
                    : Addresses.format(c.hi, c.lo) + " port " + srcPort + " domain " + c.domain;
            LOG.warn("decode error {} from {}: {} ({} such errors since the last report, next report in a minute at most)",
                    ERRORS[r], who, e.getMessage(), c.sinceLogged[r]);
            c.lastLogged[r] = now;
            c.sinceLogged[r] = 0;
        }
    }

    /** Hands the partly filled batch downstream and asks the sink to flush. */
    public void flush() {
        if (!batch.isEmpty()) {
            batch = out.handOff(batch);
        }
        out.flush();
    }

    /** Counters per exporter and domain (the "other" bucket last, if used). */
    public List<CollectorStats.ExporterStats> exporterStats() {
        List<CollectorStats.ExporterStats> list = exporters.snapshot();
        if (!(decoder instanceof NetflowDecoder nd)) {
            return list;
        }
        // Data sets that expired while waiting for their template never raise an exception here: the
        // decoder counts them. Merge that count so each error is reported once, where users look.
        List<CollectorStats.ExporterStats> merged = new java.util.ArrayList<>(list.size());
        for (CollectorStats.ExporterStats e : list) {
            merged.add(withTemplateMissing(e, nd));
        }
        return merged;
    }

    private static CollectorStats.ExporterStats withTemplateMissing(CollectorStats.ExporterStats e, NetflowDecoder nd) {
        if (CollectorStats.OTHER.equals(e.exporter())) {
            return e;
        }
        java.net.InetAddress a = Addresses.parse(e.exporter());
        DomainStats d = nd.stats().get(Addresses.hi(a), Addresses.lo(a), e.domain());
        long missing = d == null ? 0 : d.errors(DecodeError.TEMPLATE_MISSING);
        if (missing == 0) {
            return e;
        }
        java.util.Map<String, Long> errors = new java.util.HashMap<>(e.decodeErrors());
        errors.merge(DecodeError.TEMPLATE_MISSING.name(), missing, Long::sum);
        return new CollectorStats.ExporterStats(e.exporter(), e.domain(), e.version(), e.datagrams(), e.flows(),
                e.bytes(), errors, e.templates(), e.firstSeenMillis(), e.lastSeenMillis(), e.sequenceGaps(),
                e.lostUnits(), e.estimatedLostFlows(), e.reordered(), e.duplicates(), e.resets());
    }

    /** Datagrams refused by the allowlist, per source. */
    public List<CollectorStats.RejectedSource> rejectedSources() { return rejected.snapshot(); }

    /** A snapshot without listeners, e.g. for pcap ingest. */
    public CollectorStats snapshot(long nowMillis) {
        return CollectorStats.of(firstMillis, nowMillis, List.of(), List.of(), exporterStats(), rejectedSources(), 0);
    }
}
