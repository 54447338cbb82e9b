package org.flowsec.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.app.Detectors;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;

/**
 * CPU time per flow of each detector with the default config, on realistic border-router traffic
 * ({@link RealisticFlowModel}, 2,000 flows/s of event time): {@code java -cp target/test-classes:target/classes:$(cat
 * target/test-cp.txt) org.flowsec.bench.DetectorsCost [FLOWS] [RATE] [PASSES] [DETECTOR]}. Thread CPU time, so other
 * load on the machine does not count (but still slows the caches it shares). Three passes by default, each
 * printed (the first ones warm the JIT); with more passes a last line gives each detector's least time over
 * the passes after the first, steadier on a busy machine. DETECTOR (a name) runs that detector alone.
 */
public final class DetectorsCost {
    public static void main(String[] args) {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 2_000;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = args.length > 3 ? args[3] : null;
        List<FlowBatch> batches = new ArrayList<>();
        RealisticFlowModel model = new RealisticFlowModel(1, 1_780_000_000_000L, rate, 0.1);
        for (int n = 0; n < flows; n += 4096) {
            FlowBatch b = new FlowBatch(4096);
            model.fill(b, Math.min(4096, flows - n));
            batches.add(b);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] least = null;
        List<String> names = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            List<Detector> ds = new ArrayList<>(Detectors.create(new DetectConfig(), HomeNetworks.of(List.of()), a -> { }));
            if (only != null) {
                ds.removeIf(d -> !d.name().equals(only));
            }
            long[] ns = new long[ds.size()];
            for (FlowBatch b : batches) {
                long maxLast = 0;
                for (int i = 0; i < ds.size(); i++) {
                    Detector d = ds.get(i);
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int r = 0; r < b.size(); r++) {
                        d.accept(b, r);
                    }
                    for (int r = 0; r < b.size(); r++) {
                        maxLast = Math.max(maxLast, b.get(Field.LAST, r));
                    }
                    d.advance(maxLast - 120_000);
                    ns[i] += cpu.getCurrentThreadCpuTime() - t0;
                }
            }
            long total = 0;
            StringBuilder line = new StringBuilder("pass " + pass + ":");
            for (int i = 0; i < ds.size(); i++) {
                total += ns[i];
                line.append(String.format(" %s %.0f", ds.get(i).name(), ns[i] / (double) flows));
            }
            System.out.println(line.append(String.format("  total %.0f ns/flow", total / (double) flows)));
            if (pass == 1) {
                least = ns.clone();
                ds.forEach(d -> names.add(d.name()));
            } else if (pass > 1) {
                for (int i = 0; i < ns.length; i++) {
                    least[i] = Math.min(least[i], ns[i]);
                }
            }
        }
        if (passes > 3) {
            long total = 0;
            StringBuilder line = new StringBuilder("least:");
            for (int i = 0; i < least.length; i++) {
                total += least[i];
                line.append(String.format(" %s %.0f", names.get(i), least[i] / (double) flows));
            }
            System.out.println(line.append(String.format("  total %.0f ns/flow", total / (double) flows)));
        }
    }
}
