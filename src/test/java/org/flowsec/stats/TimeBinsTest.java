package org.flowsec.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowsec.stats.TimeBins.BYTES;
import static org.flowsec.stats.TimeBins.FLOWS;
import static org.flowsec.stats.TimeBins.PACKETS;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimeBinsTest {
    private static final long T0 = 1_764_115_200_000L; // 2025-11-26T00:00:00Z
    private static final long MIN = 60_000;

    private static long[] column(TimeBins bins, int column) {
        long[] v = new long[bins.bins()];
        for (int i = 0; i < v.length; i++) {
            v[i] = bins.value(i, column);
        }
        return v;
    }

    @Test
    void byDefaultAFlowCountsWhollyInTheBinOfItsStart() {
        TimeBins bins = new TimeBins(T0, T0 + 5 * MIN, MIN, false, 0);
        bins.add(T0 + 30_000, T0 + 4 * MIN, 100, 10_000);
        bins.add(T0 + MIN, T0 + MIN, 1, 40);
        bins.add(T0 + 2 * MIN - 1, T0 + 2 * MIN + 5, 2, 80);
        assertThat(column(bins, FLOWS)).containsExactly(1, 2, 0, 0, 0);
        assertThat(column(bins, PACKETS)).containsExactly(100, 3, 0, 0, 0);
        assertThat(column(bins, BYTES)).containsExactly(10_000, 120, 0, 0, 0);
        assertThat(bins.binStart(3)).isEqualTo(T0 + 3 * MIN);
    }

    @Test
    void spreadSplitsPacketsAndBytesByOverlapKeepingTheTotalsExact() {
        // 3 minutes from 00:00:30 to 00:03:30: a sixth, a third, a third, a sixth
        TimeBins bins = new TimeBins(T0, T0 + 5 * MIN, MIN, true, 0);
        bins.add(T0 + 30_000, T0 + 3 * MIN + 30_000, 100, 1_000);
        assertThat(column(bins, FLOWS)).containsExactly(1, 0, 0, 0, 0);
        // cumulative floor(100 x elapsed / 180 s) at 30, 90, 150, 180 s: 16, 50, 83, 100
        assertThat(column(bins, PACKETS)).containsExactly(16, 34, 33, 17, 0);
        assertThat(column(bins, BYTES)).containsExactly(166, 334, 333, 167, 0);
    }

    @Test
    void binsNeedNotDivideTheRangeAndTheLastOneIsCutShort() {
        TimeBins bins = new TimeBins(T0, T0 + 250, 100, true, 0);
        assertThat(bins.bins()).isEqualTo(3);
        bins.add(T0 + 150, T0 + 350, 4, 400);
        assertThat(column(bins, PACKETS)).containsExactly(0, 1, 1);
        assertThat(bins.outsidePackets()).isEqualTo(2);
        assertThat(bins.outsideBytes()).isEqualTo(200);
    }

    @Test
    void flowsOutsideTheRangeAreCountedApart() {
        TimeBins bins = new TimeBins(T0, T0 + MIN, 1_000, false, 0);
        bins.add(T0 - 1, T0 + 10, 3, 300);
        bins.add(T0 + MIN, T0 + MIN + 1, 5, 500);
        assertThat(bins.table().size()).isZero();
        assertThat(bins.outsideFlows()).isEqualTo(2);
        assertThat(bins.outsidePackets()).isEqualTo(8);
        assertThat(bins.outsideBytes()).isEqualTo(800);
    }

    @Test
    void binsCanBeSplitByAGroupKey() {
        TimeBins bins = new TimeBins(T0, T0 + 2 * MIN, MIN, false, 1);
        bins.add(T0, T0, 1, 100, 6);
        bins.add(T0 + 1, T0 + 1, 2, 200, 17);
        bins.add(T0 + MIN, T0 + MIN, 3, 300, 6);
        LongKeyAggregator t = bins.table();
        assertThat(t.value(t.find(0, 6), BYTES)).isEqualTo(100);
        assertThat(t.value(t.find(0, 17), BYTES)).isEqualTo(200);
        assertThat(t.value(t.find(1, 6), PACKETS)).isEqualTo(3);
        assertThat(t.find(1, 17)).isEqualTo(-1);
        assertThatThrownBy(() -> bins.add(T0, T0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void impossibleRangesAreRefused() {
        assertThatThrownBy(() -> new TimeBins(T0, T0, MIN, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeBins(T0, T0 + MIN, 0, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeBins(0, Long.MAX_VALUE, 1, false, 0))
                .hasMessageContaining("too many");
    }

    @Property(tries = 300)
    void spreadingConservesEveryPacketAndByteExactly(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 300) int flows, @ForAll @LongRange(min = 1, max = 3_600_000) long binMs,
            @ForAll @IntRange(min = 0, max = 2) int groupWords) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long from = T0 - rnd.nextLong(1_000_000);
        long to = from + 1 + rnd.nextLong(50 * binMs);
        TimeBins bins = new TimeBins(from, to, binMs, true, groupWords);
        long packets = 0;
        long bytes = 0;
        for (int i = 0; i < flows; i++) {
            long first = from - 10 * binMs + rnd.nextLong(70 * binMs);
            long last = first + (rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(20 * binMs));
            long p = rnd.nextInt(3) == 0 ? rnd.nextLong(1L << 40) : rnd.nextLong(1000);
            long b = p * (40 + rnd.nextInt(1460));
            packets += p;
            bytes += b;
            switch (groupWords) {
                case 0 -> bins.add(first, last, p, b);
                case 1 -> bins.add(first, last, p, b, rnd.nextInt(3));
                default -> bins.add(first, last, p, b, rnd.nextInt(3), -1);
            }
        }
        LongKeyAggregator t = bins.table();
        assertThat(t.total(FLOWS) + bins.outsideFlows()).isEqualTo(flows);
        assertThat(t.total(PACKETS) + bins.outsidePackets()).isEqualTo(packets);
        assertThat(t.total(BYTES) + bins.outsideBytes()).isEqualTo(bytes);
        long listed = 0;
        for (int s = t.first(); s >= 0; s = t.next(s)) {
            assertThat(t.key(s, 0)).isBetween(0L, (long) bins.bins() - 1);
            assertThat(t.value(s, PACKETS)).isNotNegative();
            listed += t.value(s, PACKETS);
        }
        assertThat(listed).isEqualTo(t.total(PACKETS));
    }

    @Property(tries = 2000)
    void sharesAreFloorsOfTheExactProduct(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long total,
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long duration, @ForAll long fraction) {
        long elapsed = Long.remainderUnsigned(fraction, duration + 1 == 0 ? duration : duration + 1);
        BigInteger exact = BigInteger.valueOf(total).multiply(BigInteger.valueOf(elapsed))
                .divide(BigInteger.valueOf(duration));
        assertThat(TimeBins.share(total, elapsed, duration)).isEqualTo(exact.longValueExact());
    }
}
