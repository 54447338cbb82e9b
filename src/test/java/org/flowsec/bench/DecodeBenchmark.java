package org.flowsec.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowsec.collect.pcap.CaptureReader;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.FlowBatch;
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
 * Records per second per core for v5, v9 and IPFIX, on real datagrams: MikroTik's v5 export (30 records),
 * a Cisco ASR 9000's v9 (21 records of template 260) and MikroTik's IPFIX (28 IPv4 records of template
 * 258); the template datagrams are decoded in setup.
 * Scores are per record ({@link OperationsPerInvocation}); run with {@code -prof gc} to see B/op.
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt &amp;&amp; mvn -q -o test-compile
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main DecodeBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DecodeBenchmark {
    private static final Path DATA = Path.of("../shared/data/netflow-pcaps");
    private static final long EXPORTER = 0x0000_FFFF_C000_0204L;
    static final int V5_RECORDS = 30;
    static final int IPFIX_RECORDS = 28;
    static final int V9_RECORDS = 21;

    private final NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
    private final FlowBatch batch = new FlowBatch(64);
    private final DatagramInfo info = new DatagramInfo();
    private ByteBuffer v5;
    private ByteBuffer ipfix;
    private ByteBuffer v9;

    @Setup
    public void setup() throws IOException, DecodeException {
        v5 = payloads("logstash/nf5_mikrotik.pcap").get(0);
        List<ByteBuffer> ipfixDatagrams = payloads("logstash/ipfix_mikrotik.pcap");
        decode(ipfixDatagrams.get(0)); // templates
        ipfix = ipfixDatagrams.get(1);
        List<ByteBuffer> v9Datagrams = payloads("logstash/nf9_cisco_asr9k_tpl260.pcap");
        decode(v9Datagrams.get(0)); // template 260
        v9 = v9Datagrams.get(1);
        check(v5, V5_RECORDS);
        check(v9, V9_RECORDS);
        check(ipfix, IPFIX_RECORDS);
    }

    private void check(ByteBuffer d, int records) throws DecodeException {
        if (decode(d) != records) {
            throw new IllegalStateException("expected " + records + " records, decoded " + batch.size());
        }
    }

    private static List<ByteBuffer> payloads(String name) throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        new CaptureReader(DATA.resolve(name)).read((ts, hi, lo, sp, dp, p) -> {
            ByteBuffer copy = ByteBuffer.allocate(p.remaining());
            copy.put(p.duplicate()).flip();
            out.add(copy);
        });
        return out;
    }

    private int decode(ByteBuffer d) throws DecodeException {
        batch.clear();
        info.reset();
        decoder.decode(d, 0, EXPORTER, 1_000L, batch, info);
        return batch.size();
    }

    @Benchmark
    @OperationsPerInvocation(V5_RECORDS)
    public int netflowV5() throws DecodeException {
        return decode(v5);
    }

    @Benchmark
    @OperationsPerInvocation(IPFIX_RECORDS)
    public int ipfix() throws DecodeException {
        return decode(ipfix);
    }

    @Benchmark
    @OperationsPerInvocation(V9_RECORDS)
    public int netflowV9() throws DecodeException {
        return decode(v9);
    }
}
