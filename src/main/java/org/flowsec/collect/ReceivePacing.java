package org.flowsec.collect;

/**
 * How a receive thread waits once its socket has run empty: in select(), woken by the next datagram, or
 * parked for a while so that several datagrams wait in the socket when it looks again. A wake-up costs this
 * thread (and the decode thread it hands the datagrams to) far more than reading a datagram: 10–15 µs each on
 * the development VM. So a socket that is never idle for long is polled, not waited on:
 * <ul>
 *   <li>idle (a park brought nothing): wait in select(), a quiet exporter's datagram is read at once;</li>
 *   <li>steady (the last two wakes that brought datagrams were under {@link #STEADY_PARK_NANOS} apart, from
 *       about 1,000 datagrams/s, 30,000 v5 flows/s): park 1 ms, so the thread wakes about 1,000 times a second
 *       however fast the datagrams come;</li>
 *   <li>busy ({@link #BUSY_DATAGRAMS} or more datagrams in one look): park 0.2 ms, so a fast stream never
 *       fills more than a sliver of the socket buffer between looks (at 8M flows/s, about 60 v5 datagrams, 1/40
 *       of a 4 MiB buffer); back to steady when a busy look brings fewer.</li>
 * </ul>
 * Pure logic with time as an argument, so the receive loop and the tests drive it the same way.
 */
final class ReceivePacing {
    /** Datagrams in one look from which a socket counts as busy. */
    static final int BUSY_DATAGRAMS = 4;
    /** Datagrams in one steady look (1 ms) from which the stream counts as busy. */
    static final int BUSY_IN_STEADY_DATAGRAMS = 16;
    static final long BUSY_PARK_NANOS = 200_000;
    static final long STEADY_PARK_NANOS = 1_000_000;

    /** The current park, 0 while waiting in select(). */
    private long park;
    /** When the last look that found datagrams began; far in the past at first. */
    private long lastFound = Long.MIN_VALUE / 2;

    /**
     * The socket ran empty after {@code read} datagrams in this look, which began at {@code lookNanos}
     * (System.nanoTime()): returns how long to park before looking again, or 0 to wait in select().
     */
    long afterLook(int read, long lookNanos) {
        if (read == 0) {
            park = 0; // a park brought nothing (or select woke for no datagram): the exporters have gone quiet
            return park;
        }
        boolean steady = lookNanos - lastFound < STEADY_PARK_NANOS + BUSY_PARK_NANOS;
        lastFound = lookNanos;
        if (park == 0) {
            park = read >= BUSY_DATAGRAMS ? BUSY_PARK_NANOS : steady ? STEADY_PARK_NANOS : 0;
        } else if (park == STEADY_PARK_NANOS) {
            park = read >= BUSY_IN_STEADY_DATAGRAMS ? BUSY_PARK_NANOS : STEADY_PARK_NANOS;
        } else {
            park = read >= BUSY_DATAGRAMS ? BUSY_PARK_NANOS : STEADY_PARK_NANOS;
        }
        return park;
    }
}
