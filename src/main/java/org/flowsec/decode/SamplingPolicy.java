package org.flowsec.decode;

/**
 * Chooses the sampling rate applied to an exporter's counters: a per-exporter override beats what the
 * exporter says, which beats the configured default (as nfcapd's {@code -s -N}, header, {@code -s N}).
 */
@FunctionalInterface
public interface SamplingPolicy {
    /** Trust the exporter; 1 (unsampled) when it says nothing. */
    SamplingPolicy EXPORTED = (hi, lo, exported) -> exported > 0 ? exported : 1;

    /**
     * @param exported the rate the exporter announced, 0 when it announced none
     * @return the rate to multiply packets and bytes by, at least 1
     */
    long rate(long exporterHi, long exporterLo, long exported);
}
