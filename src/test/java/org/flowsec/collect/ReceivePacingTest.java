package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The receive thread's waits for streams of different rates, driven as the receive loop drives it: one look per
 * wake, each reading what arrived since the last. What a user would check is how often the thread wakes per
 * datagram (its CPU) and how long a datagram can wait in the socket (the buffer it needs).
 */
class ReceivePacingTest {
    private static final long MS = 1_000_000;

    /** Wakes per datagram for a steady stream of one datagram every {@code gapNanos}, over one second. */
    private static double wakesPerDatagram(long gapNanos) {
        ReceivePacing pacing = new ReceivePacing();
        long now = 0;
        long nextArrival = 0;
        long wakes = 0;
        long datagrams = 0;
        long park = 0;
        while (now < 1_000 * MS) {
            // waiting in select: woken when the next datagram arrives; parked: wakes after the park
            now = park == 0 ? Math.max(now, nextArrival) : now + park;
            wakes++;
            int read = 0;
            while (nextArrival <= now) {
                read++;
                nextArrival += gapNanos;
            }
            datagrams += read;
            park = pacing.afterLook(read, now);
        }
        return (double) wakes / datagrams;
    }

    @Test
    void aQuietExporterIsWaitedOnAndReadAtOnce() {
        ReceivePacing pacing = new ReceivePacing();
        // one datagram a second: every wake is for a datagram, and the thread goes back to select()
        for (int i = 0; i < 5; i++) {
            assertThat(pacing.afterLook(1, i * 1_000 * MS)).isZero();
        }
        assertThat(wakesPerDatagram(10 * MS)).isEqualTo(1.0);
    }

    @Test
    void aSteadyStreamWakesTheThreadAboutAThousandTimesASecondHoweverFast() {
        // 3,300 datagrams/s (100k v5 flows/s) and 14,000/s (400k): formerly one wake per datagram
        assertThat(wakesPerDatagram(300_000)).isLessThan(0.35);
        assertThat(wakesPerDatagram(71_000)).isLessThan(0.1);
    }

    @Test
    void aFastStreamIsLookedAtEveryFifthOfAMillisecond() {
        ReceivePacing pacing = new ReceivePacing();
        assertThat(pacing.afterLook(40, 0)).isEqualTo(ReceivePacing.BUSY_PARK_NANOS);
        assertThat(pacing.afterLook(40, MS / 5)).isEqualTo(ReceivePacing.BUSY_PARK_NANOS);
        // a steady look that brings many switches to the short park, so the socket buffer stays nearly empty
        ReceivePacing steady = new ReceivePacing();
        steady.afterLook(1, 0);
        assertThat(steady.afterLook(2, MS / 10)).isEqualTo(ReceivePacing.STEADY_PARK_NANOS);
        assertThat(steady.afterLook(ReceivePacing.BUSY_IN_STEADY_DATAGRAMS, MS)).isEqualTo(ReceivePacing.BUSY_PARK_NANOS);
    }

    @Test
    void aStreamThatStopsGoesBackToSelect() {
        ReceivePacing pacing = new ReceivePacing();
        pacing.afterLook(40, 0);
        assertThat(pacing.afterLook(0, MS / 5)).isZero();
        // the next datagram after a long quiet spell does not start polling
        assertThat(pacing.afterLook(1, 5_000 * MS)).isZero();
    }
}
