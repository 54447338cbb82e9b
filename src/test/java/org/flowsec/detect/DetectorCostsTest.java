package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorCostsTest {
    @Test
    void beforeAnyMeasurementEveryDetectorIsKept() {
        assertThat(new DetectorCosts(3).cheap()).containsExactly(true, true, true);
        assertThat(new DetectorCosts(3).mostExpensiveFirst()).containsExactly(0, 1, 2);
    }

    @Test
    void theCheapestDetectorsUpToFifteenPercentOfTheTimeAreKept() {
        // the registry's order and the per-flow costs measured at 1M flows/s (docs/detectors.md, Cost)
        long[] nanos = {441, 231, 30, 43, 56, 110, 168}; // scan flood signature p2p bruteforce bigtalker newservice
        DetectorCosts costs = new DetectorCosts(nanos.length);
        for (int d = 0; d < nanos.length; d++) {
            costs.record(d, nanos[d] * 4096, 4096);
        }
        // signature + p2p + bruteforce = 129 of 1079 ns (12 %); with bigtalker 239 (22 %)
        assertThat(costs.cheap()).containsExactly(false, false, true, true, true, false, false);
        assertThat(costs.mostExpensiveFirst()).containsExactly(0, 1, 6, 5, 4, 3, 2);
    }

    @Test
    void theAverageFollowsAChangedCost() {
        DetectorCosts costs = new DetectorCosts(2);
        costs.record(0, 1000, 1);
        costs.record(1, 10, 1);
        assertThat(costs.cheap()).containsExactly(false, true);
        for (int i = 0; i < 200; i++) { // detector 1 became the expensive one
            costs.record(0, 10, 1);
            costs.record(1, 1000, 1);
        }
        assertThat(costs.cheap()).containsExactly(true, false);
        assertThat(costs.nanosPerRow(1)).isGreaterThan(900);
    }
}
