package org.flowsec.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.flowsec.store.StoreBenchData;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;

/**
 * One round of block encoding and decoding, timed in thread CPU: the unit {@link AlternatingBuilds} runs from
 * two builds in turn. Uses only what every build of the store format has (BlockEncoder, BlockDecoder,
 * FlowBatch), so an older build's classes can run it.
 */
public final class BlockCodecRound {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static FlowBatch rows;
    private static BlockEncoder encoder;
    private static ByteSink block;
    private static BlockDecoder all;
    private static BlockDecoder some;
    private static FlowBatch decoded;

    private BlockCodecRound() {}

    /**
     * Prepares a block: {@code ipv6Share >= 0}, 65,536 flows of the generator's model ({@code flowsec generate})
     * with that IPv6 share; negative, 32,768 flows of the store tests' model (several exporters, per-exporter
     * interfaces).
     */
    public static void setUp(double ipv6Share) {
        if (ipv6Share < 0) {
            rows = StoreBenchData.realistic(32_768);
        } else {
            rows = new FlowBatch(65_536);
            new RealisticFlowModel(3, 1_795_651_200_000L, 1_000_000, ipv6Share).fill(rows, 65_536);
        }
        encoder = new BlockEncoder(1, rows.size());
        block = new ByteSink(1 << 22);
        all = new BlockDecoder();
        some = new BlockDecoder();
        boolean[] wanted = new boolean[Field.SLOTS];
        wanted[Field.SRC_AS.slot()] = true;
        wanted[Field.DST_PORT.slot()] = true;
        wanted[Field.BYTES.slot()] = true;
        some.project(wanted);
        decoded = new FlowBatch(rows.size());
    }

    /** CPU ns per flow of: encoding (sorted), decoding every column, decoding src_as, dst_port and bytes; bytes per flow. */
    public static double[] round() throws Exception {
        int reps = 10;
        int n = rows.size();
        long t = THREADS.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
            block.reset();
            encoder.encode(rows, true, block);
        }
        double encode = (THREADS.getCurrentThreadCpuTime() - t) / (double) reps / n;
        t = THREADS.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
            all.decode(ColumnSchema.CURRENT, block.array(), 0, block.size(), n, decoded);
        }
        double decodeAll = (THREADS.getCurrentThreadCpuTime() - t) / (double) reps / n;
        t = THREADS.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
            some.decode(ColumnSchema.CURRENT, block.array(), 0, block.size(), n, decoded);
        }
        double decodeSome = (THREADS.getCurrentThreadCpuTime() - t) / (double) reps / n;
        return new double[] {encode, decodeAll, decodeSome, block.size() / (double) n};
    }
}
