package org.flowsec.bench;

import java.util.concurrent.TimeUnit;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.StoreBenchData;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-flow cost of encoding (sort, column encodings, zstd) and decoding one 32,768-row block of realistic
 * flows; run with {@code -prof gc} to see that neither allocates per record.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main StoreBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(StoreBenchmark.ROWS)
public class StoreBenchmark {
    static final int ROWS = 32768;

    @Param({"1", "3"})
    int level;

    private FlowBatch rows;
    private BlockEncoder encoder;
    private BlockDecoder decoder;
    private ByteSink out;
    private byte[] block;
    private FlowBatch decoded;

    @Setup(Level.Trial)
    public void setUp() {
        rows = StoreBenchData.realistic(ROWS);
        encoder = new BlockEncoder(level);
        decoder = new BlockDecoder();
        out = new ByteSink(1 << 20);
        encoder.encode(rows, true, out);
        block = out.toByteArray();
        decoded = new FlowBatch(ROWS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        decoder.close();
    }

    @Benchmark
    public int encodeBlock() {
        out.reset();
        encoder.encode(rows, true, out);
        return out.size();
    }

    @Benchmark
    public int decodeBlock() throws Exception {
        decoder.decode(ColumnSchema.CURRENT, block, 0, block.length, ROWS, decoded);
        return decoded.size();
    }
}
