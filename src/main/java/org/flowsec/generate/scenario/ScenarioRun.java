package org.flowsec.generate.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * One run of scenarios mixed into background traffic, handed out in export order: the order a router
 * sends records, when each flow expires (see {@link FlowTable}), so records arrive out of start-time
 * order as they do from real exporters. Same spec and seed, same flows, however the caller chunks its
 * {@link #next} calls.
 *
 * <p>All scenario records (a few tens of thousands) are generated and sorted when the run starts, which
 * also fixes the labels. The background ({@link BackgroundStream}, from the generator's
 * {@code RealisticFlowModel}) is streamed in its own export order and merged, so a run of any length
 * holds only the scenario table and a chunk of background in memory. The model's flows last at most two
 * minutes; {@link LongSessions} adds long background connections that a 30-minute active timeout splits.
 */
public final class ScenarioRun {
    /** Background flows after the last scenario record, so every detector window closes on traffic. */
    static final long TAIL_MILLIS = 60_000;

    private final FlowTable table;
    private final int[] order;
    private final List<Label> labels;
    private final long attackFlows;
    private final long totalFlows;
    private final long endMillis;
    private final BackgroundStream background;
    private int next;
    private long emitted;

    private ScenarioRun(ScenarioSpec spec, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        table = new FlowTable(root.split(), spec.activeTimeoutMillis(), spec.startMillis());
        List<ScenarioContext.Draft> drafts = new ArrayList<>();
        int[] repeats = new int[ScenarioKind.values().length];
        for (int i = 0; i < spec.scenarios().size(); i++) {
            ScenarioKind kind = spec.scenarios().get(i);
            ScenarioContext c = new ScenarioContext(table, root.split(), spec.scenarioStart(i), repeats[kind.ordinal()]++, drafts);
            generate(kind, c, spec.startMillis());
        }
        long scenarioEnd = spec.startMillis();
        long[] attackRecords = new long[drafts.size()];
        for (int r = 0; r < table.size(); r++) {
            scenarioEnd = Math.max(scenarioEnd, table.exportMillis(r));
            if (table.tag(r) >= 0) {
                attackRecords[table.tag(r)]++;
            }
        }
        long attacks = Arrays.stream(attackRecords).sum();
        // the scenarios' own background (the big talker's quiet traffic) must go out with them
        long required = table.size();
        long total = spec.totalFlows() > 0 ? spec.totalFlows() : attacks + Math.round(spec.backgroundRatio() * attacks);
        if (total < required) {
            if (spec.totalFlows() > 0) {
                throw new IllegalArgumentException("the scenarios need " + required + " flows, more than the "
                        + spec.totalFlows() + " asked for: ask for at least " + required);
            }
            total = required;
        }
        long lastExport = scenarioEnd;
        if (total > required) {
            LongSessions.generate(table, root.split(), spec.startMillis(), scenarioEnd);
            if (table.size() > total) {
                table.flows.truncate((int) required); // too little background for long sessions: leave them out
            }
            for (int r = 0; r < table.size(); r++) {
                lastExport = Math.max(lastExport, table.exportMillis(r));
            }
        }
        // background lasts until the last long-session record goes out, as on a network where traffic goes on:
        // otherwise that record would arrive after minutes of silence and move event time in one jump
        endMillis = lastExport + TAIL_MILLIS;
        attackFlows = attacks;
        totalFlows = total;
        long backgroundLeft = total - table.size();
        double seconds = (endMillis - spec.startMillis()) / 1000.0;
        background = backgroundLeft > 0 ? new BackgroundStream(seed, spec.startMillis(), backgroundLeft / seconds,
                spec.ipv6Share(), backgroundLeft, spec.activeTimeoutMillis()) : null;
        order = table.exportOrder();
        labels = labels(drafts);
    }

    /** Generates the scenario records and fixes the labels; background follows as {@link #next} is called. */
    public static ScenarioRun start(ScenarioSpec spec, long seed) {
        return new ScenarioRun(spec, seed);
    }

    /** The whole run in one batch: for tests and evaluations that fit in memory. */
    public static ExportBatch generateAll(ScenarioRun run) {
        if (run.totalFlows() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a run of " + run.totalFlows() + " flows does not fit one batch: use next()");
        }
        ExportBatch all = new ExportBatch((int) Math.min(1 << 20, run.totalFlows()));
        while (run.next(all, Integer.MAX_VALUE) > 0) {
            // next appends until the run is done
        }
        return all;
    }

    private static void generate(ScenarioKind kind, ScenarioContext c, long runStart) {
        switch (kind) {
            case VERTICAL_SCAN -> ScanScenarios.vertical(c);
            case HORIZONTAL_SCAN -> ScanScenarios.horizontal(c);
            case SLOW_SCAN -> ScanScenarios.slow(c);
            case SYN_FLOOD -> FloodScenarios.synFlood(c);
            case UDP_AMPLIFICATION -> FloodScenarios.udpAmplification(c);
            case BACKDOOR -> SignatureScenarios.backdoor(c);
            case CODERED -> SignatureScenarios.codeRed(c);
            case P2P -> HostScenarios.p2p(c);
            case BRUTEFORCE -> HostScenarios.bruteforce(c);
            case BIGTALKER -> HostScenarios.bigTalker(c, runStart);
        }
    }

    private List<Label> labels(List<ScenarioContext.Draft> drafts) {
        int n = drafts.size();
        long[] first = new long[n];
        long[] last = new long[n];
        long[] count = new long[n];
        Arrays.fill(first, Long.MAX_VALUE);
        Arrays.fill(last, Long.MIN_VALUE);
        FlowBatch f = table.flows;
        for (int r = 0; r < table.size(); r++) {
            int t = table.tag(r);
            if (t >= 0) {
                first[t] = Math.min(first[t], f.get(Field.FIRST, r));
                last[t] = Math.max(last[t], f.get(Field.LAST, r));
                count[t]++;
            }
        }
        List<Label> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ScenarioContext.Draft d = drafts.get(i);
            out.add(new Label(d.kind().cliName(), d.kind().detector(), d.description(), d.attackers(), d.attackerCount(),
                    d.victim(), first[i], last[i], count[i], d.evidence()));
        }
        return List.copyOf(out);
    }

    /** Ground truth, one label per scenario instance; {@link ExportBatch#label} indexes this list. */
    public List<Label> labels() { return labels; }

    /** Attack records in the run. */
    public long attackFlows() { return attackFlows; }

    /** All records the run hands out, attack and background. */
    public long totalFlows() { return totalFlows; }

    /** Records handed out so far. */
    public long emitted() { return emitted; }

    /** Flow time when the run's background ends: a minute after the last scenario record is exported. */
    public long endMillis() { return endMillis; }

    public boolean hasNext() { return emitted < totalFlows; }

    /** Appends up to {@code max} more records, in export order, to {@code out}; returns how many (0 at the end). */
    public int next(ExportBatch out, int max) {
        int n = 0;
        while (n < max) {
            boolean haveBackground = background != null && background.hasNext();
            boolean haveScenario = next < order.length;
            if (!haveBackground && !haveScenario) {
                break;
            }
            long bgExport = haveBackground ? background.peekExport() : Long.MAX_VALUE;
            long scExport = haveScenario ? table.exportMillis(order[next]) : Long.MAX_VALUE;
            if (bgExport <= scExport) {
                background.emit(out);
            } else {
                int row = order[next++];
                out.append(table.flows, row, scExport, table.tag(row));
            }
            n++;
        }
        emitted += n;
        return n;
    }
}
