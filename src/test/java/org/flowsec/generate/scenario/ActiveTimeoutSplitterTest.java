package org.flowsec.generate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** Long flows become records of at most the active timeout, as a router cuts them. */
class ActiveTimeoutSplitterTest {
    private static final long MIN = 60_000;
    private static final int SAPF = 0x1B;

    @Test
    void aFlowShorterThanTheTimeoutIsOneRecordWithItsOwnFlags() {
        assertThat(ActiveTimeoutSplitter.pieces(0, 30 * MIN - 1, 30 * MIN)).isEqualTo(1);
        assertThat(ActiveTimeoutSplitter.flags(SAPF, 0, 1)).isEqualTo(SAPF);
    }

    @Test
    void aTwoHourTcpFlowBecomesFourRecordsThatKeepItsPacketsBytesAndSpan() {
        FlowTable t = new FlowTable(new SplittableRandom(1), 30 * MIN, 0);
        long first = 1_000_000;
        long last = first + 2 * 60 * MIN - 1 + 10 * MIN; // 2 h 10 min
        int n = t.add(0, first, last, Net.ip(10, 20, 200, 1), Net.ip(192, 0, 2, 1), 40000, 22, 6, SAPF, 100_003, 9_876_543);
        assertThat(n).isEqualTo(5);
        FlowBatch f = t.flows;
        long packets = 0;
        long bytes = 0;
        for (int r = 0; r < n; r++) {
            packets += f.get(Field.PACKETS, r);
            bytes += f.get(Field.BYTES, r);
            assertThat(f.get(Field.LAST, r) - f.get(Field.FIRST, r)).isLessThan(30 * MIN);
            assertThat(f.get(Field.FIRST, r)).isEqualTo(first + r * 30 * MIN);
            assertThat(f.get(Field.END_REASON, r)).isEqualTo(r < n - 1 ? 2 : 3);
            assertThat(t.exportMillis(r)).isBetween(f.get(Field.LAST, r), f.get(Field.LAST, r) + 1_500);
        }
        assertThat(packets).isEqualTo(100_003);
        assertThat(bytes).isEqualTo(9_876_543);
        assertThat(f.get(Field.LAST, n - 1)).isEqualTo(last);
        // SYN only in the first record, FIN only in the last
        assertThat(List.of(f.get(Field.TCP_FLAGS, 0), f.get(Field.TCP_FLAGS, 1), f.get(Field.TCP_FLAGS, n - 1)))
                .containsExactly((long) (SAPF & ~1), (long) (SAPF & ~3), (long) (SAPF & ~2));
        // the last record is 10 minutes long and holds about a thirteenth of the packets
        assertThat(f.get(Field.PACKETS, n - 1)).isBetween(100_003L / 13 - 1, 100_003L / 13 + 1);
    }

    @Test
    void aSparseFlowYieldsNoRecordForStretchesWithoutPackets() {
        FlowTable t = new FlowTable(new SplittableRandom(1), MIN, 0);
        int n = t.add(0, 0, 10 * MIN, Net.ip(10, 20, 200, 1), Net.ip(192, 0, 2, 1), 5353, 53, 17, 0, 3, 300);
        assertThat(n).isEqualTo(3);
        long packets = 0;
        for (int r = 0; r < n; r++) {
            packets += t.flows.get(Field.PACKETS, r);
            assertThat(t.flows.get(Field.TCP_FLAGS, r)).isZero();
        }
        assertThat(packets).isEqualTo(3);
    }

    @Test
    void anIdleUdpFlowIsExportedAfterTheInactiveTimeoutAndRecordsBeforeTheRunAreDropped() {
        FlowTable t = new FlowTable(new SplittableRandom(1), MIN, 100_000);
        t.add(0, 200_000, 200_000, Net.ip(10, 20, 200, 1), Net.ip(192, 0, 2, 1), 5353, 53, 17, 0, 1, 80);
        assertThat(t.exportMillis(0)).isBetween(215_000L, 216_000L);
        int n = t.add(0, 0, 3 * MIN - 1, Net.ip(10, 20, 200, 1), Net.ip(192, 0, 2, 1), 40000, 443, 6, SAPF, 3_000, 3_000_000);
        assertThat(n).isEqualTo(2); // the first minute's record left before the run began
        assertThat(t.flows.get(Field.FIRST, 1)).isEqualTo(MIN);
    }

    @Test
    void scenarioRunsWithAShortActiveTimeoutSplitTheirLongFlows() {
        var spec = ScenarioSpec.of(List.of(ScenarioKind.BIGTALKER, ScenarioKind.P2P), Runs.START).withActiveTimeout(MIN)
                .withBackgroundRatio(0);
        var g = Runs.generate(spec, 4);
        ExportBatch b = g.all();
        long cut = 0;
        for (int r = 0; r < b.size(); r++) {
            assertThat(g.get(Field.LAST, r) - g.get(Field.FIRST, r)).isLessThan(MIN);
            cut += g.get(Field.END_REASON, r) == 2 ? 1 : 0;
        }
        assertThat(cut).isGreaterThan(8 * 2 * 4); // eight five-minute streams each way, four cuts each
        long bytes = g.select(g.label(ScenarioKind.BIGTALKER).evidence() + " and src host 10.20.200.70").stream()
                .mapToLong(r -> g.get(Field.BYTES, r)).sum();
        long unsplit = Runs.generate(spec.withActiveTimeout(30 * MIN), 4).select("src host 10.20.200.70 and dst host 192.0.2.100")
                .stream().mapToLong(r -> 1L).sum();
        assertThat(unsplit).isEqualTo(8);
        assertThat(bytes).isBetween(18_000_000_000L, 22_000_000_000L);
    }

    @Test
    void backgroundFlowsLongerThanAShortActiveTimeoutAreSplitTooAndStillLeaveInExportOrder() {
        var spec = ScenarioSpec.of(List.of(ScenarioKind.BRUTEFORCE), Runs.START).withActiveTimeout(30_000)
                .withTotalFlows(100_000).withIpv6Share(0.1);
        var g = Runs.generate(spec, 8);
        ExportBatch b = g.all();
        assertThat(b.size()).isEqualTo(100_000);
        java.util.Map<String, Integer> records = new java.util.HashMap<>();
        java.util.Set<String> cutTuples = new java.util.HashSet<>();
        long cut = 0;
        for (int r = 0; r < b.size(); r++) {
            assertThat(g.get(Field.LAST, r) - g.get(Field.FIRST, r)).isLessThan(30_000);
            assertThat(g.get(Field.LAST, r)).isLessThanOrEqualTo(b.exportMillis(r));
            if (r > 0) {
                assertThat(b.exportMillis(r)).isGreaterThanOrEqualTo(b.exportMillis(r - 1));
            }
            String tuple = g.src(r) + " " + g.dst(r) + " " + g.get(Field.SRC_PORT, r) + " " + g.get(Field.DST_PORT, r)
                    + " " + g.get(Field.PROTO, r);
            records.merge(tuple, 1, Integer::sum);
            if (g.get(Field.END_REASON, r) == 2 && !b.isAttack(r)) {
                cut++;
                cutTuples.add(tuple);
            }
        }
        assertThat(cut).isGreaterThan(1_000);
        // a cut flow's other records follow (but for the few flows the end of the run leaves out)
        long continued = cutTuples.stream().filter(t -> records.get(t) > 1).count();
        assertThat(continued).isGreaterThan(cutTuples.size() * 9 / 10);
        ExportBatch again = Runs.generate(spec, 8).all();
        assertThat(again.flows().sameRows(b.flows())).isTrue();
    }
}
