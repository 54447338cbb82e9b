package org.flowsec.generate;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds a sender to a rate of flows per second: a token bucket kept as a schedule on a monotonic nanosecond
 * clock (flow {@code n} is due at {@code origin + n/rate}), computed from the origin each time so rounding
 * never accumulates. Every wait parks the thread, never spins: {@code parkNanos} oversleeps by tens of
 * microseconds, and the datagrams that came due meanwhile then go back to back, so the average rate holds
 * (bursts of a few datagrams, as a router's flow cache expiry makes them) while the sender leaves the cores
 * to the collector under test. Spinning through short waits used to burn most of a core at 1M flows/s on
 * this 2-core machine. A sender that falls behind (a GC pause, a busy core) may catch up with a burst of at
 * most {@code maxBurstFlows}, no more.
 */
public final class Pacer {
    private final double nanosPerFlow;
    private final long maxLagNanos;
    private final LongSupplier nanoTime;
    private long origin;
    private long admitted;

    public Pacer(double flowsPerSecond, long maxBurstFlows, LongSupplier nanoTime) {
        if (!(flowsPerSecond > 0)) {
            throw new IllegalArgumentException("pacing needs a positive rate, got " + flowsPerSecond);
        }
        this.nanosPerFlow = 1e9 / flowsPerSecond;
        this.maxLagNanos = (long) (Math.max(1, maxBurstFlows) * nanosPerFlow);
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    /**
     * Nanoseconds until {@code flows} more may go; when 0 they are admitted (counted) at once, otherwise
     * nothing changes and the caller asks again later.
     */
    public long delayNanos(int flows) {
        long now = nanoTime.getAsLong();
        long due = origin + (long) (admitted * nanosPerFlow);
        if (now < due) {
            return due - now;
        }
        if (now - due > maxLagNanos) {
            // forget the part of a stall that a burst may not make up
            origin += now - due - maxLagNanos;
        }
        admitted += flows;
        return 0;
    }

    /** Blocks until {@code flows} more may go, then admits them. */
    public void acquire(int flows) {
        long wait;
        while ((wait = delayNanos(flows)) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    public long admitted() { return admitted; }
}
