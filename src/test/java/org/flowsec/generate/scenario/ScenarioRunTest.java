package org.flowsec.generate.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.generate.scenario.Runs.Generated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The run as a whole: export order, labels against evidence, background mixing, determinism. */
class ScenarioRunTest {
    private static Generated all;

    @BeforeAll
    static void generateEveryScenario() {
        // every scenario twice, so a repetition's evidence must not catch the first one's flows either
        List<ScenarioKind> twice = new java.util.ArrayList<>(Arrays.asList(ScenarioKind.values()));
        twice.addAll(Arrays.asList(ScenarioKind.values()));
        all = Runs.generate(ScenarioSpec.of(twice, Runs.START).withBackgroundRatio(1).withIpv6Share(0.1), 7);
    }

    @Test
    void everyScenarioHasALabelNamingItsDetectorAndTheBackdoorTwo() {
        assertThat(all.labels()).hasSize(2 * (ScenarioKind.values().length + 1));
        for (ScenarioKind k : ScenarioKind.values()) {
            Label l = all.label(k);
            assertThat(l.detector()).isEqualTo(k.detector());
            assertThat(l.flows()).as(k.cliName()).isPositive();
            assertThat(l.first()).isLessThanOrEqualTo(l.last());
            assertThat(l.attackers()).isNotEmpty();
        }
        assertThat(all.labels().stream().filter(l -> l.scenario().equals("backdoor")).count()).isEqualTo(4);
        assertThat(all.labels().stream().map(Label::evidence).distinct().count()).isEqualTo(all.labels().size());
    }

    @Test
    void eachEvidenceFilterSelectsExactlyItsLabelsFlowsAmongAllTheOthers() {
        for (int i = 0; i < all.labels().size(); i++) {
            Label l = all.labels().get(i);
            assertThat(all.select(l.evidence())).as(l.scenario() + ": " + l.evidence()).isEqualTo(all.rowsOf(i));
        }
    }

    @Test
    void labelsCountTimesAndFlowsOfTheirRecords() {
        for (int i = 0; i < all.labels().size(); i++) {
            Label l = all.labels().get(i);
            List<Integer> rows = all.rowsOf(i);
            assertThat(rows).hasSize((int) l.flows());
            assertThat(rows.stream().mapToLong(r -> all.get(Field.FIRST, r)).min().orElseThrow()).isEqualTo(l.first());
            assertThat(rows.stream().mapToLong(r -> all.get(Field.LAST, r)).max().orElseThrow()).isEqualTo(l.last());
        }
    }

    @Test
    void recordsLeaveInExportOrderAfterTheirLastPacketSoStartTimesArriveOutOfOrder() {
        ExportBatch b = all.all();
        long outOfOrder = 0;
        long maxFirst = Long.MIN_VALUE;
        long exportedEarlier = 0;
        long exportedBeforeTheyEnded = 0;
        long startedAfterTheyEnded = 0;
        for (int r = 0; r < b.size(); r++) {
            exportedEarlier += r > 0 && b.exportMillis(r) < b.exportMillis(r - 1) ? 1 : 0;
            long first = all.get(Field.FIRST, r);
            long last = all.get(Field.LAST, r);
            startedAfterTheyEnded += first > last ? 1 : 0;
            exportedBeforeTheyEnded += last > b.exportMillis(r) ? 1 : 0;
            outOfOrder += first < maxFirst ? 1 : 0;
            maxFirst = Math.max(maxFirst, first);
        }
        assertThat(new long[] {exportedEarlier, startedAfterTheyEnded, exportedBeforeTheyEnded}).containsOnly(0);
        assertThat(outOfOrder).isGreaterThan(b.size() / 10);
    }

    @Test
    void backgroundIsMixedInAtTheRatioAndCoversTheWholeRun() {
        ExportBatch b = all.all();
        long attacks = 0;
        for (int r = 0; r < b.size(); r++) {
            attacks += b.isAttack(r) ? 1 : 0;
        }
        assertThat(attacks).isEqualTo(all.run().attackFlows());
        assertThat(b.size()).isEqualTo(all.run().totalFlows()).isEqualTo(attacks * 2);
        assertThat(b.exportMillis(0)).isLessThan(Runs.START + ScenarioSpec.LEAD_IN_MILLIS);
        assertThat(b.isAttack(0)).isFalse();
        assertThat(b.isAttack(b.size() - 1)).isFalse();
        assertThat(b.exportMillis(b.size() - 1)).isGreaterThan(all.run().endMillis() - 1_000);
    }

    @Test
    void aTotalFlowCountIsHonouredExactlyAndOneTooSmallIsRefused() {
        ScenarioSpec spec = ScenarioSpec.of(List.of(ScenarioKind.BRUTEFORCE), Runs.START).withTotalFlows(5_000);
        Generated g = Runs.generate(spec, 3);
        assertThat(g.all().size()).isEqualTo(5_000);
        assertThat(g.run().emitted()).isEqualTo(5_000);
        assertThat(g.run().hasNext()).isFalse();
        assertThatThrownBy(() -> ScenarioRun.start(spec.withTotalFlows(100), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 600");
    }

    @Test
    void theSameSeedGivesTheSameRunHoweverItIsChunkedAndAnotherSeedAnotherRun() {
        ScenarioSpec spec = ScenarioSpec.of(List.of(ScenarioKind.SYN_FLOOD, ScenarioKind.P2P), Runs.START).withBackgroundRatio(1);
        ExportBatch whole = Runs.generate(spec, 11).all();
        ScenarioRun run = ScenarioRun.start(spec, 11);
        ExportBatch chunked = new ExportBatch(16);
        int step = 1;
        while (run.next(chunked, step) > 0) {
            step = step * 3 % 1000 + 1;
        }
        assertThat(chunked.flows().sameRows(whole.flows())).isTrue();
        int differing = 0;
        for (int r = 0; r < whole.size(); r++) {
            differing += chunked.exportMillis(r) != whole.exportMillis(r) || chunked.label(r) != whole.label(r) ? 1 : 0;
        }
        assertThat(differing).isZero();
        assertThat(run.labels()).isEqualTo(ScenarioRun.start(spec, 11).labels());
        assertThat(Runs.generate(spec, 12).flows().sameRows(whole.flows())).isFalse();
    }

    @Test
    void repeatedScenariosUseOtherHosts() {
        Generated g = Runs.generate(ScenarioSpec.of(List.of(ScenarioKind.BRUTEFORCE, ScenarioKind.BRUTEFORCE), Runs.START)
                .withBackgroundRatio(0), 5);
        assertThat(g.labels()).hasSize(2);
        assertThat(g.labels().get(0).victim()).isNotEqualTo(g.labels().get(1).victim());
        assertThat(g.labels().get(0).attackers()).doesNotContainAnyElementsOf(g.labels().get(1).attackers());
        assertThat(g.select(g.labels().get(1).evidence())).isEqualTo(g.rowsOf(1));
    }

    @Test
    void unknownNamesAndTooManyRepeatsAreRefusedWithTheList() {
        assertThatThrownBy(() -> ScenarioSpec.parseNames("syn-flood,portscan"))
                .hasMessageContaining("unknown scenario 'portscan'").hasMessageContaining("vertical-scan");
        assertThat(ScenarioSpec.parseNames(" syn-flood , P2P ")).containsExactly(ScenarioKind.SYN_FLOOD, ScenarioKind.P2P);
        assertThatThrownBy(() -> ScenarioSpec.of(java.util.Collections.nCopies(6, ScenarioKind.P2P), 0))
                .hasMessageContaining("at most 5");
    }

    @Test
    void aQuickScheduleStartsTheScenariosWhenAskedAndTheirEvidenceStillSeparatesThemWhenAllRunAtOnce() {
        Generated quick = Runs.generate(ScenarioSpec.of(List.of(ScenarioKind.VERTICAL_SCAN, ScenarioKind.BRUTEFORCE), Runs.START)
                .withSchedule(10_000, 5_000).withBackgroundRatio(1), 2);
        assertThat(quick.label(ScenarioKind.VERTICAL_SCAN).first()).isEqualTo(Runs.START + 10_000);
        assertThat(quick.label(ScenarioKind.BRUTEFORCE).first()).isEqualTo(Runs.START + 15_000);

        Generated together = Runs.generate(ScenarioSpec.of(Arrays.asList(ScenarioKind.values()), Runs.START)
                .withSchedule(0, 0).withBackgroundRatio(0.2), 3);
        for (int i = 0; i < together.labels().size(); i++) {
            assertThat(together.select(together.labels().get(i).evidence())).isEqualTo(together.rowsOf(i));
        }
    }
}
