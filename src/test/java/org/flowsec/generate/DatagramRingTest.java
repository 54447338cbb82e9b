package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatagramRingTest {
    private static DatagramRing ring(long flows, int capacity, double rate) {
        RealisticFlowModel model = new RealisticFlowModel(1, GoldenFlows.EXPORT, rate, 0);
        return DatagramRing.build(model, new NetflowV5Encoder(0, 0), flows, capacity, rate);
    }

    @Test
    void holdsExactlyTheFlowsAskedForWhenTheyFit() {
        DatagramRing r = ring(100, 10, 1000);
        assertThat(r.size()).isEqualTo(4);
        assertThat(r.flows(0) + r.flows(1) + r.flows(2) + r.flows(3)).isEqualTo(100);
        assertThat(r.flows(3)).isEqualTo(10);
        assertThat(r.tailAt()).isEqualTo(-1);
    }

    @Test
    void lapsMoveTimeInWholeSecondsThatKeepUpWithTheRate() {
        DatagramRing r = ring(10_000, 1, 100); // one datagram of 30 flows: a lap spans 300 ms
        assertThat(r.offsetMillis(3)).isZero();
        assertThat(r.offsetMillis(4)).isEqualTo(1000);
        assertThat(r.offsetMillis(100)).isEqualTo(30_000);
        long sum = 0;
        for (int lap = 1; lap <= 100; lap++) {
            long shift = r.lapShiftMillis(lap);
            assertThat(shift).isIn(0L, 1000L);
            sum += shift;
        }
        assertThat(sum).isEqualTo(r.offsetMillis(100));
    }

    @Test
    void aLastLapEndingInsideADatagramIsCompletedByTheTail() {
        DatagramRing r = ring(200, 1, 100); // 6 laps of 30 flows, then 20
        assertThat(r.tailLap()).isEqualTo(6);
        assertThat(r.tailAt()).isZero();
        assertThat(r.tailFlows()).containsExactly(20);
        assertThat(r.tail()[0].getShort(NetflowV5Encoder.H_COUNT)).isEqualTo((short) 20);
    }

    @Test
    void refusesAnEmptyRing() {
        assertThatThrownBy(() -> ring(0, 10, 1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
