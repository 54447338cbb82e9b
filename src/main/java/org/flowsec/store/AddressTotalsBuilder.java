package org.flowsec.store;

import java.util.Arrays;
import org.flowsec.flow.AddressSums;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Sums the rows of a segment per address of one side while the segment is sealed ({@link AddressTotals}), in
 * an {@link AddressSums} table. Rows that come with dictionary codes (a decoded block) are first summed per
 * code, so the table sees one entry per distinct address of the block instead of one per row.
 *
 * <p>Memory is bounded: past {@link #MAX_ADDRESSES} distinct addresses (a 5-minute window of a router under
 * a spoofed-source flood, say) the builder gives up, frees its table and {@link #build} returns null: the
 * segment then has no totals for this side and rankings scan its rows, as they would anyway.
 */
final class AddressTotalsBuilder {
    /** 2^19 addresses: the table then takes 64 MiB at most (2^20 slots of 64 bytes). */
    static final int MAX_ADDRESSES = 1 << 19;

    private final Field side;
    private final int hiSlot;
    private final int loSlot;
    private AddressSums sums;
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
        this.sums = new AddressSums(limit);
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
        if (!sums.add(hi, lo, flows, packets, bytes, first, last)) {
            gaveUp = true;
            sums = null;
            byCode = new long[0];
        }
    }

    /** Whether the side had more distinct addresses than the builder keeps. */
    boolean gaveUp() {
        return gaveUp;
    }

    /** The totals in ascending address order, or null when the builder gave up. */
    AddressTotals build() {
        return gaveUp ? null : sums.sorted(side);
    }
}
