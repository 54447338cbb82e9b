package org.flowsec.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.flowsec.stats.Accumulator;
import org.flowsec.stats.LongKeyAggregator;
import org.flowsec.stats.Prefixes;
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
 * Adds per second into a {@link LongKeyAggregator} holding {@code distinct} keys of 1 word (an IPv4-mapped
 * address) or 3 words (address hi, lo, port), 5 columns (flows, packets, bytes, first, last), keys drawn
 * uniformly, so 1M and 10M keys miss the CPU caches on nearly every add. Setup prints bytes per key.
 *
 * <pre>
 * scripts/jmh.sh AggregatorBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
@OperationsPerInvocation(AggregatorBenchmark.OPS)
public class AggregatorBenchmark {
    static final int OPS = 1 << 20;

    @Param({"1", "3"})
    int keyWords;

    @Param({"10000", "1000000", "10000000"})
    int distinct;

    private LongKeyAggregator table;
    private int[] ids;
    private long packets;
    private long[][] keyColumns;
    private long[][] valueColumns;

    @Setup(Level.Trial)
    public void setUp() {
        Accumulator[] kinds = {Accumulator.SUM, Accumulator.SUM, Accumulator.SUM, Accumulator.MIN, Accumulator.MAX};
        table = new LongKeyAggregator(keyWords, kinds, 2, 16, Long.MAX_VALUE);
        for (int id = 0; id < distinct; id++) {
            add(id);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        ids = new int[OPS];
        for (int i = 0; i < OPS; i++) {
            ids[i] = rnd.nextInt(distinct);
        }
        keyColumns = new long[keyWords][OPS];
        valueColumns = new long[][] {null, new long[OPS], new long[OPS], new long[OPS], new long[OPS]};
        for (int i = 0; i < OPS; i++) {
            int id = ids[i];
            long lo = Prefixes.V4_MAPPED | (id * 2654435761L & 0xFFFF_FFFFL);
            if (keyWords == 1) {
                keyColumns[0][i] = lo;
            } else {
                keyColumns[1][i] = lo;
                keyColumns[2][i] = id & 0xFFFF;
            }
            valueColumns[1][i] = i & 63;
            valueColumns[2][i] = (i & 63) * 40;
            valueColumns[3][i] = i;
            valueColumns[4][i] = i + 1000;
        }
        System.out.printf("%n%d keys of %d words: %,d bytes, %.1f bytes per key (%d slots)%n", table.size(),
                keyWords, table.memoryBytes(), (double) table.memoryBytes() / table.size(), table.capacity());
    }

    private void add(int id) {
        long lo = Prefixes.V4_MAPPED | (id * 2654435761L & 0xFFFF_FFFFL);
        int s = keyWords == 1 ? table.slot(lo) : table.slot(0, lo, id & 0xFFFF);
        packets++;
        table.add(s, 1, packets & 63, (packets & 63) * 40, packets, packets + 1000);
    }

    @Benchmark
    public int add() {
        for (int i = 0; i < OPS; i++) {
            add(ids[i]);
        }
        return table.size();
    }

    /** The same adds through {@link LongKeyAggregator#addColumns}, as a query over FlowBatch columns would. */
    @Benchmark
    public int addColumns() {
        table.addColumns(OPS, keyColumns, valueColumns);
        return table.size();
    }
}
