package org.flowsec.bench;

import java.util.SplittableRandom;
import org.flowsec.stats.Accumulator;
import org.flowsec.stats.Approximation;
import org.flowsec.stats.LongKeyAggregator;
import org.flowsec.stats.Prefixes;
import org.flowsec.stats.TopN;

/**
 * The memory target: a top-N over 100 million flows with 10 million distinct keys under a 2 GiB
 * heap. Aggregates {@code flows} flows over {@code keys} distinct (src_addr hi, lo, dst_port) keys with
 * flows, packets, bytes, first, last, under a table limit of 3/4 of the heap, then prints the top 10 by
 * bytes, the table size, bytes per key, wall time and whether the result stayed exact.
 *
 * <pre>
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test-cp.txt) \
 *     org.flowsec.bench.AggregatorMemory 100000000 10000000
 * </pre>
 */
public final class AggregatorMemory {
    private AggregatorMemory() {}

    public static void main(String[] args) {
        long flows = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        long limit = Runtime.getRuntime().maxMemory() / 4 * 3;
        Accumulator[] kinds = {Accumulator.SUM, Accumulator.SUM, Accumulator.SUM, Accumulator.MIN, Accumulator.MAX};
        LongKeyAggregator t = new LongKeyAggregator(3, kinds, 2, 16, limit);
        SplittableRandom rnd = new SplittableRandom(1);
        long start = System.nanoTime();
        for (long i = 0; i < flows; i++) {
            // every key at least once, then uniformly: the worst case for the table's size
            long id = i < keys ? i : rnd.nextInt(keys);
            long lo = Prefixes.V4_MAPPED | (id * 2654435761L & 0xFFFF_FFFFL);
            long packets = 1 + (id & 15);
            int s = t.slot(0, lo, id & 0xFFFF);
            t.add(s, 1, packets, packets * 576, i, i + 1000);
        }
        long aggregated = System.nanoTime();
        TopN.Result top = TopN.top(t, TopN.column(2), 10);
        long done = System.nanoTime();
        for (int i = 0; i < top.size(); i++) {
            int s = top.slot(i);
            System.out.printf("%-16s %6d %,16d %6.3f%%%n", Prefixes.isV4(0, t.key(s, 1))
                    ? String.format("%d.%d.%d.%d", (t.key(s, 1) >>> 24) & 255, (t.key(s, 1) >>> 16) & 255,
                            (t.key(s, 1) >>> 8) & 255, t.key(s, 1) & 255) : "?", t.key(s, 2),
                    t.value(s, 2), top.percent(i, 2));
        }
        Approximation a = t.approximation();
        System.out.printf("%,d flows, %,d keys held in %,d slots, %,d bytes (%.1f per key), limit %,d bytes,"
                + " max heap %,d%n", flows, t.size(), t.capacity(), t.memoryBytes(),
                (double) t.memoryBytes() / t.size(), limit, Runtime.getRuntime().maxMemory());
        System.out.printf("aggregate %.2f s (%.1f M adds/s), top 10 %.3f s; %s%n", (aggregated - start) / 1e9,
                flows / ((aggregated - start) / 1e3), (done - aggregated) / 1e9,
                a.approximate() ? a.message("bytes") : "exact");
    }
}
