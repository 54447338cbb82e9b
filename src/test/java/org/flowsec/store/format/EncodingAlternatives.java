package org.flowsec.store.format;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.StoreBenchData;

/**
 * Would a cheaper block encoding let the store writer keep up with more flows per second? Prints single-core
 * CPU time and bytes per flow of one 65,536-row block of realistic flows encoded
 * <ul>
 *   <li>as the store does (sorted, smallest layout per column, dictionaries, DEPENDENT route columns), at zstd
 *   levels 1 (the default), -1, -3 and -5;</li>
 *   <li>the cheapest way that still compresses: unsorted, every column as byte planes of {@code v - min}, each
 *   zstd-compressed at levels 1, -1, -3 and -7, and not compressed at all.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.flowsec.store.format.EncodingAlternatives [rounds]
 * </pre>
 * Thread CPU time, not wall time, because the build machine is shared; compare rows within one round.
 */
public final class EncodingAlternatives {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROWS = BlockEncoder.MAX_ROWS;
    private static final int REPS = 30;
    private static final int[] STORE_LEVELS = {1, -1, -3, -5};
    /** 0: byte planes stored as they are. */
    private static final int[] PLANE_LEVELS = {1, -1, -3, -7, 0};

    private EncodingAlternatives() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        FlowBatch rows = StoreBenchData.realistic(ROWS);
        ByteSink out = new ByteSink(1 << 22);
        BlockEncoder[] encoders = new BlockEncoder[STORE_LEVELS.length];
        for (int i = 0; i < encoders.length; i++) {
            encoders[i] = new BlockEncoder(STORE_LEVELS[i], ROWS);
        }
        ZstdCompressCtx[] zstd = new ZstdCompressCtx[PLANE_LEVELS.length];
        for (int i = 0; i < zstd.length; i++) {
            zstd[i] = new ZstdCompressCtx().setLevel(PLANE_LEVELS[i]);
        }
        ByteSink planes = new ByteSink(ROWS * 8 + 64);
        byte[] packed = new byte[(int) Zstd.compressBound(ROWS * 8L + 64)];
        System.out.printf("%d realistic rows a block; ns/flow of single-core CPU time, bytes/flow%n", ROWS);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < encoders.length; i++) {
                long t = cpu();
                for (int r = 0; r < REPS; r++) {
                    out.reset();
                    encoders[i].encode(rows, true, out);
                }
                print(round, "store's encoding, zstd " + STORE_LEVELS[i], cpu() - t, out.size());
            }
            for (int i = 0; i < zstd.length; i++) {
                long t = cpu();
                long bytes = 0;
                for (int r = 0; r < REPS; r++) {
                    bytes = planesOnly(rows, planes, PLANE_LEVELS[i] == 0 ? null : zstd[i], packed);
                }
                print(round, "byte planes, " + (PLANE_LEVELS[i] == 0 ? "raw" : "zstd " + PLANE_LEVELS[i]), cpu() - t,
                        bytes);
            }
        }
        for (BlockEncoder e : encoders) {
            e.close();
        }
        for (ZstdCompressCtx z : zstd) {
            z.close();
        }
    }

    /** Bytes of every column as unsorted byte planes, each compressed by {@code zstd} when given. */
    private static long planesOnly(FlowBatch rows, ByteSink planes, ZstdCompressCtx zstd, byte[] packed) {
        long bytes = 0;
        for (int s = 0; s < Field.SLOTS; s++) {
            long[] v = rows.slot(s);
            long min = v[0];
            long max = v[0];
            for (int i = 1; i < ROWS; i++) {
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            if (min == max) {
                bytes += 10;
                continue;
            }
            planes.reset();
            ColumnEncoder.putPlanes(planes, v, ROWS, min, ColumnEncoder.width(max - min));
            int size = planes.size();
            if (zstd != null) {
                size = Math.min(size, zstd.compressByteArray(packed, 0, packed.length, planes.array(), 0, size));
            }
            bytes += size;
        }
        return bytes;
    }

    private static void print(int round, String what, long nanos, long bytes) {
        System.out.printf("%d  %-30s %7.1f ns/flow %6.2f B/flow%n", round, what, nanos / (double) REPS / ROWS,
                bytes / (double) ROWS);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
