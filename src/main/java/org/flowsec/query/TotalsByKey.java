package org.flowsec.query;

import java.util.List;
import org.flowsec.flow.AddressTotals;
import org.flowsec.stats.KeyHash;
import org.flowsec.stats.Prefixes;

/**
 * Address totals of many segments summed per key (an address, or the prefix a key masks it to) before they
 * reach the statistic's key table: a day of 5-minute segments lists the same busy addresses in each of its 288
 * lists, about 8 million entries for 51,000 sources on the benchmark's flows. An open-addressing table of one
 * cache line per key, which for that many keys stays in the CPU's caches, takes them at a few tens of
 * nanoseconds each; the general key table took 250 ns, a k-way merge of the sorted lists 400 ns (its heap
 * reads the heads of 288 lists scattered in memory).
 */
final class TotalsByKey {
    private static final int STRIDE = 8;
    private static final int FLOWS = 2;

    private final KeyPart part;
    private long[] table = new long[1024 * STRIDE];
    private int mask = 1023;
    private int size;

    TotalsByKey(KeyPart part) {
        this.part = part;
    }

    TotalsByKey(List<AddressTotals> lists, KeyPart part) {
        this(part);
        lists.forEach(this::add);
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
            add(h, l, t.flows()[i], t.packets()[i], t.bytes()[i], t.first()[i], t.last()[i]);
        }
    }

    private void add(long h, long l, long flows, long packets, long bytes, long first, long last) {
        long[] t = table;
        int i = (int) (KeyHash.hash(h, l) >>> 32) & mask;
        while (true) {
            int at = i * STRIDE;
            if (t[at + FLOWS] == 0) {
                t[at] = h;
                t[at + 1] = l;
                t[at + FLOWS] = flows;
                t[at + 3] = packets;
                t[at + 4] = bytes;
                t[at + 5] = first;
                t[at + 6] = last;
                if (++size * 2 > mask + 1) {
                    grow();
                }
                return;
            }
            if (t[at] == h && t[at + 1] == l) {
                t[at + FLOWS] += flows;
                t[at + 3] += packets;
                t[at + 4] += bytes;
                t[at + 5] = Math.min(t[at + 5], first);
                t[at + 6] = Math.max(t[at + 6], last);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        int capacity = (mask + 1) * 2;
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + FLOWS] != 0) {
                int i = (int) (KeyHash.hash(old[at], old[at + 1]) >>> 32) & mask;
                while (table[i * STRIDE + FLOWS] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, at, table, i * STRIDE, STRIDE);
            }
        }
    }

    int size() {
        return size;
    }

    /** Forgets every key, and the memory of a grown table. */
    void clear() {
        table = new long[1024 * STRIDE];
        mask = 1023;
        size = 0;
    }

    /** The keys as columns of words (hi, lo) and their flows, packets, bytes, first and last: {keys, values}. */
    long[][][] columns() {
        long[][] keys = new long[2][size];
        long[][] values = new long[5][size];
        int n = 0;
        for (int at = 0; at < table.length; at += STRIDE) {
            if (table[at + FLOWS] != 0) {
                keys[0][n] = table[at];
                keys[1][n] = table[at + 1];
                for (int c = 0; c < 5; c++) {
                    values[c][n] = table[at + FLOWS + c];
                }
                n++;
            }
        }
        return new long[][][] {keys, values};
    }
}
