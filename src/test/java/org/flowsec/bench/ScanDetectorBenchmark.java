package org.flowsec.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.scan.ScanDetector;
import org.flowsec.detect.scan.ScanParams;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scan detector cost per flow on realistic mixed traffic (RealisticFlowModel at 100,000 flows/s of flow time:
 * web, QUIC, DNS, NTP, ICMP, mail, SMB, RDP and its 20 scanners), the watermark following 150 s behind as it
 * would live. The same 400,000 generated flows (4 s of traffic) are replayed, each pass 5 minutes after the
 * previous one, so the previous pass's probes are decided and expire while the new ones wait for their pairs. With {@code -prof gc}, the allocation rate shows what the per-flow path
 * allocates (alerts and rare table growth only).
 * <pre>
 * scripts/jmh.sh ScanDetectorBenchmark -prof gc
 * </pre>
 * On a shared machine wall time mostly measures the scheduler; {@link #main} times the same workload in thread
 * CPU time (best and median of several rounds), as {@link CpuTimeBench} does for the decoders:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) org.flowsec.bench.ScanDetectorBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ScanDetectorBenchmark {
    private static final int FLOWS = 400_000;
    private static final int CHUNK = 4096;
    private static final long START = 1_795_651_200_000L;

    private FlowBatch flows;
    private ScanDetector detector;
    private long span;
    private int row;
    private long alerts;

    @Setup
    public void setUp() {
        flows = new FlowBatch(FLOWS);
        RealisticFlowModel model = new RealisticFlowModel(1, START, 100_000, 0.1);
        model.fill(flows, FLOWS);
        // each replay starts well past the last one's watermark, so its probes are new and the old ones decided
        span = model.nowMillis() - START + 300_000;
        detector = new ScanDetector(new ScanParams(), HomeNetworks.of(List.of()), a -> alerts++);
    }

    /** Nanoseconds per flow: accept for each, one watermark advance per chunk. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long acceptChunk() {
        if (row + CHUNK > FLOWS) {
            shiftForward();
            row = 0;
        }
        int end = row + CHUNK;
        for (int r = row; r < end; r++) {
            detector.accept(flows, r);
        }
        detector.advance(flows.get(Field.LAST, end - 1) - 150_000);
        row = end;
        return alerts;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        ScanDetectorBenchmark b = new ScanDetectorBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] perFlow = new double[rounds];
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            long start = mx.getCurrentThreadCpuTime();
            long chunks = 0;
            while (mx.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                b.acceptChunk();
                chunks++;
            }
            if (round >= 0) {
                perFlow[round] = (mx.getCurrentThreadCpuTime() - start) / (double) (chunks * CHUNK);
            }
        }
        java.util.Arrays.sort(perFlow);
        System.out.printf("scan detector: best %.0f ns, median %.0f ns of CPU per flow; %s%n", perFlow[0],
                perFlow[rounds / 2], b.detector.counters());
    }

    private void shiftForward() {
        long[] first = flows.slot(Field.FIRST.slot());
        long[] last = flows.slot(Field.LAST.slot());
        for (int r = 0; r < FLOWS; r++) {
            first[r] += span;
            last[r] += span;
        }
    }
}
