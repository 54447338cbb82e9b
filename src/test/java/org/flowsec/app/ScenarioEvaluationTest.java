package org.flowsec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertSink;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.DetectionEngine;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.scenario.ExportBatch;
import org.flowsec.generate.scenario.Label;
import org.flowsec.generate.scenario.ScenarioKind;
import org.flowsec.generate.scenario.ScenarioRun;
import org.flowsec.generate.scenario.ScenarioSpec;
import org.flowsec.query.filter.Prefix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each attack scenario of {@code flowsec generate --scenario}, mixed into background traffic and exported in
 * end-time order with a 30-minute active timeout, run through all seven detectors as {@code flowsec detect}
 * builds them, scored against the scenario's ground truth:
 * <ul>
 *   <li>recall: the scenario's detector names one of its attackers or its victim;</li>
 *   <li>precision: every alert names a labelled attacker or victim — or one of the background model's own
 *       scanners (45.155.205.0/24), which are real scanners in that traffic, just unlabelled;</li>
 *   <li>time to alert: export time of the flow being processed when the first matching alert fired, minus the
 *       start of the first attack flow — event time, so it does not depend on this machine's speed.</li>
 * </ul>
 * The table goes to {@code target/scenario-evaluation.md} (copied into docs/detectors.md).
 */
class ScenarioEvaluationTest {
    private static final long START = 1_780_000_000_000L;
    private static final Prefix BACKGROUND_SCANNERS = Prefix.parse("45.155.205.0/24");
    private static final List<String> TABLE = new ArrayList<>();

    @Test
    void everyScenarioIsDetectedByItsDetectorWithNoFalseAlert() {
        for (ScenarioKind kind : ScenarioKind.values()) {
            for (long seed : new long[] {1, 2}) {
                Score s = evaluate(kind, seed);
                TABLE.add("| " + kind.cliName() + " | " + seed + " | " + s.flows + " | " + s.attackFlows + " | "
                        + s.detected + "/" + s.instances + " | " + s.truePositives + "/" + s.alerts + " | "
                        + (s.latencyMillis < 0 ? "-" : String.format("%.1f s", s.latencyMillis / 1000.0)) + " |");
                assertThat(s.detected).as("%s seed %d detected (alerts: %s)", kind.cliName(), seed, s.summaries)
                        .isEqualTo(s.instances);
                assertThat(s.falseAlerts).as("%s seed %d false alerts", kind.cliName(), seed).isEmpty();
            }
        }
    }

    record Score(long flows, long attackFlows, int instances, int detected, int alerts, int truePositives,
                 List<String> falseAlerts, long latencyMillis, List<String> summaries) {}

    private static Score evaluate(ScenarioKind kind, long seed) {
        // The big-talker detector learns each host's normal over 12 five-minute intervals first, so that
        // scenario starts after 80 minutes of background; the others after the default minute.
        long leadIn = kind == ScenarioKind.BIGTALKER ? 80 * 60_000L : ScenarioSpec.LEAD_IN_MILLIS;
        ScenarioSpec spec = ScenarioSpec.of(List.of(kind), START).withSchedule(leadIn, ScenarioSpec.SPACING_MILLIS);
        // About 100 background flows a second over the run (which lasts until the background's long sessions
        // are exported, half an hour or more).
        spec = spec.withTotalFlows(kind == ScenarioKind.BIGTALKER ? 800_000 : 250_000);
        ScenarioRun run = ScenarioRun.start(spec, seed);
        List<Label> labels = run.labels();
        long[] now = {0};
        Map<String, Long> firstSeen = new LinkedHashMap<>();
        Map<String, Alert> latest = new LinkedHashMap<>();
        AlertSink sink = new AlertSink() {
            @Override
            public void accept(Alert alert, boolean update) {
                latest.put(alert.id(), alert);
                firstSeen.putIfAbsent(alert.id(), now[0]);
            }

            @Override
            public void close() {}
        };
        DetectionService service = new DetectionService(new DetectionService.Settings(new DetectConfig(), null, false,
                List.of(sink), new PrintWriter(new StringWriter())), Detectors::create, Clock.SYSTEM);
        DetectionEngine engine = service.start();
        ExportBatch batch = new ExportBatch(64);
        FlowBatch one = new FlowBatch(64);
        feed(run, batch, one, now, engine);
        // Traffic goes on after the attack, as on a real network: five more minutes of background move the
        // watermark past the attack, so alerts fire while flows arrive, not only at the end of input.
        long tailStart = now[0];
        for (int minute = 0; minute < 5; minute++) {
            ScenarioSpec tail = ScenarioSpec.of(List.of(), tailStart + minute * 60_000L).withTotalFlows(6_000);
            feed(ScenarioRun.start(tail, seed * 100 + minute), batch, one, now, engine);
        }
        service.close();

        int detected = 0;
        long latency = -1;
        for (Label l : labels) {
            boolean found = false;
            for (Alert a : latest.values()) {
                if (a.detector().equals(l.detector()) && names(l, a)) {
                    found = true;
                    long t = firstSeen.get(a.id()) - l.first();
                    latency = latency < 0 ? t : Math.min(latency, t);
                }
            }
            detected += found ? 1 : 0;
        }
        int truePositives = 0;
        List<String> falseAlerts = new ArrayList<>();
        for (Alert a : latest.values()) {
            if (labels.stream().anyMatch(l -> names(l, a)) || background(a.srcAddr())) {
                truePositives++;
            } else {
                falseAlerts.add(a.detector() + ": " + a.summary());
            }
        }
        return new Score(run.totalFlows(), run.attackFlows(), labels.size(), detected, latest.size(), truePositives,
                falseAlerts, latency, latest.values().stream().map(a -> a.detector() + ": " + a.summary()).toList());
    }

    private static void feed(ScenarioRun run, ExportBatch batch, FlowBatch one, long[] now, DetectionEngine engine) {
        while (run.hasNext()) {
            batch.clear();
            if (run.next(batch, 64) == 0) {
                break;
            }
            one.clear();
            one.appendAll(batch.flows());
            now[0] = batch.exportMillis(batch.size() - 1);
            engine.accept(one);
        }
    }

    /** The alert names one of the label's attackers or its victim (an address or a network). */
    private static boolean names(Label l, Alert a) {
        for (String addr : new String[] {a.srcAddr(), a.dstAddr()}) {
            if (addr == null) {
                continue;
            }
            if (l.attackers().contains(addr) || within(l.victim(), addr)) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(String network, String addr) {
        try {
            Prefix n = Prefix.parse(network);
            Prefix a = Prefix.parse(addr);
            return n.contains(a.hi(), a.lo());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean background(String addr) {
        if (addr == null) {
            return false;
        }
        Prefix a = Prefix.parse(addr);
        return BACKGROUND_SCANNERS.contains(a.hi(), a.lo());
    }

    @AfterAll
    static void writeTable() throws IOException {
        if (TABLE.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder("| scenario | seed | flows | attack flows | detected | true alerts / alerts | time to alert |\n"
                + "|---|---|---|---|---|---|---|\n");
        TABLE.forEach(r -> md.append(r).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "scenario-evaluation.md"), md);
    }
}
