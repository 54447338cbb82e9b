package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.Test;

class SeriesEngineTest {
    private static final long MIN = 60_000;

    /** "offset-from-T0-in-minutes:flows/packets/bytes" per row. */
    private static List<String> bins(SeriesResult r) {
        return r.rows().stream().map(row -> (row.binStart() - Flows.T0) / MIN + ":" + row.flows() + "/" + row.packets()
                + "/" + row.bytes()).toList();
    }

    private static Flows flows() {
        return new Flows()
                .add("10.0.0.1", 1, "10.0.0.9", 80, 6, 10, 1000, Flows.T0 + 5_000, Flows.T0 + 5_000)
                .add("10.0.0.2", 1, "10.0.0.9", 80, 6, 20, 2000, Flows.T0 + 30_000, Flows.T0 + 30_000)
                // 3 minutes long from minute 2: 300 packets, 30,000 bytes
                .add("10.0.0.3", 1, "10.0.0.9", 53, 17, 300, 30_000, Flows.T0 + 2 * MIN, Flows.T0 + 5 * MIN);
    }

    @Test
    void byDefaultAFlowCountsWhollyInTheBinOfItsStart() throws IOException {
        SeriesResult r = SeriesEngine.run(SeriesQuery.of(MIN, false), flows().source());
        assertThat(bins(r)).containsExactly("0:2/30/3000", "1:0/0/0", "2:1/300/30000");
        assertThat(r.fromMs()).isEqualTo(Flows.T0);
    }

    @Test
    void spreadSplitsPacketsAndBytesOverTheFlowsDurationButCountsTheFlowOnce() throws IOException {
        SeriesResult r = SeriesEngine.run(SeriesQuery.of(MIN, true), flows().source());
        assertThat(bins(r)).containsExactly("0:2/30/3000", "1:0/0/0", "2:1/100/10000", "3:0/100/10000",
                "4:0/100/10000", "5:0/0/0");
    }

    @Test
    void binsOfAnySizeAlignToMultiplesOfTheBinSize() throws IOException {
        SeriesResult r = SeriesEngine.run(SeriesQuery.of(7_000, false), flows().source());
        assertThat(r.fromMs() % 7_000).isZero();
        assertThat(r.rows().get(1).binStart() - r.rows().get(0).binStart()).isEqualTo(7_000);
        assertThat(r.rows().stream().mapToLong(SeriesRow::flows).sum()).isEqualTo(3);
    }

    @Test
    void aGivenRangeCountsWhatFallsOutsideIt() throws IOException {
        SeriesQuery q = new SeriesQuery(Flows.T0 + MIN, Flows.T0 + 3 * MIN, Filter.all(), MIN, true, null, 10);
        SeriesResult r = SeriesEngine.run(q, flows().source());
        assertThat(bins(r)).containsExactly("1:0/0/0", "2:1/100/10000");
        // the first two flows end before the range; the long one runs 2 minutes past it
        assertThat(r.totals().flows()).isEqualTo(1);
        assertThat(r.outsidePackets()).isEqualTo(200);
        assertThat(r.outsideBytes()).isEqualTo(20_000);
    }

    @Test
    void withAKeyEachOfTheTopKeysByBytesGetsItsOwnSeries() throws IOException {
        SeriesQuery q = new SeriesQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.all(), MIN, false,
                GroupKey.parse("dst_port"), 1);
        SeriesResult r = SeriesEngine.run(q, flows().source());
        assertThat(r.rows()).extracting(row -> row.key()[0] + "@" + (row.binStart() - Flows.T0) / MIN + "=" + row.bytes())
                .containsExactly("53@0=0", "53@1=0", "53@2=30000");
        SeriesQuery both = new SeriesQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.parse("proto tcp"), MIN, false,
                GroupKey.parse("src_addr"), 10);
        assertThat(SeriesEngine.run(both, flows().source()).rows()).extracting(row -> row.bytes())
                .containsExactly(2000L, 1000L);
    }

    @Test
    void seriesKeysAreLimitedToThreeWords() {
        assertThatThrownBy(() -> new SeriesQuery(0, 1, Filter.all(), 1, false, GroupKey.parse("pair"), 10))
                .hasMessageContaining("at most 3 words");
    }

    @Test
    void tooManyBinsAreRefusedBeforeCounting() {
        SeriesQuery q = new SeriesQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.all(), 1, true, null, 10);
        Flows day = flows().add("10.0.0.4", 1, "10.0.0.9", 22, 6, 1, 40, Flows.T0, Flows.T0 + 86_400_000);
        assertThatThrownBy(() -> SeriesEngine.run(q, day.source())).hasMessageContaining("bins is more than 10,000,000")
                .hasMessageContaining("use a larger bin");
    }

    @Test
    void noMatchingFlowsGiveNoBins() throws IOException {
        SeriesQuery q = new SeriesQuery(Long.MIN_VALUE, Long.MAX_VALUE, Filter.parse("proto icmp"), MIN, false, null, 10);
        assertThat(SeriesEngine.run(q, flows().source()).rows()).isEmpty();
    }

    @Test
    void binnedAmountsAddUpToTheTotalsWithAndWithoutSpread() throws IOException {
        Random rnd = new Random(7);
        Flows f = new Flows();
        for (int i = 0; i < 3000; i++) {
            long first = Flows.T0 + rnd.nextInt(3_600_000);
            f.add("10.0.0." + rnd.nextInt(50), 1, "10.1.0.1", 80, 6, 1 + rnd.nextInt(1000), 40 + rnd.nextInt(1_000_000),
                    first, first + rnd.nextInt(900_000));
        }
        for (boolean spread : new boolean[] {false, true}) {
            SeriesResult r = SeriesEngine.run(SeriesQuery.of(MIN, spread), f.source(500));
            assertThat(r.outsideFlows() + r.outsidePackets() + r.outsideBytes()).isZero();
            assertThat(r.rows().stream().mapToLong(SeriesRow::flows).sum()).isEqualTo(3000);
            assertThat(r.rows().stream().mapToLong(SeriesRow::packets).sum()).isEqualTo(r.totals().packets());
            assertThat(r.rows().stream().mapToLong(SeriesRow::bytes).sum()).isEqualTo(r.totals().bytes());
        }
    }
}
