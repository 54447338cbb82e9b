package org.flowsec.generate;

/** A sender's progress so far: what has gone out and how fast. */
public record RateReport(long flows, long datagrams, long bytes, long elapsedNanos) {
    /** Achieved rate, flows per second of elapsed time (0 before any time has passed). */
    public double flowsPerSecond() {
        return elapsedNanos <= 0 ? 0 : flows * 1e9 / elapsedNanos;
    }

    public double datagramsPerSecond() {
        return elapsedNanos <= 0 ? 0 : datagrams * 1e9 / elapsedNanos;
    }
}
