package org.flowsec.decode;

/**
 * Bounds and timeouts of template-based decoding. All times are compared with the {@code receivedMillis}
 * passed to {@link DatagramDecoder#decode}, never the wall clock.
 *
 * @param templateTimeoutMillis a template not refreshed for this long is forgotten (RFC 7011 §8.4 suggests
 *                              3x the exporter's refresh interval; exporters commonly refresh every 60 s-30 min)
 * @param maxTemplatesPerDomain templates (incl. options templates) kept per exporter and domain
 * @param maxTemplatesTotal     templates kept in all; beyond, new ones are rejected as BAD_TEMPLATE
 * @param pendingTimeoutMillis  how long a data set waits for its template before counting as TEMPLATE_MISSING
 * @param maxPendingSets        data sets waiting in all
 * @param maxPendingBytes       bytes of data sets waiting in all
 * @param maxPendingSetsPerExporter data sets waiting per exporter
 * @param maxPendingBytesPerExporter bytes waiting per exporter
 * @param maxTrackedDomains     exporter/domain pairs with their own counters; the rest share one row
 */
public record DecoderConfig(long templateTimeoutMillis, int maxTemplatesPerDomain, int maxTemplatesTotal,
                            long pendingTimeoutMillis, int maxPendingSets, int maxPendingBytes,
                            int maxPendingSetsPerExporter, int maxPendingBytesPerExporter,
                            int maxTrackedDomains) {
    /** 30 min template life, 4096 templates per domain, 100,000 in all, 10 s / 1024 sets / 4 MiB pending. */
    public static final DecoderConfig DEFAULT = new DecoderConfig(30 * 60_000L, 4096, 100_000,
            10_000L, 1024, 4 << 20, 64, 512 << 10, 65_536);

    public DecoderConfig {
        if (templateTimeoutMillis <= 0 || maxTemplatesPerDomain < 1 || maxTemplatesTotal < 1 || pendingTimeoutMillis < 0
                || maxPendingSets < 0 || maxPendingBytes < 0 || maxPendingSetsPerExporter < 0
                || maxPendingBytesPerExporter < 0 || maxTrackedDomains < 1) {
            throw new IllegalArgumentException("decoder limits must be positive: " + this);
        }
    }

    public DecoderConfig withTemplateTimeoutMillis(long millis) {
        return new DecoderConfig(millis, maxTemplatesPerDomain, maxTemplatesTotal, pendingTimeoutMillis,
                maxPendingSets, maxPendingBytes, maxPendingSetsPerExporter, maxPendingBytesPerExporter, maxTrackedDomains);
    }

    public DecoderConfig withPending(long timeoutMillis, int sets, int bytes, int setsPerExporter, int bytesPerExporter) {
        return new DecoderConfig(templateTimeoutMillis, maxTemplatesPerDomain, maxTemplatesTotal, timeoutMillis,
                sets, bytes, setsPerExporter, bytesPerExporter, maxTrackedDomains);
    }

    public DecoderConfig withTemplateLimits(int perDomain, int total) {
        return new DecoderConfig(templateTimeoutMillis, perDomain, total, pendingTimeoutMillis,
                maxPendingSets, maxPendingBytes, maxPendingSetsPerExporter, maxPendingBytesPerExporter, maxTrackedDomains);
    }
}
