package org.flowsec.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
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
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.flowsec.query.filter.Prefix;

/**
 * The "zero false alerts on at least 10 million background flows, several seeds" check, too long for the test
 * suite: all seven detectors, default config, through the same engine and pipeline as {@code flowsec detect},
 * over {@link RealisticFlowModel} traffic. Alerts naming the model's own scanners (45.155.205.0/24, real
 * scanners in that traffic) are counted apart; any other alert is printed and counted as false.
 * {@code java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test-cp.txt)
 * org.flowsec.bench.BackgroundFalseAlerts FLOWS RATE SEED...}
 */
public final class BackgroundFalseAlerts {
    private static final Prefix MODEL_SCANNERS = Prefix.parse("45.155.205.0/24");

    public static void main(String[] args) {
        long flows = Long.parseLong(args[0]);
        double rate = Double.parseDouble(args[1]);
        for (int i = 2; i < args.length; i++) {
            run(flows, rate, Long.parseLong(args[i]));
        }
    }

    private static void run(long flows, double rate, long seed) {
        List<Alert> alerts = new ArrayList<>();
        AlertSink sink = new AlertSink() {
            @Override
            public void accept(Alert alert, boolean update) {
                if (!update) {
                    alerts.add(alert);
                }
            }
        };
        DetectionService service = new DetectionService(new DetectionService.Settings(new DetectConfig(), null, false,
                List.of(sink), new PrintWriter(new StringWriter())), Detectors::create, Clock.SYSTEM);
        DetectionEngine engine = service.start();
        RealisticFlowModel model = new RealisticFlowModel(seed, 1_780_000_000_000L, rate, 0.1);
        FlowBatch batch = new FlowBatch(4096);
        long started = System.nanoTime();
        for (long n = 0; n < flows; n += 4096) {
            batch.clear();
            model.fill(batch, (int) Math.min(4096, flows - n));
            engine.accept(batch);
        }
        service.close();
        Map<String, Integer> scanners = new TreeMap<>();
        int falseAlerts = 0;
        for (Alert a : alerts) {
            if (a.srcAddr() != null && inModelScanners(a.srcAddr())) {
                scanners.merge(a.detector(), 1, Integer::sum);
            } else {
                falseAlerts++;
                System.out.println("  FALSE " + a.detector() + ": " + a.summary());
            }
        }
        System.out.printf("seed %d: %,d flows at %,.0f flows/s of event time in %.1f s: %d alerts on the model's scanners %s, %d other alerts%n",
                seed, flows, rate, (System.nanoTime() - started) / 1e9, alerts.size() - falseAlerts, scanners, falseAlerts);
    }

    private static boolean inModelScanners(String addr) {
        Prefix p = Prefix.parse(addr);
        return MODEL_SCANNERS.contains(p.hi(), p.lo());
    }
}
