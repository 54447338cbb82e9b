package org.flowsec.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowsec.app.DetectionService;
import org.flowsec.app.Detectors;
import org.flowsec.base.Clock;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertSink;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.DetectionEngine;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.flowsec.generate.scenario.ExportBatch;
import org.flowsec.generate.scenario.ScenarioKind;
import org.flowsec.generate.scenario.ScenarioRun;
import org.flowsec.generate.scenario.ScenarioSpec;

/**
 * Every alert every detector raises (first raise and each progress raise, in order, with all fields as the
 * detector built them) and the detectors' final counters, on realistic background traffic and on each attack
 * scenario mixed into background: the output of two builds is diffed to show that a change to the detectors
 * leaves their decisions unchanged. {@code java -Xmx2g -cp target/test-classes:target/classes:$(cat
 * target/test-cp.txt) org.flowsec.bench.AlertTrace FLOWS SEED... > trace.txt}
 */
public final class AlertTrace {
    private static final long START = 1_780_000_000_000L;

    public static void main(String[] args) {
        long flows = Long.parseLong(args[0]);
        for (int i = 1; i < args.length; i++) {
            long seed = Long.parseLong(args[i]);
            background(flows, seed);
            for (ScenarioKind kind : ScenarioKind.values()) {
                scenario(kind, seed);
            }
        }
    }

    private static void background(long flows, long seed) {
        System.out.println("== background " + flows + " seed " + seed);
        Run run = new Run();
        RealisticFlowModel model = new RealisticFlowModel(seed, START, 2_000, 0.1);
        FlowBatch batch = new FlowBatch(4096);
        for (long n = 0; n < flows; n += 4096) {
            batch.clear();
            model.fill(batch, (int) Math.min(4096, flows - n));
            run.engine.accept(batch);
        }
        run.close();
    }

    private static void scenario(ScenarioKind kind, long seed) {
        System.out.println("== scenario " + kind.cliName() + " seed " + seed);
        long leadIn = kind == ScenarioKind.BIGTALKER ? 80 * 60_000L : ScenarioSpec.LEAD_IN_MILLIS;
        ScenarioSpec spec = ScenarioSpec.of(List.of(kind), START).withSchedule(leadIn, ScenarioSpec.SPACING_MILLIS)
                .withTotalFlows(kind == ScenarioKind.BIGTALKER ? 800_000 : 250_000);
        Run run = new Run();
        ScenarioRun s = ScenarioRun.start(spec, seed);
        ExportBatch batch = new ExportBatch(64);
        FlowBatch one = new FlowBatch(64);
        while (s.hasNext()) {
            batch.clear();
            if (s.next(batch, 64) == 0) {
                break;
            }
            one.clear();
            one.appendAll(batch.flows());
            run.engine.accept(one);
        }
        run.close();
    }

    /** One engine over all seven default detectors, printing what they raise. */
    private static final class Run {
        final DetectionEngine engine;
        final DetectionService service;
        int raised;

        Run() {
            AlertSink sink = new AlertSink() {
                @Override
                public void accept(Alert alert, boolean update) {}
            };
            service = new DetectionService(new DetectionService.Settings(new DetectConfig(), null, false,
                    List.of(sink), new PrintWriter(new StringWriter())),
                    (config, home, out) -> Detectors.create(config, home, a -> {
                        raised++;
                        System.out.println(a);
                        out.raise(a);
                    }), Clock.SYSTEM);
            engine = service.start();
        }

        void close() {
            service.close();
            Map<String, Long> counters = new TreeMap<>(engine.counters());
            System.out.println("raised " + raised + " counters " + counters);
        }
    }
}
