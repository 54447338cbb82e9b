package org.flowsec.generate;

/**
 * What a sender did. {@code sendErrors} counts datagrams the operating system refused (for example ICMP
 * port unreachable reported on a connected socket when nothing listens); they and their flows are not in {@code datagrams} and {@code flows}.
 */
public record SendResult(long flows, long datagrams, long bytes, long elapsedNanos, long sendErrors,
                         boolean cancelled) {
    public double flowsPerSecond() {
        return new RateReport(flows, datagrams, bytes, elapsedNanos).flowsPerSecond();
    }

    public double datagramsPerSecond() {
        return new RateReport(flows, datagrams, bytes, elapsedNanos).datagramsPerSecond();
    }
}
