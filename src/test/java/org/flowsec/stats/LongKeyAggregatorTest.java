package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowsec.stats.Accumulator.MAX;
import static org.flowsec.stats.Accumulator.MIN;
import static org.flowsec.stats.Accumulator.SUM;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LongKeyAggregatorTest {
    private static final long V4 = Prefixes.V4_MAPPED;

    @Test
    void flowsOfTheSameSourceAndPortAddUpAndKeepTheirFirstAndLastTimes() {
        LongKeyAggregator t = new LongKeyAggregator(3, SUM, SUM, SUM, MIN, MAX);
        // src 10.0.0.1 port 80 twice, src 10.0.0.2 port 80 once, src 10.0.0.1 port 443 once
        long[][] flows = {
            {0, V4 | 0x0A000001L, 80, 10, 1500, 1_000, 2_000},
            {0, V4 | 0x0A000002L, 80, 1, 40, 500, 500},
            {0, V4 | 0x0A000001L, 80, 5, 300, 800, 1_200},
            {0, V4 | 0x0A000001L, 443, 2, 100, 3_000, 4_000},
        };
        for (long[] f : flows) {
            t.add(t.slot(f[0], f[1], f[2]), 1, f[3], f[4], f[5], f[6]);
        }
        assertThat(t.size()).isEqualTo(3);
        int s = t.find(0, V4 | 0x0A000001L, 80);
        assertThat(new long[] {t.value(s, 0), t.value(s, 1), t.value(s, 2), t.value(s, 3), t.value(s, 4)})
                .containsExactly(2, 15, 1800, 800, 2_000);
        assertThat(t.find(0, V4 | 0x0A000002L, 443)).isEqualTo(-1);
        assertThat(t.total(0)).isEqualTo(4);
        assertThat(t.total(2)).isEqualTo(1940);
        assertThat(t.total(3)).isEqualTo(500);
        assertThat(t.total(4)).isEqualTo(4_000);
    }

    @Test
    void aKeyOfTheWrongWidthIsRefused() {
        LongKeyAggregator t = new LongKeyAggregator(2, SUM);
        assertThatThrownBy(() -> t.slot(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 words");
        assertThatThrownBy(() -> new LongKeyAggregator(5, SUM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LongKeyAggregator(1, new Accumulator[] {MIN}, 0, 16, Long.MAX_VALUE))
                .hasMessageContaining("SUM");
    }

    @Test
    void growingFromSixteenSlotsToAMillionKeysLosesNothing() {
        LongKeyAggregator t = new LongKeyAggregator(1, SUM, MAX);
        int n = 1_000_000;
        for (int round = 0; round < 2; round++) {
            for (long k = 0; k < n; k++) {
                t.add(t.slot(k * 7919), k, round);
            }
        }
        assertThat(t.size()).isEqualTo(n);
        assertThat(t.capacity()).isEqualTo(1 << 21);
        for (long k = 0; k < n; k += 997) {
            int s = t.find(k * 7919);
            assertThat(t.value(s, 0)).isEqualTo(2 * k);
            assertThat(t.value(s, 1)).isEqualTo(1);
        }
        int visited = 0;
        for (int s = t.first(); s >= 0; s = t.next(s)) {
            visited++;
        }
        assertThat(visited).isEqualTo(n);
    }

    @Test
    void memoryIsKeyWordsPlusColumnsTimesEightBytesPerSlot() {
        LongKeyAggregator t = new LongKeyAggregator(3, new Accumulator[] {SUM, SUM, SUM, MIN, MAX}, 0, 1_000_000,
                Long.MAX_VALUE);
        assertThat(t.capacity()).isEqualTo(1 << 21);
        assertThat(t.memoryBytes()).isBetween(64L << 21, (64L << 21) + (1 << 20));
    }

    @Property(tries = 200)
    void randomFlowsGroupLikeAHashMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int words,
            @ForAll @IntRange(min = 1, max = 3000) int flows, @ForAll @IntRange(min = 1, max = 500) int keySpace) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Accumulator[] kinds = {SUM, SUM, MIN, MAX};
        LongKeyAggregator t = new LongKeyAggregator(words, kinds);
        Reference ref = new Reference(kinds);
        long[] key = new long[words];
        for (int i = 0; i < flows; i++) {
            for (int w = 0; w < words; w++) {
                // few distinct words per position (many repeats), including 0, -1 and MIN_VALUE
                key[w] = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> rnd.nextInt(keySpace);
                    case 2 -> Long.MIN_VALUE + rnd.nextInt(3);
                    default -> -rnd.nextInt(keySpace);
                };
            }
            long v = rnd.nextLong(1_000_000);
            long ts = rnd.nextLong();
            t.add(t.slot(key), 1, v, ts, ts);
            ref.add(key, 1, v, ts, ts);
        }
        assertThat(Reference.contents(t)).isEqualTo(ref.contents());
        assertThat(t.size()).isEqualTo(ref.groups.size());
        assertThat(t.approximation().approximate()).isFalse();
        assertThat(t.approximation().message("bytes")).isEmpty();
    }

    @Test
    void whenDoublingWouldPassTheLimitTheTableStillGrowsToWhatTheLimitAllows() {
        long limit = 5_500_000;
        LongKeyAggregator t = new LongKeyAggregator(1, new Accumulator[] {SUM}, 0, 16, limit);
        // 131,072 slots hold 98,304 keys; 262,144 slots (4 MiB + 2 MiB of weights) would pass the limit
        for (long k = 0; k < 120_000; k++) {
            t.add(t.slot(k), 0, k);
        }
        assertThat(t.approximation().approximate()).isFalse();
        assertThat(Integer.bitCount(t.capacity())).as("capacity %d", t.capacity()).isGreaterThan(1);
        assertThat(t.capacity()).isBetween(160_000, 262_143);
        assertThat(t.memoryBytes()).isLessThanOrEqualTo(limit);
        for (long k = 0; k < 120_000; k++) {
            assertThat(t.value(t.find(k), 0)).isEqualTo(k);
        }
    }

    @Property(tries = 100)
    void addingWholeColumnsGivesTheSameTableAsAddingRowByRow(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int words, @ForAll @IntRange(min = 0, max = 2000) int rows) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[][] keys = new long[words][rows];
        long[][] values = {null, new long[rows], new long[rows]};
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < words; w++) {
                keys[w][r] = rnd.nextInt(20) - 10;
            }
            values[1][r] = rnd.nextLong(1 << 20);
            values[2][r] = rnd.nextLong();
        }
        LongKeyAggregator byColumns = new LongKeyAggregator(words, SUM, SUM, MAX);
        byColumns.addColumns(rows, keys, values);
        LongKeyAggregator byRows = new LongKeyAggregator(words, SUM, SUM, MAX);
        long[] key = new long[words];
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < words; w++) {
                key[w] = keys[w][r];
            }
            byRows.add(byRows.slot(key), 1, values[1][r], values[2][r]);
        }
        assertThat(Reference.contents(byColumns)).isEqualTo(Reference.contents(byRows));
        assertThat(byColumns.total(1)).isEqualTo(byRows.total(1));
    }

    /**
     * Packed rows with their hashes, in the flow layout or another, with or without a memory limit small
     * enough to grow and purge in the middle of a chunk: the same table, totals and error bound as adding
     * the rows one by one.
     */
    @Property(tries = 200)
    void addingPackedRowsGivesTheSameTableAsAddingRowByRow(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int words, @ForAll @IntRange(min = 0, max = 3000) int rows,
            @ForAll boolean flowColumns, @ForAll boolean limited) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Accumulator[] kinds = flowColumns ? new Accumulator[] {SUM, SUM, SUM, MIN, MAX}
                : new Accumulator[] {MIN, SUM, MAX};
        int heavy = flowColumns ? 2 : 1;
        long limit = limited ? 6_000 + rnd.nextInt(30_000) : Long.MAX_VALUE;
        LongKeyAggregator packed = new LongKeyAggregator(words, kinds, heavy, 16, limit);
        LongKeyAggregator byRows = new LongKeyAggregator(words, kinds, heavy, 16, limit);
        KeyRows in = new KeyRows(words, kinds.length);
        int domain = 1 + rnd.nextInt(5000);
        for (int r = 0; r < rows; r++) {
            long[] key = new long[words];
            for (int w = 0; w < words; w++) {
                key[w] = rnd.nextInt(domain) - domain / 2;
            }
            long[] v = new long[kinds.length];
            for (int c = 0; c < v.length; c++) {
                v[c] = rnd.nextLong(1 << 20);
            }
            long h = switch (words) {
                case 1 -> KeyHash.hash(key[0]);
                case 2 -> KeyHash.hash(key[0], key[1]);
                case 3 -> KeyHash.hash(key[0], key[1], key[2]);
                default -> KeyHash.hash(key[0], key[1], key[2], key[3]);
            };
            in.add(h, key, v);
            int s = byRows.slot(key);
            for (int c = 0; c < v.length; c++) {
                byRows.add(s, c, v[c]);
            }
            if (rnd.nextInt(700) == 0) {
                packed.addRows(in);
                in.clear();
            }
        }
        packed.addRows(in);
        assertThat(Reference.contents(packed)).isEqualTo(Reference.contents(byRows));
        for (int c = 0; c < kinds.length; c++) {
            assertThat(packed.total(c)).isEqualTo(byRows.total(c));
        }
        assertThat(packed.approximation()).isEqualTo(byRows.approximation());
    }

    @Test
    void aMemoryLimitTooSmallForTheFirstTableIsRefusedUpFront() {
        assertThatThrownBy(() -> new LongKeyAggregator(3, new Accumulator[] {SUM}, 0, 1_000_000, 1 << 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory limit");
    }

    @Test
    void pastTheMemoryLimitTheTableKeepsTheHeavyHittersWithinTheStatedErrorBound() {
        long limit = 1 << 20; // 1 MiB: about 20,000 slots of a 2-word key with 3 columns
        LongKeyAggregator t = new LongKeyAggregator(2, new Accumulator[] {SUM, SUM, SUM}, 2, 16, limit);
        Reference ref = new Reference(SUM, SUM, SUM);
        SplittableRandom rnd = new SplittableRandom(42);
        long[] key = new long[2];
        for (int i = 0; i < 2_000_000; i++) {
            // Zipf-like: key k with probability ~ 1/k over 500,000 keys
            long k = (long) Math.exp(rnd.nextDouble() * Math.log(500_000));
            key[0] = 0;
            key[1] = V4 | k;
            long bytes = 40 + rnd.nextInt(1460);
            t.add(t.slot(key[0], key[1]), 1, 1, bytes);
            ref.add(key, 1, 1, bytes);
            assertThat(t.memoryBytes()).isLessThanOrEqualTo(limit);
        }
        Approximation a = t.approximation();
        assertThat(a.approximate()).isTrue();
        assertThat(t.capacity()).as("slots within 1 MiB at 40 bytes per slot + 8 of weight").isBetween(16_000, 21_845);
        assertThat(a.evictions()).isPositive();
        assertThat(a.keysAtLimit()).isEqualTo(t.capacity() * 3L / 4);
        long total = t.total(2);
        assertThat(total).isEqualTo(ref.groups.values().stream().mapToLong(v -> v[2]).sum());
        long e = a.errorBound();
        // Misra-Gries: each purge removes about half the slots' worth of weight, so E <= ~2 total / slots
        assertThat(e).isPositive().isLessThan(4 * total / t.capacity());

        Map<List<Long>, List<Long>> listed = Reference.contents(t);
        for (Map.Entry<List<Long>, long[]> g : ref.groups.entrySet()) {
            long truth = g.getValue()[2];
            List<Long> got = listed.get(g.getKey());
            if (got == null) {
                assertThat(truth).as("unlisted key %s", g.getKey()).isLessThanOrEqualTo(e);
            } else {
                assertThat(got.get(2)).as("listed key %s", g.getKey()).isBetween(truth - e, truth);
                assertThat(got.get(0)).isLessThanOrEqualTo(g.getValue()[0]);
            }
        }
        assertThat(a.message("bytes")).startsWith("results are approximate: more than ")
                .contains("exceeded the 1.0 MiB memory limit").contains("low by at most " + String.format("%,d", e));
    }

    @Test
    void aLimitedTableWithoutASumColumnSaysItIsFullInsteadOfGuessing() {
        LongKeyAggregator t = new LongKeyAggregator(1, new Accumulator[] {MAX}, -1, 16, 64 << 10);
        assertThatThrownBy(() -> {
            for (long k = 0; k < 1_000_000; k++) {
                t.add(t.slot(k), 0, k);
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("reached its memory limit of 64.0 KiB");
        assertThat(t.memoryBytes()).isLessThanOrEqualTo(64 << 10);
    }

    @Test
    void tenMillionDistinctKeysUnderATinyLimitNeverRunOutOfMemory() {
        long limit = 8L << 20;
        LongKeyAggregator t = new LongKeyAggregator(3, new Accumulator[] {SUM, SUM, SUM, MIN, MAX}, 2, 16, limit);
        for (long k = 0; k < 10_000_000; k++) {
            t.add(t.slot(0, V4 | k, k & 0xFFFF), 1, 1, k % 1500, k, k);
        }
        assertThat(t.memoryBytes()).isLessThanOrEqualTo(limit);
        assertThat(t.approximation().approximate()).isTrue();
        assertThat(t.size()).isPositive().isLessThanOrEqualTo(t.capacity() * 3 / 4);
    }
}
