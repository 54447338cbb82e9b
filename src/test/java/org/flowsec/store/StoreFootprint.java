package org.flowsec.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Measures bytes per flow on disk (blocks + index + Bloom filters + header/footer) and single-core rates for
 * journal appends, sealing and scanning, on {@link RealisticFlows}, for zstd levels 1..6.
 *
 * <pre>
 * mvn -q -o test-compile && mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx1g -cp target/classes:target/test-classes:$(cat cp.txt) org.flowsec.store.StoreFootprint [flows]
 * </pre>
 */
public final class StoreFootprint {
    private StoreFootprint() {}

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread: the machine is shared, so wall time would measure the neighbours. */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int minLevel = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int maxLevel = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        List<FlowBatch> batches = new ArrayList<>();
        RealisticFlows gen = new RealisticFlows(42, 1_790_000_000_000L, 20_000);
        for (int done = 0; done < flows; done += 4096) {
            batches.add(gen.batch(Math.min(4096, flows - done)));
        }
        Path dir = Files.createTempDirectory("flowsec-footprint");
        System.out.printf("%d realistic flows; per-core rates%n", flows);
        System.out.printf("%-6s %10s %12s %12s %14s %12s %14s%n", "level", "bytes/flow", "seal flows/s", "journal B/fl",
                "journal flow/s", "scan flows/s", "scan 5 fields/s");
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
            for (int level = minLevel; level <= maxLevel; level++) {
                StoreConfig cfg = StoreConfig.DEFAULTS.withZstdLevel(level).withRotation(Duration.ofDays(1));
                SegmentFile target = SegmentFile.of(dir, 1_790_000_000_000L, level * 10 + round, true);
                long t0 = cpu();
                SegmentInfo info;
                // sealing sorts blocks in place: hand it copies so every level sees arrival order
                List<FlowBatch> input = new ArrayList<>();
                for (FlowBatch b : batches) {
                    input.add(b.copy());
                }
                t0 = cpu();
                try (SegmentWriter w = SegmentWriter.create(target, cfg, 0)) {
                    for (FlowBatch b : input) {
                        w.add(b);
                    }
                    info = w.finish();
                }
                long sealNanos = cpu() - t0;

                SegmentFile jf = SegmentFile.of(dir, 1_790_000_000_000L, level * 10 + round, false);
                long tj = cpu();
                try (JournalWriter j = JournalWriter.create(jf, 0, cfg.journalZstdLevel(), false)) {
                    FlowBatch chunk = new FlowBatch(cfg.chunkRecords());
                    for (FlowBatch b : batches) {
                        chunk.appendAll(b);
                        if (chunk.size() >= cfg.chunkRecords()) {
                            j.append(chunk);
                            chunk.clear();
                        }
                    }
                    j.append(chunk);
                }
                long journalNanos = cpu() - tj;
                double journalBytes = Files.size(jf.path()) / (double) flows;
                Files.delete(jf.path());

                long[] sum = {0};
                long scanNanos = Long.MAX_VALUE;
                ScanStats st = null;
                for (int rep = 0; rep < 3; rep++) {
                    long t1 = cpu();
                    st = StoreReader.open(dir).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> {
                        long[] bytes = b.slot(Field.BYTES.slot());
                        for (int i = 0; i < b.size(); i++) {
                            sum[0] += bytes[i];
                        }
                        return true;
                    });
                    scanNanos = Math.min(scanNanos, cpu() - t1);
                }
                long projNanos = Long.MAX_VALUE;
                ScanHints few = ScanHints.NONE.withFields(Field.SRC_ADDR, Field.DST_ADDR, Field.BYTES);
                for (int rep = 0; rep < 3; rep++) {
                    long t1 = cpu();
                    StoreReader.open(dir).scan(Long.MIN_VALUE, Long.MAX_VALUE, few, b -> {
                        long[] bytes = b.slot(Field.BYTES.slot());
                        for (int i = 0; i < b.size(); i++) {
                            sum[0] += bytes[i];
                        }
                        return true;
                    });
                    projNanos = Math.min(projNanos, cpu() - t1);
                }
                if (round == 1) {
                    System.out.printf("%-6d %10.2f %12.0f %12.2f %14.0f %12.0f %14.0f%n", level, info.bytes() / (double) flows,
                            flows / (sealNanos / 1e9), journalBytes, flows / (journalNanos / 1e9),
                            st.recordsDelivered() / (scanNanos / 1e9), st.recordsDelivered() / (projNanos / 1e9));
                }
                Files.delete(info.path());
            }
        }
    }
}
