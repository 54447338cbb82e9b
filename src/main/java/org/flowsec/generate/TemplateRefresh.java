package org.flowsec.generate;

/**
 * When a v9 or IPFIX exporter resends its templates: in the first datagram, then whenever {@code datagrams}
 * datagrams or {@code millis} of export time have passed since the last time, whichever comes first; as
 * Cisco's {@code template data timeout} and packet-count refresh do. A non-positive value disables that
 * trigger.
 */
public record TemplateRefresh(int datagrams, long millis) {
    /** Every 20 datagrams or 10 s of export time. */
    public static final TemplateRefresh DEFAULT = new TemplateRefresh(20, 10_000);

    boolean due(long datagramsSince, long millisSince) {
        return (datagrams > 0 && datagramsSince >= datagrams) || (millis > 0 && millisSince >= millis);
    }
}
