package org.flowsec.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.AddressBloom;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;

/**
 * Single-core CPU cost of the store's write path on {@link RealisticFlows}: {@code FlowStore.accept} of
 * 4,096-row batches plus a final {@code flush} (copy into the pending chunk, sort, encode, compress, Bloom
 * filter, CRC, write), and, separately, block encoding and Bloom filters alone. Runs several rounds so the
 * JIT settles, and loops long enough to attach JFR or {@code jcmd Thread.print}.
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.flowsec.store.WritePathProfile [flows] [rounds] [level]
 * </pre>
 * Rates are thread CPU time of the calling thread (sealing runs elsewhere and is not counted), because the
 * build machine is shared and wall time would measure the neighbours.
 */
public final class WritePathProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long T0 = 1_790_000_100_000L;

    private WritePathProfile() {}

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int level = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<FlowBatch> batches = new ArrayList<>();
        RealisticFlows gen = new RealisticFlows(42, T0, 20_000);
        for (int done = 0; done < flows; done += 4096) {
            batches.add(gen.batch(Math.min(4096, flows - done)));
        }
        FlowBatch block = new RealisticFlows(7, T0, 20_000).batch(32768);
        StoreConfig cfg = StoreConfig.DEFAULTS.withZstdLevel(level).withRotation(Duration.ofDays(1));
        System.out.printf("%d realistic flows, zstd level %d, ns/flow of single-core CPU time%n", flows, level);
        System.out.printf("%-6s %12s %12s %12s %12s%n", "round", "accept+flush", "flows/s", "encodeBlock", "bloom");
        for (int round = 0; round < rounds; round++) {
            Path dir = Files.createTempDirectory("flowsec-write");
            ManualClock clock = new ManualClock(T0);
            long t;
            long acceptNanos;
            try (FlowStore store = FlowStore.open(dir, cfg, clock)) {
                t = cpu();
                for (FlowBatch b : batches) {
                    store.accept(b);
                }
                store.flush();
                acceptNanos = cpu() - t;
            }
            StoreTesting.deleteTree(dir);
            int reps = Math.max(1, flows / block.size());
            ByteSink out = new ByteSink(1 << 20);
            long encNanos;
            try (BlockEncoder enc = new BlockEncoder(level)) {
                t = cpu();
                for (int r = 0; r < reps; r++) {
                    out.reset();
                    enc.encode(block, true, out);
                }
                encNanos = cpu() - t;
            }
            AddressBloom bloom = new AddressBloom();
            t = cpu();
            for (int r = 0; r < reps; r++) {
                bloom.build(block, block.size());
            }
            long bloomNanos = cpu() - t;
            double perBlock = (double) reps * block.size();
            System.out.printf("%-6d %12.1f %12.0f %12.1f %12.1f%n", round, acceptNanos / (double) flows,
                    flows / (acceptNanos / 1e9), encNanos / perBlock, bloomNanos / perBlock);
        }
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
