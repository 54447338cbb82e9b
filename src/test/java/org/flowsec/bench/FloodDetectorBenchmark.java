package org.flowsec.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.flood.FloodDetector;
import org.flowsec.detect.flood.FloodParams;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per flow through {@link FloodDetector#accept} (with the watermark advanced every 10 000 flows,
 * as a collector would): {@code background} is {@link RealisticFlowModel} traffic at 20 000 flows/s (about
 * 15 000 tracked home hosts); {@code synflood} is the same with every other flow a spoofed SYN to one
 * victim, so the flood's distinct-source counter is on the path. One detector per trial, warmed with the
 * flows once; every invocation replays them shifted later in time by the batch's span, so the detector sees
 * time moving on over a steady set of hosts (steady state: {@code gc.alloc.rate.norm} is what one flow
 * allocates, plus the alerts of a flood that restarts once per replay).
 *
 * <pre>
 * scripts/jmh.sh FloodDetectorBenchmark -f 1 -wi 3 -i 5 -prof gc
 * java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) org.flowsec.bench.FloodDetectorBenchmark
 * </pre>
 * The {@code main} times the same work in thread CPU time (best and median of 9 replays), which stays
 * comparable on a machine shared with other busy processes, where wall-clock JMH mostly measures the scheduler.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
@OperationsPerInvocation(FloodDetectorBenchmark.FLOWS)
public class FloodDetectorBenchmark {
    static final int FLOWS = 500_000;
    private static final long T0 = 1_767_225_600_000L;

    @Param({"background", "synflood"})
    String traffic;

    private FlowBatch flows;
    private FloodDetector detector;
    private long span;

    @Setup(Level.Trial)
    public void generate() {
        flows = new FlowBatch(FLOWS);
        RealisticFlowModel model = new RealisticFlowModel(11, T0, 20_000, 0.1);
        if (traffic.equals("background")) {
            model.fill(flows, FLOWS);
            return;
        }
        long victim = Addresses.v4Low(0x0A0A0A0A);
        for (int i = 0; i < FLOWS / 2; i++) {
            model.fill(flows, 1);
            long t = flows.get(Field.FIRST, flows.size() - 1);
            int r = flows.addRow();
            flows.set(Field.FIRST, r, t);
            flows.set(Field.LAST, r, t);
            flows.setAddress(Field.SRC_ADDR, r, 0, Addresses.v4Low(0x5000_0000 + i));
            flows.setAddress(Field.DST_ADDR, r, 0, victim);
            flows.set(Field.SRC_PORT, r, 1024 + i % 60000);
            flows.set(Field.DST_PORT, r, 80);
            flows.set(Field.PROTO, r, 6);
            flows.set(Field.TCP_FLAGS, r, 2);
            flows.set(Field.PACKETS, r, 1);
            flows.set(Field.BYTES, r, 40);
        }
    }

    @Setup(Level.Trial)
    public void warmDetector() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int r = 0; r < flows.size(); r++) {
            min = Math.min(min, flows.get(Field.FIRST, r));
            max = Math.max(max, flows.get(Field.LAST, r));
        }
        span = max - min + 200_000;
        detector = new FloodDetector(new FloodParams(), HomeNetworks.of(List.of()), alert -> {});
        accept();
    }

    public static void main(String[] args) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String traffic : new String[] {"background", "synflood"}) {
            FloodDetectorBenchmark b = new FloodDetectorBenchmark();
            b.traffic = traffic;
            b.generate();
            b.warmDetector();
            long[] ns = new long[9];
            for (int i = 0; i < ns.length; i++) {
                long t = mx.getCurrentThreadCpuTime();
                b.accept();
                ns[i] = mx.getCurrentThreadCpuTime() - t;
            }
            java.util.Arrays.sort(ns);
            System.out.printf("%-10s best %.0f ns/flow, median %.0f ns/flow (thread CPU time, %d flows per replay)%n",
                    traffic, (double) ns[0] / FLOWS, (double) ns[ns.length / 2] / FLOWS, FLOWS);
        }
    }

    @Benchmark
    public long accept() {
        FloodDetector d = detector;
        FlowBatch b = flows;
        long maxStart = Long.MIN_VALUE;
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        for (int r = 0; r < FLOWS; r++) {
            first[r] += span;
            last[r] += span;
            d.accept(b, r);
            maxStart = Math.max(maxStart, b.get(Field.FIRST, r));
            if (r % 10_000 == 9_999) {
                d.advance(maxStart - 140_000);
            }
        }
        return d.counters().get("hosts");
    }
}
