package org.flowsec.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.flowsec.base.Clock;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.ParallelSource;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;

/** {@code query --write DIR}: the matching flows into a flow store of their own, as nfdump -w and rwfilter --pass do. */
final class SubsetWrite {
    private SubsetWrite() {}

    /** A usage error when {@code target} is a file, or is, holds or lies inside the store read. */
    static void check(Path store, Path target) throws IOException {
        Path source = store.toRealPath();
        Path to = target.toAbsolutePath().normalize();
        if (Files.exists(to)) {
            if (!Files.isDirectory(to)) {
                throw new UsageException("--write " + target + " is a file: give a directory for the new store");
            }
            to = to.toRealPath();
        }
        if (source.equals(to) || to.startsWith(source) || source.startsWith(to)) {
            throw new UsageException("--write " + target + " overlaps the store read (" + store + "): give another directory");
        }
    }

    /**
     * Writes the rows {@code predicate} selects, at most {@code max}, into the store at {@code target} (created
     * if missing) and seals it; adds their flows, packets and bytes to {@code totals}.
     */
    static void run(Path target, ParallelSource source, FlowPredicate predicate, long max, long[] totals)
            throws IOException {
        FlowStore opened;
        try {
            opened = FlowStore.open(target, StoreConfig.DEFAULTS, Clock.SYSTEM);
        } catch (IOException e) {
            throw new IOException("cannot write a flow store at " + target + ": " + reason(e), e);
        }
        try (FlowStore out = opened) {
            source.run(() -> QueryWorkers.select(predicate), rows -> {
                int n = (int) Math.min(rows.size(), max - totals[0]);
                FlowBatch kept = rows;
                if (n < rows.size()) {
                    kept = new FlowBatch(n);
                    kept.appendRange(rows, 0, n);
                }
                out.accept(kept);
                totals[0] += n;
                for (int r = 0; r < n; r++) {
                    totals[1] += kept.get(Field.PACKETS, r);
                    totals[2] += kept.get(Field.BYTES, r);
                }
                return totals[0] < max;
            });
        }
    }

    /** What went wrong, in words: the JDK's messages for these are the bare path. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
