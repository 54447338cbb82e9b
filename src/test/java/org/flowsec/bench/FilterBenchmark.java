package org.flowsec.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.FilterCompiler;
import org.flowsec.query.filter.FlowPredicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Per-flow cost of a compiled filter's column-wise {@code select} over a 32,768-row batch (addresses in
 * 10.0.0.0/16, a TCP/UDP/ICMP mix, ports from a small popular set and the ephemeral range).
 *
 * <pre>
 * scripts/jmh.sh FilterBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(FilterBenchmark.ROWS)
public class FilterBenchmark {
    static final int ROWS = 32768;

    @Param({"tcp80", "host", "list5000", "mixed"})
    String filter;

    private FlowBatch batch;
    private FlowPredicate predicate;
    private int[] rows;

    @Setup
    public void setUp() {
        Random rnd = new Random(1);
        batch = new FlowBatch(ROWS);
        int[] popular = {80, 443, 53, 22, 123, 445};
        for (int i = 0; i < ROWS; i++) {
            int r = batch.addRow();
            batch.setIpv4(Field.SRC_ADDR, r, 0x0A000000 | rnd.nextInt(1 << 16));
            batch.setIpv4(Field.DST_ADDR, r, 0x0A000000 | rnd.nextInt(1 << 16));
            int p = rnd.nextInt(10);
            batch.set(Field.PROTO, r, p < 6 ? 6 : p < 9 ? 17 : 1);
            batch.set(Field.SRC_PORT, r, 1024 + rnd.nextInt(64512));
            batch.set(Field.DST_PORT, r, popular[rnd.nextInt(popular.length)]);
            batch.set(Field.PACKETS, r, 1 + rnd.nextInt(100));
            batch.set(Field.BYTES, r, 40 + rnd.nextInt(100_000));
            batch.set(Field.TCP_FLAGS, r, rnd.nextInt(64));
        }
        StringBuilder list = new StringBuilder("ip in [");
        for (int i = 0; i < 5000; i++) {
            list.append(Addresses.formatV4(0x0A000000 | rnd.nextInt(1 << 16))).append(' ');
        }
        String text = switch (filter) {
            case "tcp80" -> "proto tcp and dst port 80";
            case "host" -> "host 10.0.1.2";
            case "list5000" -> list.append(']').toString();
            default -> "(proto tcp and flags S and not flags AR) or (proto udp and port in [53 123] and bytes > 1k)";
        };
        predicate = FilterCompiler.compile(text);
        rows = new int[ROWS];
    }

    @Benchmark
    public int select() {
        return predicate.select(batch, rows);
    }
}
