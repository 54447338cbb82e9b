package org.flowsec.generate.scenario;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;

/** Test helpers: generate runs and select their rows. */
final class Runs {
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private Runs() {}

    record Generated(ScenarioRun run, ExportBatch all) {
        List<Label> labels() { return run.labels(); }

        FlowBatch flows() { return all.flows(); }

        /** Rows of label {@code index}. */
        List<Integer> rowsOf(int index) {
            List<Integer> out = new ArrayList<>();
            for (int r = 0; r < all.size(); r++) {
                if (all.label(r) == index) {
                    out.add(r);
                }
            }
            return out;
        }

        /** Rows of the first label of {@code kind}. */
        List<Integer> rowsOf(ScenarioKind kind) {
            return rowsOf(indexOf(kind));
        }

        int indexOf(ScenarioKind kind) {
            for (int i = 0; i < labels().size(); i++) {
                if (labels().get(i).scenario().equals(kind.cliName())) {
                    return i;
                }
            }
            throw new AssertionError("no label for " + kind);
        }

        Label label(ScenarioKind kind) {
            return labels().get(indexOf(kind));
        }

        /** Rows the filter selects, over the whole run. */
        List<Integer> select(String filter) {
            var p = Filter.parse(filter).predicate();
            List<Integer> out = new ArrayList<>();
            for (int r = 0; r < all.size(); r++) {
                if (p.test(all.flows(), r)) {
                    out.add(r);
                }
            }
            return out;
        }

        long get(Field f, int row) { return all.flows().get(f, row); }

        long lo(Field f, int row) { return all.flows().lo(f, row); }

        boolean isAttackRow(int row) { return all.isAttack(row); }

        String src(int row) { return addr(Field.SRC_ADDR, row); }

        String dst(int row) { return addr(Field.DST_ADDR, row); }

        private String addr(Field f, int row) {
            return Addresses.format(all.flows().hi(f, row), all.flows().lo(f, row));
        }
    }

    static Generated generate(ScenarioSpec spec, long seed) {
        ScenarioRun run = ScenarioRun.start(spec, seed);
        return new Generated(run, ScenarioRun.generateAll(run));
    }

    /** One scenario with a little background (one flow per attack flow). */
    static Generated only(ScenarioKind kind, long seed) {
        return generate(ScenarioSpec.of(List.of(kind), START).withBackgroundRatio(1), seed);
    }
}
