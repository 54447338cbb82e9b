package org.flowsec.decode;

import java.util.Arrays;

/**
 * A snapshot of the decode counters of one exporter and observation domain (see {@link DecodeStats}).
 * {@code domain} is -1 for datagrams whose header could not be read, and exporter hi = lo = domain = -1
 * for the shared row that collects pairs beyond {@link DecoderConfig#maxTrackedDomains()}.
 */
public record DomainStats(long exporterHi, long exporterLo, long domain, long datagrams, long flows,
                          long optionsRecords, long templatesReceived, long templatesActive, long templatesExpired,
                          long templatesWithdrawn, long templatesRejected, long pendingSets, long pendingDecoded,
                          long[] errorCounts) {
    public DomainStats {
        errorCounts = errorCounts.clone();
    }

    /** How often this error happened (each error once, whether thrown or skipped past). */
    public long errors(DecodeError e) { return errorCounts[e.ordinal()]; }

    public long totalErrors() { return Arrays.stream(errorCounts).sum(); }

    @Override
    public long[] errorCounts() { return errorCounts.clone(); }
}
