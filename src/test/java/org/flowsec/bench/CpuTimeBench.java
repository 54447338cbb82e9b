package org.flowsec.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The JMH workloads of {@link DecodeBenchmark} and {@link DatagramProcessorBenchmark} timed in thread CPU
 * time instead of wall time: on a machine shared with other busy processes, wall-clock throughput mostly
 * measures the scheduler, while CPU nanoseconds per record stay comparable between runs. Prints, per
 * workload, the best and the median of several rounds, in ns per record (not a unit test).
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.flowsec.bench.CpuTimeBench [rounds]
 * </pre>
 */
public final class CpuTimeBench {
    private static final long ROUND_CPU_NANOS = 500_000_000L;

    private CpuTimeBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        DecodeBenchmark d = new DecodeBenchmark();
        d.setup();
        DatagramProcessorBenchmark p = new DatagramProcessorBenchmark();
        p.setup();
        Map<String, Object[]> work = new LinkedHashMap<>();
        work.put("decode v5", new Object[] {(Callable<Object>) d::netflowV5, DecodeBenchmark.V5_RECORDS});
        work.put("decode v9", new Object[] {(Callable<Object>) d::netflowV9, DecodeBenchmark.V9_RECORDS});
        work.put("decode ipfix", new Object[] {(Callable<Object>) d::ipfix, DecodeBenchmark.IPFIX_RECORDS});
        work.put("DatagramProcessor v5", new Object[] {(Callable<Object>) p::netflowV5,
                DatagramProcessorBenchmark.V5_RECORDS});
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Object[]> e : work.entrySet()) {
            @SuppressWarnings("unchecked")
            Callable<Object> op = (Callable<Object>) e.getValue()[0];
            int records = (Integer) e.getValue()[1];
            round(mx, op); // warm-up
            round(mx, op);
            double[] ns = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long[] m = round(mx, op);
                ns[r] = (double) m[0] / (m[1] * records);
            }
            java.util.Arrays.sort(ns);
            System.out.printf("%-22s best %6.1f  median %6.1f ns/record CPU  (%,.0f records/s per core at best)%n",
                    e.getKey(), ns[0], ns[rounds / 2], 1e9 / ns[0]);
        }
    }

    /** Runs the operation for about {@link #ROUND_CPU_NANOS} of CPU; returns {cpu nanos, operations}. */
    private static long[] round(ThreadMXBean mx, Callable<Object> op) throws Exception {
        long sink = 0;
        long ops = 0;
        long t0 = mx.getCurrentThreadCpuTime();
        long t;
        do {
            for (int i = 0; i < 10_000; i++) {
                sink += op.call().hashCode();
            }
            ops += 10_000;
            t = mx.getCurrentThreadCpuTime();
        } while (t - t0 < ROUND_CPU_NANOS);
        if (sink == 42) {
            System.out.print("");
        }
        return new long[] {t - t0, ops};
    }
}
