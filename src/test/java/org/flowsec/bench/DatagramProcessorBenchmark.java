package org.flowsec.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowsec.collect.BatchHandOff;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.collect.DatagramProcessor;
import org.flowsec.collect.pcap.CaptureReader;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;
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
 * Flows per second per core through the collector's decode thread: {@link DatagramProcessor#process}
 * (allowlist, decoding, per-exporter counters and sequence tracking, batch hand-over to a sink that
 * keeps nothing), on MikroTik's real v5 datagram (30 records) whose sequence number is advanced in
 * place each time, as an exporter would, so the sequence tracker sees an in-order stream.
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main DatagramProcessorBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DatagramProcessorBenchmark {
    private static final Path DATA = Path.of("../shared/data/netflow-pcaps");
    private static final long EXPORTER = 0x0000_FFFF_C000_0204L;
    private static final int SEQUENCE_OFFSET = 16;
    static final int V5_RECORDS = 30;

    private DatagramProcessor processor;
    private ByteBuffer v5;
    private int sequence;
    private long received = 1_700_000_000_000L;

    @Setup
    public void setup() throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        new CaptureReader(DATA.resolve("logstash/nf5_mikrotik.pcap")).read((ts, hi, lo, sp, dp, p) -> {
            ByteBuffer copy = ByteBuffer.allocateDirect(p.remaining());
            copy.put(p.duplicate()).flip();
            out.add(copy);
        });
        v5 = out.get(0);
        FlowSink discard = new FlowSink() {
            @Override
            public void accept(FlowBatch batch) { }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        processor = new DatagramProcessor(new NetflowDecoder(SamplingPolicy.EXPORTED), BatchHandOff.direct(discard),
                CollectorConfig.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(V5_RECORDS)
    public boolean netflowV5() {
        v5.putInt(SEQUENCE_OFFSET, sequence);
        sequence += V5_RECORDS;
        received++;
        return processor.process(received, 0, EXPORTER, 2055, v5);
    }
}
