package org.flowsec.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Field;

/**
 * A ranking by address that reads the store's totals per address ({@link BlockSource#readStoredTotals}) for
 * the segments that have them and whose every flow overlaps the window, and scans the rest (the journal,
 * segments cut by the window's edges, older segments without totals) as usual. Sums, minimum and maximum do not care whether
 * they are taken row by row or address by address, so the result is the one a scan of every row gives, every
 * column and order included. Only for queries that {@link StatQuery#addressTotalsUsable can use them}.
 */
final class StoredTotalsPass {
    private StoredTotalsPass() {}

    /** The statistic, or null when no segment has usable totals (the caller then scans everything). */
    static StatResult run(StatQuery q, BlockSource source) throws IOException {
        List<BlockSource.Span> spans = source.spans();
        KeyPart part = q.key().parts().get(0);
        boolean wantSource = part.kind() == KeyPart.Kind.EITHER || part.src() == Field.SRC_ADDR;
        boolean wantDestination = part.kind() == KeyPart.Kind.EITHER || part.src() == Field.DST_ADDR;
        BitSet covered = new BitSet();
        List<Reader> readers = new ArrayList<>();
        int threads = Math.max(1, source.parallelism());
        StatEngine e = new StatEngine(q, threads, false);
        // each reader's table hands its keys on to the statistic's tables when it holds this many: those keep to
        // --max-memory (and turn approximate past it), the readers' tables to 128 MiB each at most
        int flushAt = (int) Math.max(1024, Math.min(1 << 20, q.memoryLimitBytes() / threads / 256));
        source.readStoredTotals(q.fromMs(), q.toMs(), wantSource, wantDestination, () -> {
            Reader r = new Reader(part, wantSource, wantDestination, covered, e, flushAt);
            synchronized (readers) {
                readers.add(r);
            }
            return r;
        });
        if (covered.isEmpty()) {
            return null;
        }
        BitSet rest = new BitSet();
        rest.set(0, spans.size());
        rest.andNot(covered);
        // an empty set reads nothing, but still reports what the scan did
        source.run(q.fields(), rest, e::newCachingWorker, e::consume);
        e.finishWorkers();
        for (Reader r : readers) {
            r.flush();
        }
        return e.result();
    }

    /**
     * One reading thread's share: the totals it is handed, summed per key as they come (while their columns are
     * in the cache, and so that they are garbage at once instead of piling up: a day's 288 segments list some
     * 8 million entries), with the flows, packets and bytes they stand for.
     */
    private static final class Reader implements java.util.function.Predicate<BlockSource.StoredTotals> {
        private final boolean wantSource;
        private final boolean wantDestination;
        private final BitSet covered;
        private final StatEngine engine;
        private final int flushAt;
        private final TotalsByKey sums;

        Reader(KeyPart part, boolean wantSource, boolean wantDestination, BitSet covered, StatEngine engine,
               int flushAt) {
            this.wantSource = wantSource;
            this.wantDestination = wantDestination;
            this.covered = covered;
            this.engine = engine;
            this.flushAt = flushAt;
            this.sums = new TotalsByKey(part);
        }

        /** Hands the keys summed so far to the statistic's tables. */
        void flush() {
            long[][][] c = sums.columns();
            engine.addEntries(sums.size(), c[0], c[1]);
            sums.clear();
        }

        @Override
        public boolean test(BlockSource.StoredTotals t) {
            if ((wantSource && t.source() == null) || (wantDestination && t.destination() == null)) {
                return false; // a side the writer gave up on: the segment is scanned
            }
            AddressTotals either = wantSource ? t.source() : t.destination();
            engine.addToTotals(either.totalFlows(), either.totalPackets(), either.totalBytes());
            if (wantSource) {
                sums.add(t.source());
            }
            if (wantDestination) {
                sums.add(t.destination());
            }
            if (sums.size() >= flushAt) {
                flush();
            }
            synchronized (covered) {
                covered.or(t.spans());
            }
            return true;
        }
    }
}
