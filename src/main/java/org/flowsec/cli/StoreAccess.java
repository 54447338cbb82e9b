package org.flowsec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowsec.base.Quantities;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.ParallelSource;
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
     * The store's flows in [from, to) as a {@link ParallelSource} scanned on {@code threads} threads (null:
     * one per core); the scan's counters land in {@code stats[0]}.
     */
    static ParallelSource source(StoreReader reader, long from, long to, ScanHints hints, Integer threads,
                                 ScanStats[] stats) {
        int n = threads(threads);
        return new ParallelSource() {
            @Override
            public <R> void run(Supplier<? extends Function<FlowBatch, R>> workers, Predicate<? super R> consumer)
                    throws IOException {
                stats[0] = reader.scan(from, to, hints, n, workers, consumer);
            }

            @Override
            public int parallelism() {
                return n;
            }
        };
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
                "Summary: flows %d, packets %d (%s), bytes %d (%s); scanned %d records in %d blocks, skipped %d blocks, %d corrupt files; %.3f s",
                totals[0], totals[1], Quantities.human(totals[1]), totals[2], Quantities.human(totals[2]),
                scan.recordsScanned(), scan.blocksRead(), scan.blocksSkippedByTime() + scan.blocksSkippedByBloom(),
                scan.corruptFiles(), nanos / 1e9);
    }
}
