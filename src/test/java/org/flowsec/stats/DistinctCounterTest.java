package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DistinctCounterTest {

    @Test
    void smallSetsAreCountedExactlyAndRepeatsCountOnce() {
        DistinctCounter c = new DistinctCounter(12);
        for (int round = 0; round < 3; round++) {
            for (long port = 1; port <= 384; port++) {
                c.add(port);
            }
        }
        assertThat(c.isExact()).isTrue();
        assertThat(c.estimate()).isEqualTo(384);
        c.add(385);
        assertThat(c.isExact()).isFalse();
        assertThat(c.memoryBytes()).isLessThanOrEqualTo(4096 + 16);
    }

    @Test
    void multiWordValuesAreDistinctByEveryWord() {
        DistinctCounter c = new DistinctCounter(14);
        c.add(0, Prefixes.V4_MAPPED | 1, 80);
        c.add(0, Prefixes.V4_MAPPED | 1, 443);
        c.add(0, Prefixes.V4_MAPPED | 2, 80);
        c.add(0, Prefixes.V4_MAPPED | 1, 80);
        assertThat(c.estimate()).isEqualTo(3);
    }

    @ParameterizedTest(name = "p={0}, {1} distinct values")
    @CsvSource({"12, 1000", "12, 5000", "12, 20000", "12, 100000", "12, 300000", "12, 1000000",
        "14, 3000", "14, 100000", "14, 300000", "14, 1000000"})
    void theEstimateIsWithinThreeStandardErrors(int p, int n) {
        DistinctCounter c = new DistinctCounter(p);
        SplittableRandom rnd = new SplittableRandom(p * 31L + n);
        long base = rnd.nextLong();
        for (int i = 0; i < n; i++) {
            c.add(base + i * 0x10001L);
            if ((i & 3) == 0) {
                c.add(base + (i / 2) * 0x10001L); // repeats must not count
            }
        }
        double se = DistinctCounter.standardError(p);
        assertThat(Math.abs(c.estimate() - n)).as("estimate %d for %d", c.estimate(), n)
                .isLessThanOrEqualTo((long) Math.ceil(3 * se * n));
    }

    @Test
    void standardErrorIsOnePointZeroFourOverRootM() {
        assertThat(DistinctCounter.standardError(12)).isEqualTo(1.04 / 64);
        assertThat(DistinctCounter.standardError(14)).isEqualTo(1.04 / 128);
    }

    @Property(tries = 60)
    void mergingCountsTheUnionAsIfOneCounterSawEverything(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 20000) int a, @ForAll @IntRange(min = 0, max = 20000) int b) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DistinctCounter left = new DistinctCounter(12);
        DistinctCounter right = new DistinctCounter(12);
        DistinctCounter all = new DistinctCounter(12);
        Set<Long> truth = new HashSet<>();
        for (int i = 0; i < a; i++) {
            long v = rnd.nextLong(30000);
            left.add(v);
            all.add(v);
            truth.add(v);
        }
        for (int i = 0; i < b; i++) {
            long v = rnd.nextLong(30000);
            right.add(v);
            all.add(v);
            truth.add(v);
        }
        left.merge(right);
        assertThat(left.estimate()).isEqualTo(all.estimate());
        assertThat(left.isExact()).isEqualTo(all.isExact());
        if (all.isExact()) {
            assertThat(all.estimate()).isEqualTo(truth.size());
        } else {
            assertThat(Math.abs(all.estimate() - truth.size()))
                    .isLessThanOrEqualTo((long) Math.ceil(3 * DistinctCounter.standardError(12) * truth.size()));
        }
    }

    @Test
    void countersOfDifferentPrecisionDoNotMerge() {
        assertThatThrownBy(() -> new DistinctCounter(12).merge(new DistinctCounter(14)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistinctCounter(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 50)
    void distinctDestinationPortsPerSourceMatchSetsInAHashMap(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 5000) int flows) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DistinctCounters perSource = new DistinctCounters(2, 12);
        DistinctCounters otherHalf = new DistinctCounters(2, 12);
        Map<Long, Set<Long>> truth = new HashMap<>();
        for (int i = 0; i < flows; i++) {
            long src = Prefixes.V4_MAPPED | rnd.nextInt(40);
            long port = rnd.nextInt(400);
            (i % 2 == 0 ? perSource : otherHalf).counter(0, src).add(port);
            truth.computeIfAbsent(src, k -> new HashSet<>()).add(port);
        }
        perSource.merge(otherHalf);
        assertThat(perSource.size()).isEqualTo(truth.size());
        truth.forEach((src, ports) -> {
            DistinctCounter c = perSource.find(new long[] {0, src});
            assertThat(c.isExact()).isTrue();
            assertThat(c.estimate()).isEqualTo(ports.size());
        });
        assertThat(perSource.find(new long[] {0, 12345})).isNull();
    }
}
