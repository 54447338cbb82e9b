package org.flowsec.query;

import org.flowsec.flow.AddressSums;
import org.flowsec.flow.AddressTotals;
import org.flowsec.stats.Prefixes;

/**
 * Address totals of many segments summed per key (an address, or the prefix a key masks it to) before they
 * reach the statistic's key table: a day of 5-minute segments lists the same busy addresses in each of its 288
 * lists, about 8 million entries for 51,000 sources on the benchmark's flows. An {@link AddressSums} table,
 * which for that many keys stays in the CPU's caches, takes them at 45–50 ns each; the general key table took
 * 250 ns, a k-way merge of the sorted lists 400 ns (its heap reads the heads of 288 lists scattered in memory).
 */
final class TotalsByKey {
    private final KeyPart part;
    private final AddressSums sums = new AddressSums(Integer.MAX_VALUE);

    TotalsByKey(KeyPart part) {
        this.part = part;
    }

    /** Adds one list's entries, each to its address's (or prefix's) key. */
    void add(AddressTotals t) {
        boolean prefix = part.kind() == KeyPart.Kind.PREFIX;
        long[] hi = t.hi();
        long[] lo = t.lo();
        for (int i = 0; i < t.size(); i++) {
            long h = hi[i];
            long l = lo[i];
            if (prefix) {
                h = Prefixes.maskHi(hi[i], lo[i], part.v4Bits(), part.v6Bits());
                l = Prefixes.maskLo(hi[i], lo[i], part.v4Bits(), part.v6Bits());
            }
            sums.add(h, l, t.flows()[i], t.packets()[i], t.bytes()[i], t.first()[i], t.last()[i]);
        }
    }

    int size() {
        return sums.size();
    }

    /** Forgets every key, and the memory of a grown table. */
    void clear() {
        sums.clear();
    }

    /** The keys as columns of words (hi, lo) and their flows, packets, bytes, first and last: {keys, values}. */
    long[][][] columns() {
        long[][] c = sums.columns();
        return new long[][][] {{c[0], c[1]}, {c[2], c[3], c[4], c[5], c[6]}};
    }
}
