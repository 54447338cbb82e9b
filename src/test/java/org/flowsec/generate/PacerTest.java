package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pacer on a hand-driven clock: its decisions, not real waiting. */
class PacerTest {
    private long now = 1_000_000_000L;

    @Test
    void admitsFlowsAtTheirDueTimeAndNotBefore() {
        Pacer pacer = new Pacer(1000, 30, () -> now); // one flow per millisecond
        assertThat(pacer.delayNanos(30)).isZero(); // the first datagram goes at once
        assertThat(pacer.delayNanos(30)).isEqualTo(30_000_000L); // the next is due 30 flows later
        now += 29_000_000L;
        assertThat(pacer.delayNanos(30)).isEqualTo(1_000_000L);
        now += 1_000_000L;
        assertThat(pacer.delayNanos(30)).isZero();
        assertThat(pacer.admitted()).isEqualTo(60);
    }

    @Test
    void holdsTenMillionFlowsPerSecondWithoutDrift() {
        Pacer pacer = new Pacer(10_000_000, 30, () -> now);
        long admitted = 0;
        long start = now;
        while (admitted < 10_000_000) {
            long wait = pacer.delayNanos(30);
            if (wait == 0) {
                admitted += 30;
            } else {
                now += wait;
            }
        }
        // 10M flows at 100 ns each take one second, less the first datagram that went at once
        assertThat(now - start).isBetween(999_990_000L, 1_000_000_000L);
    }

    @Test
    void makesUpAStallWithABoundedBurstOnly() {
        Pacer pacer = new Pacer(1000, 100, () -> now);
        pacer.delayNanos(1);
        now += 10_000_000_000L; // a ten-second stall
        int burst = 0;
        while (pacer.delayNanos(1) == 0) {
            burst++;
        }
        assertThat(burst).isBetween(100, 102);
    }
}
