package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;

/**
 * The pre-aggregating path ({@link StatWorker}, taken without distinct counts) against the row-by-row one
 * (taken with them): same keys, values, order and totals, on one partition or several.
 */
class StatWorkerTest {
    private static final String[] KEYS = {"src_addr", "srcip4/24,dst_port", "ip", "port", "pair", "proto,dst_port",
        "dstip6/48", "ip,proto", "src_port,dst_port,proto", "dst_addr,src_port"};
    private static final String[] FILTERS = {"", "proto tcp", "dst port 80 or src port 80", "net 10.0.0.0/16"};
    private static final String[] V4 = {"10.0.1.1", "10.0.1.2", "10.0.2.7", "192.0.2.80", "198.51.100.9", "10.1.0.1"};
    private static final String[] V6 = {"2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db8:ffff::9"};
    private static final int[] PORTS = {53, 80, 443, 40000, 40001, 50000};

    @Property(tries = 200)
    void groupingByDictionaryCodesGivesTheRowByRowResults(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3000) int flows, @ForAll @IntRange(min = 1, max = 3) int workers,
            @ForAll @IntRange(min = 1, max = 1500) int blockSize, @ForAll boolean ranged) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Flows f = new Flows();
        int hosts = 1 + rnd.nextInt(400);
        for (int i = 0; i < flows; i++) {
            long first = Flows.T0 + rnd.nextInt(10_000);
            String src = rnd.nextInt(10) == 0 ? V6[rnd.nextInt(V6.length)] : "10.0." + rnd.nextInt(1 + hosts / 200) + "."
                    + rnd.nextInt(Math.min(hosts, 250));
            f.add(src, PORTS[rnd.nextInt(PORTS.length)], address(rnd), PORTS[rnd.nextInt(PORTS.length)],
                    rnd.nextBoolean() ? 6 : 17, 1 + rnd.nextInt(100), 40 + rnd.nextInt(100_000), first,
                    first + rnd.nextInt(5_000));
        }
        String[] keys = {"src_addr", "dst_addr", "proto", "srcip4/24", "src_addr,proto", "dst_port", "proto,dst_addr",
            "ip", "ip,proto", "as", "mask", "pair"};
        String filter = FILTERS[rnd.nextInt(FILTERS.length)];
        Order[] orders = Order.values();
        StatQuery q = StatQuery.of(GroupKey.parse(keys[rnd.nextInt(keys.length)]), orders[rnd.nextInt(orders.length)],
                rnd.nextInt(3) == 0 ? 1000 : 1 + rnd.nextInt(5));
        if (!filter.isEmpty()) {
            q = q.withFilter(Filter.parse(filter));
        }
        if (ranged) {
            q = q.withRange(Flows.T0 + 2_000, Flows.T0 + 8_000);
        }
        assertThat(q.codedFields()).isNotEmpty();
        List<FlowBatch> blocks = new ArrayList<>();
        f.source(blockSize).forEachBatch(blocks::add);
        StatResult coded = StatEngine.run(q, roundRobin(decoded(blocks, q.codedFields(), b -> { }), workers));
        StatResult reference = StatEngine.run(q.withDistinct(List.of(Field.DST_PORT)),
                roundRobin(f.source(blockSize), workers));
        assertThat(lines(coded)).isEqualTo(lines(reference));
    }

    @org.junit.jupiter.api.Test
    void keysBeyondAWorkersOwnTableReachTheSharedTablesIntact() throws IOException {
        // 9 blocks of 65,536 flows from 20,000 sources each, none shared: more keys than StatWorker.LOCAL_KEYS
        List<FlowBatch> blocks = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int block = 0; block < 9; block++) {
            FlowBatch b = new FlowBatch(65_536);
            for (int i = 0; i < 65_536; i++) {
                int r = b.addRow();
                b.setIpv4(Field.SRC_ADDR, r, 0x0A000000 + (block * 20_000 + (i / 3) % 20_000) * 97); // repeats: a dictionary
                b.set(Field.PACKETS, r, 1 + rnd.nextInt(50));
                b.set(Field.BYTES, r, 40 + rnd.nextInt(60_000));
                b.set(Field.FIRST, r, Flows.T0 + i);
                b.set(Field.LAST, r, Flows.T0 + i + rnd.nextInt(9_000));
            }
            blocks.add(b);
        }
        assertThat(9 * 20_000).isGreaterThan(StatWorker.LOCAL_KEYS);
        StatQuery q = StatQuery.of(GroupKey.parse("src_addr"), Order.BYTES, 25);
        BatchSource plain = visitor -> {
            for (FlowBatch b : blocks) {
                visitor.visit(b.copy());
            }
        };
        // one worker, so that its own table overflows (with two, each would hold half of the keys)
        StatResult coded = StatEngine.run(q, roundRobin(decoded(blocks, q.codedFields(),
                b -> assertThat(b.codeRange(Field.SRC_ADDR.slot() + 1)).isPositive()), 1));
        StatResult reference = StatEngine.run(q, roundRobin(plain, 2));
        assertThat(coded.keys()).isEqualTo(reference.keys()).isGreaterThan(StatWorker.LOCAL_KEYS);
        assertThat(lines(coded)).isEqualTo(lines(reference));
    }

    /**
     * Each batch encoded as a block as the store writes it (sorted, dictionaries chosen by the writer) and decoded
     * with the dictionary codes of {@code coded}, as a scan hands it to a query grouping by them; {@code check}
     * sees each decoded block first.
     */
    private static BatchSource decoded(List<FlowBatch> batches, java.util.Set<Field> coded,
                                       java.util.function.Consumer<FlowBatch> check) {
        return visitor -> {
            boolean[] slots = new boolean[Field.SLOTS];
            for (Field field : coded) {
                for (int k = 0; k < field.width(); k++) {
                    slots[field.slot() + k] = true;
                }
            }
            try (var enc = new org.flowsec.store.format.BlockEncoder(1);
                 var dec = new org.flowsec.store.format.BlockDecoder()) {
                dec.projectCodes(slots);
                FlowBatch out = new FlowBatch(1);
                for (FlowBatch b : batches) {
                    var sink = new org.flowsec.store.format.ByteSink(1 << 20);
                    enc.encode(b.copy(), true, sink);
                    dec.decode(org.flowsec.store.format.ColumnSchema.CURRENT, sink.array(), 0, sink.size(), b.size(), out);
                    check.accept(out);
                    if (!visitor.visit(out)) {
                        return;
                    }
                }
            } catch (org.flowsec.store.format.CorruptDataException e) {
                throw new AssertionError(e);
            }
        };
    }

    /** Hands the batches to {@code workers} worker functions in turn, on the calling thread. */
    private static ParallelSource roundRobin(BatchSource source, int workers) {
        return new ParallelSource() {
            @Override
            public <R> void run(Supplier<? extends Function<FlowBatch, R>> make, Predicate<? super R> consumer)
                    throws IOException {
                List<Function<FlowBatch, R>> fs = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    fs.add(make.get());
                }
                int[] next = {0};
                source.forEachBatch(b -> {
                    R r = fs.get(next[0]++ % workers).apply(b);
                    return r == null || consumer.test(r);
                });
            }

            @Override
            public int parallelism() {
                return workers;
            }
        };
    }

    private static String address(SplittableRandom rnd) {
        return rnd.nextInt(5) == 0 ? V6[rnd.nextInt(V6.length)] : V4[rnd.nextInt(V4.length)];
    }

    /** "key|flows|packets|bytes|first|last|percent" per row, then keys, totals and approximation. */
    private static List<String> lines(StatResult r) {
        List<String> out = new ArrayList<>();
        for (StatRow row : r.rows()) {
            out.add(String.join(",", r.query().key().text(row.key())) + "|" + row.flows() + "|" + row.packets()
                    + "|" + row.bytes() + "|" + row.first() + "|" + row.last() + "|" + row.percent());
        }
        out.add(r.keys() + " keys, " + r.totals() + ", " + r.approximation());
        return out;
    }

    @Property(tries = 300)
    void preAggregatedResultsEqualTheRowByRowOnes(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int flows,
            @ForAll @IntRange(min = 1, max = 3) int workers, @ForAll @IntRange(min = 1, max = 50) int batchSize,
            @ForAll boolean bidirectional, @ForAll boolean ranged, @ForAll boolean bottom) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Flows f = new Flows();
        for (int i = 0; i < flows; i++) {
            long first = Flows.T0 + rnd.nextInt(10_000);
            f.add(address(rnd), PORTS[rnd.nextInt(PORTS.length)], address(rnd), PORTS[rnd.nextInt(PORTS.length)],
                    rnd.nextBoolean() ? 6 : 17, 1 + rnd.nextInt(100), 40 + rnd.nextInt(100_000), first,
                    first + rnd.nextInt(5_000));
        }
        String filter = FILTERS[rnd.nextInt(FILTERS.length)];
        Order[] orders = Order.values();
        StatQuery q = StatQuery.of(GroupKey.parse(KEYS[rnd.nextInt(KEYS.length)]), orders[rnd.nextInt(orders.length)],
                        rnd.nextInt(3) == 0 ? 1000 : 1 + rnd.nextInt(5))
                .withBidirectional(bidirectional).withBottom(bottom);
        if (!filter.isEmpty()) {
            q = q.withFilter(Filter.parse(filter));
        }
        if (ranged) {
            q = q.withRange(Flows.T0 + 2_000, Flows.T0 + 8_000);
        }
        StatResult fast = StatEngine.run(q, roundRobin(f.source(batchSize), workers));
        StatResult reference = StatEngine.run(q.withDistinct(List.of(Field.DST_PORT)),
                roundRobin(f.source(batchSize), workers));
        assertThat(lines(fast)).isEqualTo(lines(reference));
    }
}
