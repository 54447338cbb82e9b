package org.flowsec.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Field;
import org.flowsec.stats.Prefixes;

/**
 * A ranking by address that reads the store's totals per address ({@link BlockSource#storedTotals}) for the
 * segments that have them and lie wholly inside the window, and scans the rest (the journal, segments cut by
 * the window's edges, older segments without totals) as usual. Sums, minimum and maximum do not care whether
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
        List<BlockSource.StoredTotals> usable = new ArrayList<>();
        BitSet rest = new BitSet();
        rest.set(0, spans.size());
        for (BlockSource.StoredTotals t : source.storedTotals(q.fromMs(), q.toMs())) {
            if ((!wantSource || t.source() != null) && (!wantDestination || t.destination() != null)) {
                usable.add(t);
                rest.andNot(t.spans());
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        StatEngine e = new StatEngine(q, Math.max(1, source.parallelism()), false);
        // an empty set reads nothing, but still reports what the scan did
        source.run(q.fields(), rest, e::newCachingWorker, e::consume);
        e.finishWorkers();
        for (BlockSource.StoredTotals t : usable) {
            AddressTotals either = wantSource ? t.source() : t.destination();
            e.addToTotals(either.totalFlows(), either.totalPackets(), either.totalBytes());
            if (wantSource) {
                add(e, t.source(), part);
            }
            if (wantDestination) {
                add(e, t.destination(), part);
            }
        }
        return e.result();
    }

    /** One side's totals as entries of the key: one per address, masked for a prefix key. */
    private static void add(StatEngine e, AddressTotals t, KeyPart part) {
        int n = t.size();
        long[][] keys = {t.hi(), t.lo()};
        if (part.kind() == KeyPart.Kind.PREFIX) {
            long[] hi = new long[n];
            long[] lo = new long[n];
            for (int i = 0; i < n; i++) {
                hi[i] = Prefixes.maskHi(t.hi()[i], t.lo()[i], part.v4Bits(), part.v6Bits());
                lo[i] = Prefixes.maskLo(t.hi()[i], t.lo()[i], part.v4Bits(), part.v6Bits());
            }
            keys = new long[][] {hi, lo};
        }
        e.addEntries(n, keys, new long[][] {t.flows(), t.packets(), t.bytes(), t.first(), t.last()});
    }
}
