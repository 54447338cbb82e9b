package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowsec.stats.Accumulator.MAX;
import static org.flowsec.stats.Accumulator.MIN;
import static org.flowsec.stats.Accumulator.SUM;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HotKeyCacheTest {
    private static final Accumulator[] FLOW = {SUM, SUM, SUM, MIN, MAX};
    private static final Accumulator[] OTHER = {MAX, SUM, MIN};

    private static long hash(long[] k) {
        return switch (k.length) {
            case 1 -> KeyHash.hash(k[0]);
            case 2 -> KeyHash.hash(k[0], k[1]);
            case 3 -> KeyHash.hash(k[0], k[1], k[2]);
            default -> KeyHash.hash(k[0], k[1], k[2], k[3]);
        };
    }

    /**
     * Random batches through a cache into one table per partition, evictions handed on at random moments,
     * must give the same keys and values as a HashMap of every row, each key in its hash's partition.
     */
    @Property(tries = 300)
    void rowsThroughTheCacheAddUpToWhatTheRowsThemselvesGive(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int words, @ForAll @IntRange(min = 1, max = 8) int slotBits,
            @ForAll @IntRange(min = 1, max = 3) int partitions, @ForAll @IntRange(min = 0, max = 3000) int rows,
            @ForAll @IntRange(min = 1, max = 2000) int domain, @ForAll boolean flowColumns) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Accumulator[] kinds = flowColumns ? FLOW : OTHER;
        HotKeyCache cache = new HotKeyCache(words, kinds, slotBits, partitions);
        LongKeyAggregator[] tables = new LongKeyAggregator[partitions];
        for (int p = 0; p < partitions; p++) {
            tables[p] = new LongKeyAggregator(words, kinds);
        }
        Reference ref = new Reference(kinds);
        int done = 0;
        while (done < rows) {
            int n = Math.min(rows - done, 1 + rnd.nextInt(500));
            long[][] keys = new long[words][n];
            long[] hashes = new long[n];
            long[][] values = new long[kinds.length][n];
            boolean countColumn = rnd.nextBoolean(); // column 0 given as null: 1 per row
            for (int r = 0; r < n; r++) {
                long[] k = new long[words];
                for (int w = 0; w < words; w++) {
                    // heavy hitters: a quarter of the rows share 4 keys
                    k[w] = rnd.nextInt(4) == 0 ? rnd.nextInt(4) : rnd.nextInt(domain) - domain / 2;
                    keys[w][r] = k[w];
                }
                hashes[r] = hash(k);
                long[] v = new long[kinds.length];
                for (int c = 0; c < kinds.length; c++) {
                    v[c] = c == 0 && countColumn ? 1 : rnd.nextLong(-1_000_000, 1_000_000);
                    values[c][r] = v[c];
                }
                ref.add(k, v);
            }
            if (countColumn) {
                values[0] = null;
            }
            cache.add(n, hashes, keys, values);
            for (int p = 0; p < partitions; p++) {
                if (rnd.nextInt(3) == 0) {
                    tables[p].addRows(cache.evicted(p));
                    cache.evicted(p).clear();
                }
            }
            done += n;
        }
        cache.drain();
        Map<List<Long>, List<Long>> all = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            tables[p].addRows(cache.evicted(p));
            for (var e : Reference.contents(tables[p]).entrySet()) {
                long[] k = e.getKey().stream().mapToLong(Long::longValue).toArray();
                assertThat(KeyHash.partition(hash(k), partitions)).isEqualTo(p);
                assertThat(all.put(e.getKey(), e.getValue())).isNull();
            }
        }
        Map<List<Long>, List<Long>> expected = new HashMap<>();
        ref.groups.forEach((k, v) -> expected.put(k, Reference.keyOf(v)));
        assertThat(all).isEqualTo(expected);
        assertThat(cache.hits() + cache.misses()).isEqualTo(rows);
    }

    @Test
    void aRowWhoseKeyIsCachedCombinesThereAndAnotherKeyInItsSlotEvictsIt() {
        HotKeyCache cache = new HotKeyCache(1, FLOW, 1, 1);
        long[][] values = {null, {10, 20, 30}, {100, 200, 300}, {5, 3, 9}, {6, 4, 10}};
        // keys 7, 7 and one with another hash in the same slot: with 2 slots, find one by trying
        long other = 8;
        while (((KeyHash.hash(other) >>> 31) & 1) != ((KeyHash.hash(7) >>> 31) & 1)) { // the slot: hash bit 31
            other++;
        }
        cache.add(3, new long[] {KeyHash.hash(7), KeyHash.hash(7), KeyHash.hash(other)},
                new long[][] {{7, 7, other}}, values);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
        KeyRows out = cache.evicted(0);
        assertThat(out.size()).isEqualTo(1);
        assertThat(out.key(0, 0)).isEqualTo(7);
        assertThat(out.hash(0)).isEqualTo(KeyHash.hash(7));
        assertThat(List.of(out.value(0, 0), out.value(0, 1), out.value(0, 2), out.value(0, 3), out.value(0, 4)))
                .containsExactly(2L, 30L, 300L, 3L, 6L);
        cache.drain();
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.key(1, 0)).isEqualTo(other);
        cache.drain();
        assertThat(out.size()).isEqualTo(2);
    }

    @Test
    void aCacheOfNoSlotsOrKeysOfFiveWordsIsRefused() {
        assertThatThrownBy(() -> new HotKeyCache(5, FLOW, 8, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HotKeyCache(1, FLOW, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HotKeyCache(1, FLOW, 8, 1).add(0, new long[0], new long[2][], new long[5][]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
