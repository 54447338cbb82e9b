package org.flowsec.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.FlowEncoder;
import org.flowsec.generate.RealisticFlowModel;
import org.flowsec.generate.TemplateRefresh;
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
 * Encoding cost per flow, and (with {@code -prof gc}) proof that encoding allocates nothing per record:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main EncoderBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EncoderBenchmark {
    private static final int FLOWS = 30_000;

    @Param({"5", "9", "10"})
    int version;

    private FlowBatch flows;
    private FlowEncoder encoder;
    private final ByteBuffer out = ByteBuffer.allocateDirect(FlowEncoder.MAX_DATAGRAM);

    @Setup
    public void setUp() {
        flows = new FlowBatch(FLOWS);
        new RealisticFlowModel(1, 1_795_651_200_000L, 100_000, version == 5 ? 0 : 0.1).fill(flows, FLOWS);
        encoder = FlowEncoder.forVersion(version, 1, TemplateRefresh.DEFAULT);
    }

    /** Nanoseconds per flow, datagram headers and templates included. */
    @Benchmark
    @OperationsPerInvocation(FLOWS)
    public int encodeAllFlows() {
        int datagrams = 0;
        for (int row = 0; row < FLOWS; datagrams++) {
            out.clear();
            row = encoder.encode(flows, row, FLOWS, 1_795_651_200_000L + row, out);
        }
        return datagrams;
    }
}
