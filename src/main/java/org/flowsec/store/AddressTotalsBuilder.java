package org.flowsec.store;

import java.util.Arrays;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Sums the rows of a segment per address of one side while the segment is sealed ({@link AddressTotals}).
 * An open-addressing table of one cache line per address (hi, lo, flows, packets, bytes, first, last). Rows
 * that come with dictionary codes (a decoded block) are first summed per code, so the table sees one entry
 * per distinct address of the block instead of one per row.
 *
 * <p>Memory is bounded: past {@link #MAX_ADDRESSES} distinct addresses (a 5-minute window of a router under
 * a spoofed-source flood, say) the builder gives up, frees its table and {@link #build} returns null: the
 * segment then has no totals for this side and rankings scan its rows, as they would anyway.
 */
final class AddressTotalsBuilder {
    /** 2^19 addresses: the table then takes 64 MiB at most (2^20 slots of 64 bytes). */
    static final int MAX_ADDRESSES = 1 << 19;
    private static final int STRIDE = 8;
    private static final int HI = 0;
    private static final int LO = 1;
    private static final int FLOWS = 2;
    private static final int PACKETS = 3;
    private static final int BYTES = 4;
    private static final int FIRST = 5;
    private static final int LAST = 6;

    private final Field side;
    private final int hiSlot;
    private final int loSlot;
    private final int limit;
    private long[] table;
    private int mask;
    private int size;
    private boolean gaveUp;
    /** Per dictionary code of the current block: flows (0 = unused), packets, bytes, first, last, a row. */
    private long[] byCode = new long[0];

    AddressTotalsBuilder(Field side) {
        this(side, MAX_ADDRESSES);
    }

    AddressTotalsBuilder(Field side, int limit) {
        this.side = side;
        this.hiSlot = side.slot();
        this.loSlot = side.slot() + 1;
        this.limit = limit;
        this.table = new long[1024 * STRIDE];
        this.mask = 1023;
    }

    /** Adds rows {@code [0, b.size())}: their side's address, flows (one each), packets, bytes, first, last. */
    void add(FlowBatch b) {
        if (gaveUp || b.isEmpty()) {
            return;
        }
        int loRange = b.codeRange(loSlot);
        if (loRange > 0 && loRange <= b.size()) {
            addByCodes(b, loRange);
        } else {
            addRows(b);
        }
    }

    private void addRows(FlowBatch b) {
        long[] hi = b.slot(hiSlot);
        long[] lo = b.slot(loSlot);
        long[] packets = b.slot(Field.PACKETS.slot());
        long[] bytes = b.slot(Field.BYTES.slot());
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        for (int r = 0, n = b.size(); r < n && !gaveUp; r++) {
            merge(hi[r], lo[r], 1, packets[r], bytes[r], first[r], last[r]);
        }
    }

    /**
     * Sums rows per code of the address's low word first. Rows of one code share the low word; the group keeps
     * the high word of its first row, and a row with another high word (an IPv6 address whose low 64 bits
     * another one has too, rare) goes to the table by itself. Grouping by the low word's codes alone keeps the
     * groups as few as the block's addresses even where IPv4 and IPv6 flows mix and the high word has many codes.
     */
    private void addByCodes(FlowBatch b, int loRange) {
        if (byCode.length < loRange * 6) {
            byCode = new long[loRange * 6];
        }
        Arrays.fill(byCode, 0, loRange * 6, 0);
        int[] loCodes = b.codes(loSlot);
        long[] hi = b.slot(hiSlot);
        long[] lo = b.slot(loSlot);
        long[] packets = b.slot(Field.PACKETS.slot());
        long[] bytes = b.slot(Field.BYTES.slot());
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        long[] g = byCode;
        for (int r = 0, n = b.size(); r < n && !gaveUp; r++) {
            int at = loCodes[r] * 6;
            if (g[at] == 0) {
                g[at + 3] = first[r];
                g[at + 4] = last[r];
                g[at + 5] = r;
            } else if (hi[(int) g[at + 5]] != hi[r]) {
                merge(hi[r], lo[r], 1, packets[r], bytes[r], first[r], last[r]);
                continue;
            } else {
                g[at + 3] = Math.min(g[at + 3], first[r]);
                g[at + 4] = Math.max(g[at + 4], last[r]);
            }
            g[at]++;
            g[at + 1] += packets[r];
            g[at + 2] += bytes[r];
        }
        for (int c = 0; c < loRange && !gaveUp; c++) {
            int at = c * 6;
            if (g[at] != 0) {
                int r = (int) g[at + 5];
                merge(hi[r], lo[r], g[at], g[at + 1], g[at + 2], g[at + 3], g[at + 4]);
            }
        }
    }

    private void merge(long hi, long lo, long flows, long packets, long bytes, long first, long last) {
        int i = (int) hash(hi, lo) & mask;
        long[] t = table;
        while (true) {
            int at = i * STRIDE;
            if (t[at + FLOWS] == 0) {
                if (size == limit) {
                    giveUp();
                    return;
                }
                t[at + HI] = hi;
                t[at + LO] = lo;
                t[at + FLOWS] = flows;
                t[at + PACKETS] = packets;
                t[at + BYTES] = bytes;
                t[at + FIRST] = first;
                t[at + LAST] = last;
                if (++size * 2 > mask + 1) {
                    grow();
                }
                return;
            }
            if (t[at + HI] == hi && t[at + LO] == lo) {
                t[at + FLOWS] += flows;
                t[at + PACKETS] += packets;
                t[at + BYTES] += bytes;
                t[at + FIRST] = Math.min(t[at + FIRST], first);
                t[at + LAST] = Math.max(t[at + LAST], last);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void giveUp() {
        gaveUp = true;
        table = new long[0];
        byCode = new long[0];
        size = 0;
    }

    private void grow() {
        long[] old = table;
        int capacity = (mask + 1) * 2;
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + FLOWS] != 0) {
                int i = (int) hash(old[at + HI], old[at + LO]) & mask;
                while (table[i * STRIDE + FLOWS] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, at, table, i * STRIDE, STRIDE);
            }
        }
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
        int c = Long.compare(t[x + HI], t[y + HI]);
        return c != 0 ? c > 0 : t[x + LO] > t[y + LO];
    }

    private static long hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    /** Whether the side had more distinct addresses than the builder keeps. */
    boolean gaveUp() {
        return gaveUp;
    }

    /** The totals in ascending address order, or null when the builder gave up. */
    AddressTotals build() {
        if (gaveUp) {
            return null;
        }
        long[] t = table;
        int[] order = new int[size];
        int n = 0;
        for (int at = 0; at < t.length; at += STRIDE) {
            if (t[at + FLOWS] != 0) {
                order[n++] = at;
            }
        }
        order = sortByAddress(t, order);
        long[][] cols = new long[7][size];
        for (int e = 0; e < size; e++) {
            for (int c = 0; c < 7; c++) {
                cols[c][e] = t[order[e] + c];
            }
        }
        return new AddressTotals(side, cols[HI], cols[LO], cols[FLOWS], cols[PACKETS], cols[BYTES], cols[FIRST],
                cols[LAST]);
    }
}
