package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
                }, inRegistryOrder(7));
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
                }, inRegistryOrder(4))).isInstanceOf(StackOverflowError.class).hasMessage("detector " + f);
                AtomicIntegerArray after = new AtomicIntegerArray(4);
                lanes.run(after::incrementAndGet, inRegistryOrder(4));
                for (int d = 0; d < 4; d++) {
                    assertThat(after.get(d)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void theMostExpensiveDetectorIsClaimedFirst() {
        DetectorCosts costs = new DetectorCosts(5);
        try (DetectorLanes lanes = new DetectorLanes(5, 2, "test-lanes")) {
            for (int step = 0; step < 50; step++) {
                lanes.run(d -> {
                    long t0 = System.nanoTime();
                    if (d == 3) {
                        long until = t0 + 200_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                    costs.record(d, System.nanoTime() - t0, 1);
                }, costs.mostExpensiveFirst());
            }
            int[] order = costs.mostExpensiveFirst();
            assertThat(order[0]).isEqualTo(3);
            // the first claim of a step takes order[0], whichever thread makes it
            AtomicInteger claims = new AtomicInteger();
            AtomicIntegerArray claimedAs = new AtomicIntegerArray(5);
            lanes.run(d -> claimedAs.set(d, claims.getAndIncrement()), order);
            assertThat(claimedAs.get(3)).isZero();
        }
    }

    private static int[] inRegistryOrder(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
