package org.flowsec.flow;

/**
 * Flows, packets, bytes, earliest first and latest last summed per address (two words): an open-addressing
 * table of one cache line per address, grown by doubling up to a limit of distinct addresses. Sealing sums a
 * segment's rows in one ({@link AddressTotals}); a ranking sums many segments' totals in one per thread.
 */
public final class AddressSums {
    private static final int STRIDE = 8;
    private static final int FLOWS = 2;

    private final int limit;
    private long[] table = new long[1024 * STRIDE];
    private int mask = 1023;
    private int size;

    /** A table of at most {@code limit} distinct addresses. */
    public AddressSums(int limit) {
        this.limit = limit;
    }

    /**
     * Adds to the address's sums (flows at least 1); false, and nothing added, when the address is new and the
     * table holds {@code limit} addresses already.
     */
    public boolean add(long hi, long lo, long flows, long packets, long bytes, long first, long last) {
        long[] t = table;
        int i = slot(hi, lo);
        while (true) {
            int at = i * STRIDE;
            if (t[at + FLOWS] == 0) {
                if (size == limit) {
                    return false;
                }
                t[at] = hi;
                t[at + 1] = lo;
                t[at + FLOWS] = flows;
                t[at + 3] = packets;
                t[at + 4] = bytes;
                t[at + 5] = first;
                t[at + 6] = last;
                if (++size * 2 > mask + 1) {
                    grow();
                }
                return true;
            }
            if (t[at] == hi && t[at + 1] == lo) {
                t[at + FLOWS] += flows;
                t[at + 3] += packets;
                t[at + 4] += bytes;
                t[at + 5] = Math.min(t[at + 5], first);
                t[at + 6] = Math.max(t[at + 6], last);
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private int slot(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private void grow() {
        long[] old = table;
        int capacity = (mask + 1) * 2;
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + FLOWS] != 0) {
                int i = slot(old[at], old[at + 1]);
                while (table[i * STRIDE + FLOWS] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, at, table, i * STRIDE, STRIDE);
            }
        }
    }

    public int size() {
        return size;
    }

    /** Forgets every address, and the memory of a grown table. */
    public void clear() {
        table = new long[1024 * STRIDE];
        mask = 1023;
        size = 0;
    }

    /** The sums as {@link AddressTotals} of {@code side}, in ascending address order. */
    public AddressTotals sorted(Field side) {
        int[] order = sortByAddress(table, offsets());
        long[][] cols = columns(order, 7);
        return new AddressTotals(side, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6]);
    }

    /** The sums in table order as columns: hi, lo, flows, packets, bytes, first, last. */
    public long[][] columns() {
        return columns(offsets(), 7);
    }

    private int[] offsets() {
        int[] at = new int[size];
        int n = 0;
        for (int a = 0; a < table.length; a += STRIDE) {
            if (table[a + FLOWS] != 0) {
                at[n++] = a;
            }
        }
        return at;
    }

    private long[][] columns(int[] offsets, int count) {
        long[][] cols = new long[count][offsets.length];
        for (int e = 0; e < offsets.length; e++) {
            for (int c = 0; c < count; c++) {
                cols[c][e] = table[offsets[e] + c];
            }
        }
        return cols;
    }

    /**
     * The entry offsets in ascending (hi, lo) order: a bottom-up merge sort of ints, since sorting boxed indexes
     * with a comparator took longer than building the whole table (86 ns per flow on realistic flows).
     */
    private static int[] sortByAddress(long[] t, int[] a) {
        int n = a.length;
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    if (i < mid && (j >= hi || !after(t, a[i], a[j]))) {
                        b[k] = a[i++];
                    } else {
                        b[k] = a[j++];
                    }
                }
            }
            int[] swap = a;
            a = b;
            b = swap;
        }
        return a;
    }

    /** Whether the entry at {@code x} sorts after the one at {@code y}. */
    private static boolean after(long[] t, int x, int y) {
        int c = Long.compare(t[x], t[y]);
        return c != 0 ? c > 0 : t[x + 1] > t[y + 1];
    }
}
