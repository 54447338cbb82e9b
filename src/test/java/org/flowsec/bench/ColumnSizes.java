package org.flowsec.bench;

import java.util.Locale;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;

/**
 * Where the bytes of a block go: encodes blocks of {@link RealisticFlowModel} flows as the store does (sorted,
 * zstd at the given level) and prints the stored bytes per flow of each column frame, with the encoding chosen
 * most often. {@code java -cp target/test-classes:target/classes:$(cat target/test-cp.txt)
 * org.flowsec.bench.ColumnSizes [BLOCKS] [ROWS] [LEVEL] [IPV6_SHARE] [RATE]}
 */
public final class ColumnSizes {
    private static final String[] ENCODINGS = {"CONST", "FOR", "DELTA_FOR", "VARINT", "DELTA_VARINT", "DICT", "PACKED_DICT", "DEPENDENT"};

    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 32768;
        int level = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double ipv6 = args.length > 3 ? Double.parseDouble(args[3]) : 0.1;
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 100_000;
        RealisticFlowModel model = new RealisticFlowModel(7, 1_790_000_000_000L, rate, ipv6);
        ColumnSchema schema = ColumnSchema.CURRENT;
        long[] bytes = new long[schema.size()];
        int[][] encodings = new int[schema.size()][ENCODINGS.length];
        long total = 0;
        long flows = 0;
        FlowBatch batch = new FlowBatch(rows);
        ByteSink out = new ByteSink(1 << 22);
        try (BlockEncoder encoder = new BlockEncoder(level)) {
            for (int b = 0; b < blocks; b++) {
                batch.clear();
                model.fill(batch, rows);
                out.reset();
                encoder.encode(batch, true, out);
                byte[] buf = out.array();
                int pos = 1; // block flags
                for (int c = 0; c < schema.size(); c++) {
                    int start = pos;
                    int head = buf[pos++] & 0xFF;
                    long[] v = new long[1];
                    pos = varint(buf, pos, v);
                    long stored = v[0];
                    if ((head & 0x80) != 0) {
                        pos = varint(buf, pos, v);
                    }
                    pos += (int) stored;
                    bytes[c] += pos - start;
                    encodings[c][head & 0x7F]++;
                }
                total += out.size();
                flows += rows;
            }
        }
        System.out.printf(Locale.ROOT, "%d blocks of %d rows, zstd %d, IPv6 share %.2f: %.2f bytes/flow%n",
                blocks, rows, level, ipv6, (double) total / flows);
        for (int c = 0; c < schema.size(); c++) {
            int best = 0;
            for (int e = 0; e < ENCODINGS.length; e++) {
                if (encodings[c][e] > encodings[c][best]) {
                    best = e;
                }
            }
            System.out.printf(Locale.ROOT, "  %-14s %6.3f  %s%n", schema.name(c), (double) bytes[c] / flows, ENCODINGS[best]);
        }
    }

    private static int varint(byte[] buf, int pos, long[] v) {
        long x = 0;
        int shift = 0;
        while (true) {
            int b = buf[pos++] & 0xFF;
            x |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                v[0] = x;
                return pos;
            }
            shift += 7;
        }
    }
}
