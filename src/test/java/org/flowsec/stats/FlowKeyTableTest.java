package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link FlowKeyTable} against a map: same keys and values after adds, growth and drains. */
class FlowKeyTableTest {

    @Property(tries = 200)
    void drainedKeysCarryTheCombinedValuesOfTheirEntries(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int words,
            @ForAll @IntRange(min = 1, max = 5000) int distinct, @ForAll @IntRange(min = 1, max = 4) int partitions) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FlowKeyTable table = new FlowKeyTable(words);
        Map<List<Long>, long[]> expected = new HashMap<>();
        Map<List<Long>, long[]> got = new HashMap<>();
        KeyRows[] parts = new KeyRows[partitions];
        for (int p = 0; p < partitions; p++) {
            parts[p] = new KeyRows(words, 5);
        }
        int batches = 1 + rnd.nextInt(6);
        for (int b = 0; b < batches; b++) {
            int n = rnd.nextInt(3000);
            long[] hashes = new long[n];
            long[][] keys = new long[words][n];
            long[][] values = new long[5][n];
            for (int r = 0; r < n; r++) {
                int id = rnd.nextInt(distinct);
                List<Long> key = new ArrayList<>();
                for (int w = 0; w < words; w++) {
                    keys[w][r] = w == 0 ? id : (id * 31L + w) >>> (w % 2); // some words shared between keys
                    key.add(keys[w][r]);
                }
                hashes[r] = KeyHash.hash(keyOf(keys, r), words);
                long[] v = {1 + rnd.nextInt(3), rnd.nextInt(100), rnd.nextInt(100_000), rnd.nextLong(), rnd.nextLong()};
                for (int c = 0; c < 5; c++) {
                    values[c][r] = v[c];
                }
                expected.merge(key, v, FlowKeyTableTest::combine);
            }
            table.add(n, hashes, keys, values);
            if (rnd.nextInt(3) == 0) { // a drain mid-way, as a worker spills, then more adds
                drain(table, parts, got);
            }
        }
        drain(table, parts, got);
        assertThat(table.size()).isZero();
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(got.get(k)).as("key %s", k).containsExactly(v));
    }

    /** Keys whose hashes are all alike (one long probe run) are still told apart by their words. */
    @Property(tries = 50)
    void keysWithEqualHashesStayApart(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2000) int distinct) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FlowKeyTable table = new FlowKeyTable(2);
        int n = 4000;
        long[] hashes = new long[n];
        long[][] keys = new long[2][n];
        long[][] values = new long[5][n];
        Map<List<Long>, long[]> expected = new HashMap<>();
        for (int r = 0; r < n; r++) {
            int id = rnd.nextInt(distinct);
            keys[0][r] = id;
            keys[1][r] = -id;
            hashes[r] = id % 3 == 0 ? 0x7FF0_0000_1234_5678L : 0x7FF0_0000_1234_5679L; // two hashes for all keys
            long[] v = {1, rnd.nextInt(100), rnd.nextInt(100_000), rnd.nextLong(), rnd.nextLong()};
            for (int c = 0; c < 5; c++) {
                values[c][r] = v[c];
            }
            expected.merge(List.of((long) id, (long) -id), v, FlowKeyTableTest::combine);
        }
        table.add(n, hashes, keys, values);
        KeyRows rows = new KeyRows(2, 5);
        table.drainTo(new KeyRows[] {rows});
        Map<List<Long>, long[]> got = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            long[] v = new long[5];
            for (int c = 0; c < 5; c++) {
                v[c] = rows.value(r, c);
            }
            assertThat(got.put(List.of(rows.key(r, 0), rows.key(r, 1)), v)).as("each key once").isNull();
            assertThat(rows.hash(r)).isEqualTo(rows.key(r, 0) % 3 == 0 ? 0x7FF0_0000_1234_5678L : 0x7FF0_0000_1234_5679L);
        }
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(got.get(k)).as("key %s", k).containsExactly(v));
    }

    private static long[] keyOf(long[][] keys, int r) {
        long[] k = new long[keys.length];
        for (int w = 0; w < keys.length; w++) {
            k[w] = keys[w][r];
        }
        return k;
    }

    private static long[] combine(long[] a, long[] b) {
        return new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], Math.min(a[3], b[3]), Math.max(a[4], b[4])};
    }

    /** Drains into the partitions and folds their rows into {@code got}; checks each row is in its partition. */
    private static void drain(FlowKeyTable table, KeyRows[] parts, Map<List<Long>, long[]> got) {
        int keys = table.size();
        table.drainTo(parts);
        int rows = 0;
        for (int p = 0; p < parts.length; p++) {
            KeyRows part = parts[p];
            for (int r = 0; r < part.size(); r++) {
                assertThat(KeyHash.partition(part.hash(r), parts.length)).isEqualTo(p);
                List<Long> key = new ArrayList<>();
                long[] k = new long[part.keyWords];
                for (int w = 0; w < part.keyWords; w++) {
                    key.add(part.key(r, w));
                    k[w] = part.key(r, w);
                }
                assertThat(part.hash(r)).isEqualTo(KeyHash.hash(k, k.length));
                long[] v = new long[5];
                for (int c = 0; c < 5; c++) {
                    v[c] = part.value(r, c);
                }
                got.merge(key, v, FlowKeyTableTest::combine);
            }
            rows += part.size();
            part.clear();
        }
        assertThat(rows).isEqualTo(keys);
    }
}
