package org.flowsec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowsec.base.Quantities;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.BlockSource;
import org.flowsec.store.BlockSpan;
import org.flowsec.store.ScanHints;
import org.flowsec.store.ScanStats;
import org.flowsec.store.StoreReader;

/** What every command that reads a store does the same way: check it, open it, check the window, summarise. */
final class StoreAccess {
    private StoreAccess() {}

    /** Opens the store for reading (after {@link #requireStore}); corrupt files it skips are named on stderr. */
    static StoreReader open(Path store, PrintWriter err) throws IOException {
        return StoreReader.open(store, (path, reason) -> err.println("flowsec: skipped " + path + ": " + reason));
    }

    /**
     * The store's flows in [from, to) as a {@link BlockSource} scanned on {@code threads} threads (null: one per
     * core); the first scan's counters land in {@code stats[0]}, later scans' reading adds to them.
     */
    static BlockSource source(StoreReader reader, long from, long to, ScanHints hints, Integer threads,
                              ScanStats[] stats) {
        int n = threads(threads);
        return new BlockSource() {
            /** The spans of the last {@link #spans()} call. */
            private List<BlockSpan> listed = List.of();
            /** Segments answered from their totals since the last scan, counted into its statistics. */
            private long summed;

            @Override
            public <R> void run(Supplier<? extends Function<FlowBatch, R>> workers, Predicate<? super R> consumer)
                    throws IOException {
                stats[0] = reader.scan(from, to, hints, n, workers, consumer);
            }

            @Override
            public int parallelism() {
                return n;
            }

            @Override
            public List<Span> spans() throws IOException {
                listed = reader.spans(from, to);
                return listed.stream().map(s -> new Span(s.minFirst(), s.maxFirst(), s.minLast(), s.maxLast())).toList();
            }

            @Override
            public void readStoredTotals(long fromMs, long toMs, boolean source, boolean destination,
                                         Supplier<? extends Predicate<StoredTotals>> readers) throws IOException {
                Map<Path, BitSet> bySegment = new java.util.LinkedHashMap<>();
                for (int i = 0; i < listed.size(); i++) {
                    BlockSpan s = listed.get(i);
                    if (s.block() != BlockSpan.JOURNAL) {
                        bySegment.computeIfAbsent(s.segment(), p -> new BitSet()).set(i);
                    }
                }
                List<Map.Entry<Path, BitSet>> segments = new java.util.ArrayList<>(bySegment.entrySet());
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger used = new java.util.concurrent.atomic.AtomicInteger();
                IOException[] failed = new IOException[1];
                // segment by segment on the scan's threads, each handing what it reads to its own reader
                Runnable reading = () -> {
                    Predicate<StoredTotals> reader = readers.get();
                    for (int i = next.getAndIncrement(); i < segments.size(); i = next.getAndIncrement()) {
                        try {
                            var totals = totals(source, destination, fromMs, toMs, segments.get(i));
                            if (totals != null && reader.test(totals)) {
                                used.incrementAndGet();
                            }
                        } catch (IOException e) {
                            synchronized (failed) {
                                failed[0] = e;
                            }
                        }
                    }
                };
                onThreads(reading, Math.min(n, segments.size()));
                if (failed[0] != null) {
                    throw failed[0];
                }
                summed = used.get();
            }

            /** The totals of one segment within both windows, or null. */
            private StoredTotals totals(boolean source, boolean destination, long fromMs, long toMs,
                                        Map.Entry<Path, BitSet> segment) throws IOException {
                var totals = reader.addressTotals(segment.getKey(), Math.max(from, fromMs), Math.min(to, toMs), source,
                        destination);
                return totals == null ? null : new StoredTotals(segment.getValue(), totals[0], totals[1]);
            }

            @Override
            public <R> void run(Set<Field> fields, BitSet spans, Supplier<? extends Function<FlowBatch, R>> workers,
                                Predicate<? super R> consumer) throws IOException {
                Map<Path, BitSet> only = null;
                if (spans != null) {
                    only = new HashMap<>();
                    for (int i = spans.nextSetBit(0); i >= 0; i = spans.nextSetBit(i + 1)) {
                        BlockSpan s = listed.get(i);
                        BitSet blocks = only.computeIfAbsent(s.segment(), p -> new BitSet());
                        if (s.block() != BlockSpan.JOURNAL) {
                            blocks.set(s.block());
                        }
                    }
                }
                ScanStats s = reader.scan(from, to, new ScanHints(hints.addresses(), fields, hints.coded()), n,
                        workers, consumer, only);
                if (stats[0] == null) {
                    stats[0] = s;
                } else {
                    stats[0].addRereads(s); // the second look of a statistic: blocks read again
                }
                stats[0].addSegmentsSummed(summed);
                summed = 0;
            }
        };
    }

    /** Runs {@code task} on the calling thread and {@code threads - 1} more, and waits for all. */
    private static void onThreads(Runnable task, int threads) throws java.io.InterruptedIOException {
        List<Thread> helpers = new java.util.ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread h = new Thread(task, "flowsec-totals-" + t);
            h.start();
            helpers.add(h);
        }
        task.run();
        for (Thread h : helpers) {
            try {
                h.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading address totals");
            }
        }
    }

    /** {@code --threads}: at least 1; default one per core the JVM may use. */
    static int threads(Integer threads) {
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be 1 or more");
        }
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    static void requireStore(Path store) {
        if (!Files.isDirectory(store)) {
            throw new UsageException("no flow store at " + store + " (give the --store of 'flowsec collect')");
        }
    }

    /** {@code --from}/{@code --to} as [from, to) in ms, unbounded where not given. */
    static long[] window(Long from, Long to) {
        long fromMs = from == null ? Long.MIN_VALUE : from;
        long toMs = to == null ? Long.MAX_VALUE : to;
        if (fromMs >= toMs) {
            throw new UsageException("--from must be before --to");
        }
        return new long[] {fromMs, toMs};
    }

    /** The summary line on stderr: totals {flows, packets, bytes} and what the scan read and skipped. */
    static String summary(long[] totals, ScanStats scan, long nanos) {
        return String.format(Locale.ROOT,
                "Summary: flows %d, packets %d (%s), bytes %d (%s); scanned %d records in %d blocks, skipped %d blocks, %d corrupt files%s; %.3f s",
                totals[0], totals[1], Quantities.human(totals[1]), totals[2], Quantities.human(totals[2]),
                scan.recordsScanned(), scan.blocksRead(), scan.blocksSkippedByTime() + scan.blocksSkippedByBloom(),
                scan.corruptFiles(),
                scan.segmentsSummed() == 0 ? "" : "; " + scan.segmentsSummed() + " segments from their address totals",
                nanos / 1e9);
    }
}
