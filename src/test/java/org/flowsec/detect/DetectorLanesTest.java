package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class DetectorLanesTest {
    @Test
    void everyDetectorRunsOnceAStepAndTwoRunAtTheSameTime() throws Exception {
        try (DetectorLanes lanes = new DetectorLanes(7, 2, "test-lanes")) {
            AtomicIntegerArray runs = new AtomicIntegerArray(7);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int step = 0; step < 100; step++) {
                // detectors 0 and 1 both wait until both have started: one thread alone would wait for ever
                CountDownLatch both = new CountDownLatch(2);
                boolean[] met = new boolean[2];
                lanes.run(d -> {
                    runs.incrementAndGet(d);
                    threads.add(Thread.currentThread().getName());
                    if (d < 2) {
                        both.countDown();
                        try {
                            met[d] = both.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                assertThat(met).as("step %d", step).containsOnly(true);
            }
            for (int d = 0; d < 7; d++) {
                assertThat(runs.get(d)).isEqualTo(100);
            }
            assertThat(threads).hasSize(2).contains(Thread.currentThread().getName(), "test-lanes-2");
        }
    }

    @Test
    void anErrorOnAnyThreadReachesTheCallerAfterTheStepAndTheLanesGoOn() {
        try (DetectorLanes lanes = new DetectorLanes(4, 2, "test-lanes")) {
            for (int failing = 0; failing < 4; failing++) {
                int f = failing;
                AtomicIntegerArray runs = new AtomicIntegerArray(4);
                assertThatThrownBy(() -> lanes.run(d -> {
                    if (d == f) {
                        throw new StackOverflowError("detector " + d);
                    }
                    runs.incrementAndGet(d);
                })).isInstanceOf(StackOverflowError.class).hasMessage("detector " + f);
                AtomicIntegerArray after = new AtomicIntegerArray(4);
                lanes.run(after::incrementAndGet);
                for (int d = 0; d < 4; d++) {
                    assertThat(after.get(d)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void theMostExpensiveDetectorIsClaimedFirst() {
        try (DetectorLanes lanes = new DetectorLanes(5, 2, "test-lanes")) {
            for (int step = 0; step < DetectorLanes.REORDER_EVERY; step++) {
                lanes.run(d -> {
                    if (d == 3) {
                        long until = System.nanoTime() + 200_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                });
            }
            assertThat(lanes.claimOrder()[0]).isEqualTo(3);
        }
    }
}
