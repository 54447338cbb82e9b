package org.flowsec.store.format;

import java.util.Arrays;

/**
 * Numbers the distinct addresses of one block's address column (its high and low word) in order of first
 * appearance, and gives each row its address's number: the key of a {@link ColumnEncoding#DEPENDENT} column,
 * which the writer and every reader compute the same way from the address values themselves. One
 * open-addressing probe per row into a table kept at most half full; reuses its arrays, so it allocates
 * nothing per block once sized.
 */
final class AddressNumbering {
    private long[] keyHi = new long[0];
    private long[] keyLo = new long[0];
    /** Per table slot: 0 when empty, else the address's number plus one. */
    private int[] entry = new int[0];
    private int[] rowNumber = new int[0];
    private int distinct;

    /** Sizes the table and the per-row numbers for blocks of {@code rows} rows now. */
    void reserve(int rows) {
        int cap = capacity(rows);
        if (entry.length < cap) {
            keyHi = new long[cap];
            keyLo = new long[cap];
            entry = new int[cap];
        }
        if (rowNumber.length < rows) {
            rowNumber = new int[rows];
        }
    }

    /**
     * Numbers the addresses {@code (hi[order[i]], lo[order[i]])} for rows {@code i < n} ({@code order} null:
     * {@code (hi[i], lo[i])}) and returns how many are distinct; {@link #rows()} then holds each row's number.
     * A number first appears at the row where it is given, so numbers appear in ascending order of first use.
     */
    int number(long[] hi, long[] lo, int[] order, int n) {
        reserve(n);
        int cap = capacity(n);
        int shift = 64 - Integer.numberOfTrailingZeros(cap);
        int mask = cap - 1;
        int[] e = entry;
        Arrays.fill(e, 0, cap, 0);
        int[] rows = rowNumber;
        int d = 0;
        for (int i = 0; i < n; i++) {
            int r = order == null ? i : order[i];
            long h = hi[r];
            long l = lo[r];
            int s = (int) (((l * 0x9E3779B97F4A7C15L) ^ h) * 0xC2B2AE3D27D4EB4FL >>> shift);
            int k;
            while ((k = e[s]) != 0 && (keyLo[s] != l || keyHi[s] != h)) {
                s = (s + 1) & mask;
            }
            if (k == 0) {
                keyHi[s] = h;
                keyLo[s] = l;
                k = ++d;
                e[s] = k;
            }
            rows[i] = k - 1;
        }
        distinct = d;
        return d;
    }

    /** Each row's address number from the last {@link #number} call. */
    int[] rows() { return rowNumber; }

    /** The distinct addresses of the last {@link #number} call. */
    int distinct() { return distinct; }

    /** Table slots for {@code rows} rows: a power of two at least twice as many, so probes stay short. */
    private static int capacity(int rows) {
        return Integer.highestOneBit(Math.max(8, rows) - 1) << 2;
    }
}
