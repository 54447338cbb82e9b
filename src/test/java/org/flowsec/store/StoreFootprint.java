package org.flowsec.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.ByteSink;

/**
 * Measures, on {@link RealisticFlows} and for a range of zstd levels: bytes per flow of the sealed segment
 * (blocks + block index + Bloom filters + address totals + header/footer), of the address totals alone, and single-core CPU-time rates of the writer thread
 * (journal appends: sort, encode, compress, Bloom filter, write), of sealing that journal (background thread),
 * and of scans (all fields, and a projection of three fields).
 *
 * <pre>
 * mvn -q -o test-compile
 * java -Xmx2g -cp target/classes:target/test-classes:ZSTD_JAR:SLF4J_API_JAR:SLF4J_SIMPLE_JAR \
 *      org.flowsec.store.StoreFootprint [flows=1000000] [minLevel=1] [maxLevel=6]
 * </pre>
 * Rates are thread CPU time, because the build machine is shared and wall time would measure the neighbours.
 */
public final class StoreFootprint {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long T0 = 1_790_000_100_000L;

    private StoreFootprint() {}

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int minLevel = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int maxLevel = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        List<FlowBatch> batches = new ArrayList<>();
        RealisticFlows gen = new RealisticFlows(42, T0, 20_000);
        for (int done = 0; done < flows; done += 4096) {
            batches.add(gen.batch(Math.min(4096, flows - done)));
        }
        Path dir = Files.createTempDirectory("flowsec-footprint");
        System.out.printf("%d realistic flows, single-core CPU time%n", flows);
        System.out.printf("%-5s %10s %11s %15s %13s %13s %15s%n", "level", "bytes/flow", "totals/flow", "append flows/s",
                "seal flows/s", "scan flows/s", "scan 3 fields/s");
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
            for (int level = minLevel; level <= maxLevel; level++) {
                StoreConfig cfg = StoreConfig.DEFAULTS.withZstdLevel(level).withRotation(Duration.ofDays(1));
                SegmentFile jf = SegmentFile.of(dir, T0, 0, false);
                FlowBatch chunk = new FlowBatch(cfg.chunkRecords());
                ChunkEncoder chunks = new ChunkEncoder(cfg); // made once with the store, as FlowStore does
                ByteSink bytes = new ByteSink(ChunkEncoder.expectedBytes(cfg));
                long t = cpu();
                try (chunks; JournalWriter j = JournalWriter.create(jf, T0, cfg)) {
                    for (FlowBatch b : batches) {
                        chunk.appendAll(b);
                        if (chunk.size() >= cfg.chunkRecords()) {
                            append(j, chunks, chunk, bytes);
                            chunk.clear();
                        }
                    }
                    if (!chunk.isEmpty()) {
                        append(j, chunks, chunk, bytes);
                    }
                }
                long appendNanos = cpu() - t;
                t = cpu();
                SegmentInfo info = Sealer.seal(jf, cfg, T0, CorruptionListener.LOG).info();
                long sealNanos = cpu() - t;
                long scanAll = scan(dir, ScanHints.NONE);
                long scanFew = scan(dir, ScanHints.NONE.withFields(Field.SRC_ADDR, Field.DST_ADDR, Field.BYTES));
                long totalsBytes;
                try (SegmentReader r = SegmentReader.open(info.path())) {
                    totalsBytes = r.footer().totals() == null ? 0 : r.footer().totals().length();
                }
                if (round == 1) {
                    System.out.printf("%-5d %10.2f %11.2f %15.0f %13.0f %13.0f %15.0f%n", level, info.bytes() / (double) flows,
                            totalsBytes / (double) flows,
                            flows / (appendNanos / 1e9), flows / (sealNanos / 1e9), flows / (scanAll / 1e9),
                            flows / (scanFew / 1e9));
                }
                Files.delete(info.path());
            }
        }
        StoreTesting.deleteTree(dir);
    }

    /** Best CPU nanoseconds of three full scans. */
    private static long scan(Path dir, ScanHints hints) throws Exception {
        long best = Long.MAX_VALUE;
        long[] sum = {0};
        for (int rep = 0; rep < 3; rep++) {
            long t = cpu();
            StoreReader.open(dir).scan(Long.MIN_VALUE, Long.MAX_VALUE, hints, b -> {
                long[] bytes = b.slot(Field.BYTES.slot());
                for (int i = 0; i < b.size(); i++) {
                    sum[0] += bytes[i];
                }
                return true;
            });
            best = Math.min(best, cpu() - t);
        }
        return best;
    }

    private static void append(JournalWriter j, ChunkEncoder chunks, FlowBatch rows, ByteSink bytes) throws IOException {
        bytes.reset();
        chunks.encode(rows, bytes);
        j.append(bytes, rows.size());
    }
}
