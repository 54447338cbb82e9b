package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.GroupKey;
import org.flowsec.query.Order;
import org.flowsec.query.StatEngine;
import org.flowsec.query.StatQuery;
import org.flowsec.query.StatResult;
import org.flowsec.query.filter.Filter;
import org.flowsec.store.FlowStore;
import org.flowsec.store.ScanHints;
import org.flowsec.store.ScanStats;
import org.flowsec.store.StoreBenchData;
import org.flowsec.store.StoreConfig;
import org.flowsec.store.StoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statistic ranked by a sum scans without first and last and looks them up afterwards for its listed keys
 * ({@code StatQuery.timesDeferrable}). Every value must equal what one pass over every row gives: on a store
 * with sealed segments and a journal still being written, with filters, time windows cutting through blocks,
 * either-side and prefix keys, on one thread and on two.
 */
class StatFirstLastTest {
    @TempDir
    Path tmp;

    private static final List<String> KEYS = List.of("src_addr", "dst_addr", "dst_port", "ip", "port", "proto",
            "srcip4/24,dst_port", "pair", "src_as", "in_if", "as");
    private static final List<String> FILTERS = List.of("", "proto tcp", "dst port 443 or dst port 80",
            "not proto tcp and packets > 3", "src net 0.0.0.0/1");

    /**
     * {@code n} realistic flows as a collector stores them: each ends 5 ms after the one before (they arrive
     * as they end) and keeps its duration, up to 5 seconds (an active timeout: two blocks' arrival time).
     */
    static FlowBatch inArrivalOrder(int n) {
        FlowBatch b = StoreBenchData.realistic(n);
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        long t0 = 1_790_000_100_000L;
        for (int i = 0; i < n; i++) {
            long duration = Math.min(5_000, Math.max(0, last[i] - first[i]));
            last[i] = t0 + 5L * i;
            first[i] = last[i] - duration;
        }
        return b;
    }

    /** {@code flows} in blocks of 500 over segments of 15,000 flows, all sealed but a journal left for the last. */
    private Path store(FlowBatch flows, String name, boolean journal) throws IOException {
        return store(flows, name, journal, 15_000);
    }

    private Path store(FlowBatch flows, String name, boolean journal, int segmentRows) throws IOException {
        long[] now = {1_790_000_100_000L};
        Path dir = tmp.resolve(name);
        int n = flows.size();
        int sealedRows = journal ? n - 5_000 : n;
        try (FlowStore s = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(500), () -> now[0])) {
            for (int at = 0; at < sealedRows; at += segmentRows) {
                FlowBatch b = new FlowBatch(segmentRows);
                b.appendRange(flows, at, Math.min(sealedRows, at + segmentRows));
                s.accept(b);
                s.flush();
                now[0] += 300_000;
            }
        }
        if (journal) {
            open = FlowStore.open(dir, StoreConfig.DEFAULTS.withBlockRecords(500), () -> now[0]);
            FlowBatch b = new FlowBatch(5_000);
            b.appendRange(flows, sealedRows, n);
            open.accept(b);
            open.flush();
        }
        return dir;
    }

    /** The store left open, so its journal stays a journal. */
    private FlowStore open;

    @org.junit.jupiter.api.AfterEach
    void closeTheOpenStore() throws IOException {
        if (open != null) {
            open.close();
        }
    }

    @Test
    void everyValueEqualsOnePassOverEveryRow() throws Exception {
        StoreReader reader = StoreReader.open(store(inArrivalOrder(50_000), "store", true));
        assertThat(reader.segments()).extracting(seg -> seg.sealed()).contains(true, false);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (var seg : reader.segments()) {
            min = Math.min(min, seg.minFirst());
            max = Math.max(max, seg.maxLast());
        }
        long third = (max - min) / 3;
        long[][] windows = {{Long.MIN_VALUE, Long.MAX_VALUE}, {min + third, max - third}, {min + 1, min + third / 2}};
        int compared = 0;
        boolean readAgain = false;
        for (String by : KEYS) {
            for (String f : FILTERS) {
                for (long[] w : windows) {
                    for (Order order : List.of(Order.BYTES, Order.PACKETS, Order.BPP)) {
                        Filter filter = f.isEmpty() ? Filter.all() : Filter.parse(f);
                        StatQuery q = StatQuery.of(GroupKey.parse(by), order, 7).withFilter(filter)
                                .withRange(w[0], w[1]).withBottom(order == Order.PACKETS);
                        // prefixes and several fields are read in one pass (StatQuery.timesDeferrable)
                        assertThat(q.timesDeferrable()).as(by)
                                .isEqualTo(!by.contains(",") && !by.contains("/") && !by.equals("pair"));
                        StatResult once = StatEngine.run(q, reader.source(w[0], w[1], ScanHints.NONE));
                        for (int threads : new int[] {1, 2}) {
                            ScanStats[] stats = new ScanStats[1];
                            StatResult twice = StatEngine.run(q, StoreAccess.source(reader, w[0], w[1],
                                    ScanHints.NONE.withCodes(q.codedFields()), threads, stats));
                            assertThat(text(twice)).as(by + " / " + f + " / " + order + " / " + threads)
                                    .isEqualTo(text(once));
                            compared += once.rows().size();
                            readAgain |= stats[0].blocksRead() > reader.spans(w[0], w[1]).size();
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);
        assertThat(readAgain).as("some statistics looked again for first and last").isTrue();
    }

    /** Every value of every row, times included. */
    private static List<String> text(StatResult r) {
        return r.rows().stream().map(row -> String.join(",", r.query().key().text(row.key())) + "|" + row.flows()
                + "|" + row.packets() + "|" + row.bytes() + "|" + row.first() + "|" + row.last() + "|"
                + row.percent()).toList();
    }

    /**
     * Blocks the command read, from its summary, and its output's lines. The filter matches every flow; without
     * one the sealed segments' address totals would stand for the rows and no block would be read.
     */
    private static int[] blocksAndLines(Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "stat", "--store", dir.toString(), "--by", "src_addr", "--order", "bytes", "--top", "10", "--threads", "2",
                "bytes >= 0");
        assertThat(code).isZero();
        var m = java.util.regex.Pattern.compile("scanned (\\d+) records in (\\d+) blocks").matcher(err.toString());
        assertThat(m.find()).as(err.toString()).isTrue();
        return new int[] {Integer.parseInt(m.group(2)), (int) out.toString().lines().count()};
    }

    @Test
    void aStoreInArrivalOrderIsReadOnceAndAFewOfItsBlocksAgain() throws IOException {
        // the scan reads each block once, the look for first and last a few again
        Path dir = store(inArrivalOrder(50_000), "arrival", false);
        int blocks = StoreReader.open(dir).spans(Long.MIN_VALUE, Long.MAX_VALUE).size();
        int[] r = blocksAndLines(dir);
        assertThat(blocks).isGreaterThanOrEqualTo(100);
        assertThat(r[0]).isBetween(blocks + 1, blocks + blocks / 4);
        assertThat(r[1]).isEqualTo(11);
    }

    @Test
    void aStoreWhoseBlocksEachSpanMostOfItsTimeIsReadOnceWithFirstAndLast() throws IOException {
        // flows imported out of order, a segment (of one block) at a time: every block holds starts and ends from
        // all over the range, so a second look would read most of them again
        FlowBatch flows = StoreBenchData.realistic(50_000);
        java.util.Random random = new java.util.Random(7);
        long[] first = flows.slot(Field.FIRST.slot());
        long[] last = flows.slot(Field.LAST.slot());
        for (int i = 0; i < flows.size(); i++) {
            long duration = Math.min(5_000, Math.max(0, last[i] - first[i]));
            first[i] = 1_790_000_000_000L + random.nextInt(250_000);
            last[i] = first[i] + duration;
        }
        Path dir = store(flows, "wide", false, 500);
        int blocks = StoreReader.open(dir).spans(Long.MIN_VALUE, Long.MAX_VALUE).size();
        int[] r = blocksAndLines(dir);
        assertThat(blocks).isGreaterThanOrEqualTo(100);
        assertThat(r[0]).isEqualTo(blocks);
        assertThat(r[1]).isEqualTo(11);
    }
}
