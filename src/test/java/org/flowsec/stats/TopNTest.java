package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.flowsec.stats.Accumulator.MAX;
import static org.flowsec.stats.Accumulator.MIN;
import static org.flowsec.stats.Accumulator.SUM;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TopNTest {
    private static final int FLOWS = 0;
    private static final int PACKETS = 1;
    private static final int BYTES = 2;
    private static final int FIRST = 3;
    private static final int LAST = 4;

    /** Sources 1..6 with bytes 500, 300, 300, 100, 300, 0 (three tied at 300). */
    private static LongKeyAggregator sources() {
        LongKeyAggregator t = new LongKeyAggregator(1, SUM, SUM, SUM, MIN, MAX);
        long[][] rows = { // src, packets, bytes, first, last
            {5, 3, 300, 0, 1_000}, {1, 5, 500, 0, 10_000}, {3, 6, 300, 0, 2_000},
            {2, 1, 300, 0, 0}, {4, 1, 100, 0, 500}, {6, 0, 0, 0, 4_000},
        };
        for (long[] r : rows) {
            t.add(t.slot(r[0]), 1, r[1], r[2], r[3], r[4]);
        }
        return t;
    }

    private static List<Long> keys(LongKeyAggregator t, TopN.Result r) {
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            keys.add(t.key(r.slot(i), 0));
        }
        return keys;
    }

    @Test
    void topThreeByBytesBreaksTiesByTheSmallerKey() {
        LongKeyAggregator t = sources();
        TopN.Result r = TopN.top(t, TopN.column(BYTES), 3);
        assertThat(keys(t, r)).containsExactly(1L, 2L, 3L);
        assertThat(r.score(0)).isEqualTo(500);
    }

    @Test
    void bottomThreeByBytesListsTheSmallestFirstAndTiesBySmallerKey() {
        LongKeyAggregator t = sources();
        assertThat(keys(t, TopN.bottom(t, TopN.column(BYTES), 3))).containsExactly(6L, 4L, 2L);
    }

    @Test
    void askingForMoreThanThereAreListsEverythingAndZeroListsNothing() {
        LongKeyAggregator t = sources();
        assertThat(keys(t, TopN.top(t, TopN.column(BYTES), 100))).containsExactly(1L, 2L, 3L, 5L, 4L, 6L);
        assertThat(TopN.top(t, TopN.column(BYTES), 0).size()).isZero();
    }

    @Test
    void thresholdKeepsOnlyKeysAtOrAboveItLikeRwstats() {
        LongKeyAggregator t = sources();
        assertThat(keys(t, TopN.select(t, TopN.column(BYTES), Integer.MAX_VALUE, false, 300)))
                .containsExactly(1L, 2L, 3L, 5L);
        assertThat(keys(t, TopN.select(t, TopN.column(BYTES), 2, false, 300))).containsExactly(1L, 2L);
        assertThat(keys(t, TopN.select(t, TopN.column(BYTES), 10, true, 100))).containsExactly(6L, 4L);
    }

    @Test
    void percentagesAreSharesOfTheTotalOverAllKeys() {
        LongKeyAggregator t = sources();
        TopN.Result r = TopN.top(t, TopN.column(BYTES), 2);
        assertThat(r.percent(0, BYTES)).isCloseTo(100.0 * 500 / 1500, within(1e-12));
        assertThat(r.percent(1, BYTES)).isCloseTo(20.0, within(1e-12));
        assertThat(r.percent(0, FLOWS)).isCloseTo(100.0 / 6, within(1e-12));
    }

    @Test
    void ppsBpsAndBppRankByComputedRatesAsNfdumpDefinesThem() {
        LongKeyAggregator t = sources();
        // pps = packets / seconds: 1 -> 0.5, 2 -> 0 (no duration), 3 -> 3, 4 -> 2, 5 -> 3, 6 -> 0
        assertThat(keys(t, TopN.top(t, TopN.perSecond(PACKETS, FIRST, LAST), 6)))
                .containsExactly(3L, 5L, 4L, 1L, 2L, 6L);
        // bps = 8 * bytes / seconds: 1 -> 400, 3 -> 1200, 4 -> 1600, 5 -> 2400
        TopN.Result bps = TopN.top(t, TopN.bitsPerSecond(BYTES, FIRST, LAST), 2);
        assertThat(keys(t, bps)).containsExactly(5L, 4L);
        assertThat(TopN.unsortable(bps.score(0))).isEqualTo(2400.0);
        // bpp = bytes / packets: 1 -> 100, 2 -> 300, 3 -> 50, 4 -> 100, 5 -> 100, 6 -> 0
        assertThat(keys(t, TopN.top(t, TopN.ratio(BYTES, PACKETS), 6))).containsExactly(2L, 1L, 4L, 5L, 3L, 6L);
    }

    @Test
    void sortableDoublesOrderLikeTheDoubles() {
        double[] ordered = {Double.NEGATIVE_INFINITY, -1e300, -1.5, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1,
            1.5, 1e300, Double.POSITIVE_INFINITY};
        for (int i = 1; i < ordered.length; i++) {
            assertThat(TopN.sortable(ordered[i - 1])).isLessThan(TopN.sortable(ordered[i]));
            assertThat(TopN.unsortable(TopN.sortable(ordered[i]))).isEqualTo(ordered[i]);
        }
        assertThat(TopN.sortable(-0.0)).isEqualTo(TopN.sortable(0.0));
        assertThat(TopN.sortable(Double.NaN)).isLessThan(TopN.sortable(Double.NEGATIVE_INFINITY));
    }

    @Property(tries = 300)
    void topAndBottomNMatchAFullSortOfAHashMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2000) int flows,
            @ForAll @IntRange(min = 0, max = 50) int n, @ForAll boolean bottom,
            @ForAll @IntRange(min = 1, max = 20) int valueRange) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LongKeyAggregator t = new LongKeyAggregator(2, SUM, SUM);
        Reference ref = new Reference(SUM, SUM);
        long[] key = new long[2];
        for (int i = 0; i < flows; i++) {
            key[0] = rnd.nextInt(3) - 1;
            key[1] = rnd.nextInt(300) - 150;
            long v = rnd.nextInt(valueRange); // small values: many ties
            t.add(t.slot(key[0], key[1]), 1, v);
            ref.add(key, 1, v);
        }
        long threshold = rnd.nextBoolean() ? TopN.NO_THRESHOLD : rnd.nextInt(valueRange * 3);
        Comparator<Map.Entry<List<Long>, long[]>> byValue = Comparator.comparingLong(e -> e.getValue()[1]);
        Comparator<Map.Entry<List<Long>, long[]>> order = (bottom ? byValue : byValue.reversed())
                .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1));
        List<List<Long>> expected = ref.groups.entrySet().stream()
                .filter(e -> threshold == TopN.NO_THRESHOLD
                        || (bottom ? e.getValue()[1] <= threshold : e.getValue()[1] >= threshold))
                .sorted(order).limit(n).map(Map.Entry::getKey).toList();

        TopN.Result r = TopN.select(t, TopN.column(1), n, bottom, threshold);
        List<List<Long>> got = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            got.add(Reference.keyOf(t, r.slot(i)));
        }
        assertThat(got).isEqualTo(expected);
    }
}
