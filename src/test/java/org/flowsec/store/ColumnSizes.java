package org.flowsec.store;

import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ByteSource;
import org.flowsec.store.format.ColumnSchema;

/** Prints the encoding and stored size of every column of one sealed block of realistic flows (tuning aid). */
public final class ColumnSizes {
    private ColumnSizes() {}

    public static void main(String[] args) throws Exception {
        int level = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 32768;
        FlowBatch b = new RealisticFlows(42, 1_790_000_000_000L, 20_000).batch(n);
        ByteSink out = new ByteSink(1 << 20);
        try (BlockEncoder enc = new BlockEncoder(level)) {
            enc.encode(b, true, out);
        }
        ByteSource in = new ByteSource(out.array(), 0, out.size());
        System.out.println("block flags " + in.getByte());
        ColumnSchema s = ColumnSchema.CURRENT;
        for (int c = 0; c < s.size(); c++) {
            int start = in.position();
            int head = in.getByte();
            int stored = (int) in.getVarLong();
            long raw = (head & 0x80) != 0 ? in.getVarLong() : stored;
            in.take(stored);
            System.out.printf("%-12s enc=%d z=%s raw=%8d stored=%8d  %.3f B/flow%n", s.name(c), head & 0x7F,
                    (head & 0x80) != 0, raw, in.position() - start, (in.position() - start) / (double) n);
        }
        System.out.printf("total %.3f B/flow%n", out.size() / (double) n);
    }
}
