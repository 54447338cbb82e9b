package org.flowsec.store.format;

import java.util.Arrays;

/**
 * Numbers the distinct addresses of one block's address column (its high and low word) in order of first
 * appearance, and gives each row its address's number: the key of a {@link ColumnEncoding#DEPENDENT} column,
 * which the writer and every reader compute the same way from the address values themselves. One
 * open-addressing probe per row into a table kept at most half full and sized by the block's distinct
 * addresses, not its rows, so probes stay in cache; reuses its arrays, so it allocates nothing per block once
 * they have grown.
 */
final class AddressNumbering {
    /** Table slots to start from; the table doubles when half full, so it stays about the size of the block's hosts. */
    private static final int START_SLOTS = 1 << 10;

    /** Open-addressing table: the address (high, low word) of slot s at 2s and 2s + 1, one cache line per probe. */
    private long[] keys = new long[2 * START_SLOTS];
    /** Per table slot: 0 when empty, else the address's number plus one. */
    private int[] entry = new int[START_SLOTS];
    private int mask;
    private int shift;
    /** The table's entries in order of insertion (address and number), to enter them again when it grows. */
    private long[] insertedHi = new long[0];
    private long[] insertedLo = new long[0];
    private int[] insertedNumber = new int[0];
    private int inserted;
    /** The address of each number, by the numbering {@link #storedRows()} uses; valid up to {@link #distinct()}. */
    private long[] addressHi = new long[0];
    private long[] addressLo = new long[0];
    /** Whether the last numbering covered every row (number() stops at its limit). */
    private boolean complete;
    /** Each row's number, rows in the order given to the last numbering. */
    private int[] rowNumber = new int[0];
    /** Each row's number in storage order (the arrays' own order), by first appearance in that order. */
    private int[] storedNumber = new int[0];
    /** Storage-order number to number, when the last {@link #number} call was given a row order; grown on first use. */
    private int[] renumber = new int[0];
    private boolean renumbered;
    /** Whether the last numbering came from {@link #numberByLowCodes} with a row order. */
    private boolean scattered;
    /** Per low-word code: 0, or the number plus one of the address with the primary high word and that code. */
    private int[] direct = new int[0];
    private int distinct;

    /**
     * Sizes the per-row arrays for blocks of {@code rows} rows now. The hash table starts small and grows to the
     * most addresses a block ever hashed: the writer hashes only where its dictionary probe does not number the
     * addresses already, so most of the time it stays at its first size.
     */
    void reserve(int rows) {
        if (rowNumber.length < rows) {
            rowNumber = new int[rows];
            storedNumber = new int[rows];
            addressHi = new long[rows];
            addressLo = new long[rows];
        }
    }

    /**
     * Numbers the addresses {@code (hi[order[i]], lo[order[i]])} for rows {@code i < n} ({@code order} null:
     * {@code (hi[i], lo[i])}) and returns how many are distinct, or -1 as soon as more than {@code limit} are;
     * {@link #rows()} then holds each row's number. A number first appears at the row where it is given, so
     * numbers appear in ascending order of first use. The addresses are hashed in storage order, where reading
     * them is sequential, and the numbers then put in the given order with one lookup per row.
     */
    int number(long[] hi, long[] lo, int[] order, int n, int limit) {
        reserve(n);
        clear(START_SLOTS);
        int[] stored = order == null ? rowNumber : storedNumber;
        int d = 0;
        for (int r = 0; r < n; r++) {
            int k = find(hi[r], lo[r], d);
            if (k == d) {
                if (d == limit) {
                    complete = false;
                    return -1;
                }
                d++;
            }
            stored[r] = k;
        }
        distinct = d;
        complete = true;
        scattered = false;
        renumbered = order != null;
        if (renumbered) {
            if (renumber.length < d) {
                renumber = new int[n];
            }
            int[] map = renumber;
            Arrays.fill(map, 0, d, -1);
            int next = 0;
            for (int i = 0; i < n; i++) {
                int k = stored[order[i]];
                int m = map[k];
                if (m < 0) {
                    m = next++;
                    map[k] = m;
                }
                rowNumber[i] = m;
            }
        }
        return d;
    }

    /** As {@link #number(long[], long[], int[], int, int)} with no limit. */
    int number(long[] hi, long[] lo, int[] order, int n) {
        return number(hi, lo, order, n, n);
    }

    /**
     * As {@link #number}, given the low word's dictionary codes for the rows in that order ({@code loCodes[i] <
     * loRange}, equal codes exactly for equal low words; a decoder's dictionary indexes, or the writer's probe
     * numbers): the rows whose high word is the first row's (all of an IPv4 block, most of a mixed one) are
     * numbered through a table indexed by the code, without hashing; only the others are hashed. With an
     * {@code order}, {@link #storedRows()} then gives the numbers by storage row, not in first-appearance order.
     * {@code sameHigh}: the high word is the same in every row (the caller knows), so it is not read.
     */
    void numberByLowCodes(long[] hi, long[] lo, int[] order, int[] loCodes, int loRange, int n, boolean sameHigh) {
        reserve(n);
        if (direct.length < loRange) {
            direct = new int[Math.max(loRange, n)];
        }
        int[] byCode = direct;
        Arrays.fill(byCode, 0, loRange, 0);
        int[] rows = rowNumber;
        int[] stored = storedNumber;
        long primary = n > 0 ? hi[order == null ? 0 : order[0]] : 0;
        boolean hashing = false;
        int d = 0;
        for (int i = 0; i < n; i++) {
            int r = order == null ? i : order[i];
            long h = sameHigh ? primary : hi[r];
            int k;
            if (h == primary) {
                int c = loCodes[i];
                k = byCode[c] - 1;
                if (k < 0) {
                    k = d++;
                    byCode[c] = k + 1;
                    addressHi[k] = h;
                    addressLo[k] = lo[r];
                }
            } else {
                if (!hashing) {
                    clear(START_SLOTS);
                    hashing = true;
                }
                k = find(h, lo[r], d);
                if (k == d) {
                    d++;
                }
            }
            rows[i] = k;
            if (order != null) {
                stored[r] = k;
            }
        }
        distinct = d;
        complete = true;
        renumbered = false;
        scattered = order != null;
    }

    /**
     * The number of address (h, l), or {@code next} after entering it with that number (the caller counts it).
     * Grows the table first when it is half full. Only hashed addresses are entries: with
     * {@link #numberByLowCodes} most numbers never are.
     */
    private int find(long h, long l, int next) {
        int s = slotOf(h, l);
        int k;
        while ((k = entry[s]) != 0) {
            if (keys[2 * s + 1] == l && keys[2 * s] == h) {
                return k - 1;
            }
            s = (s + 1) & mask;
        }
        if (2 * (inserted + 1) > mask + 1) {
            grow();
            return find(h, l, next);
        }
        keys[2 * s] = h;
        keys[2 * s + 1] = l;
        entry[s] = next + 1;
        addressHi[next] = h;
        addressLo[next] = l;
        if (inserted == insertedHi.length) {
            int size = Math.max(START_SLOTS / 2, 2 * inserted);
            insertedHi = Arrays.copyOf(insertedHi, size);
            insertedLo = Arrays.copyOf(insertedLo, size);
            insertedNumber = Arrays.copyOf(insertedNumber, size);
        }
        insertedHi[inserted] = h;
        insertedLo[inserted] = l;
        insertedNumber[inserted++] = next;
        return next;
    }

    /** Doubles the table and enters its entries again. */
    private void grow() {
        int count = inserted;
        clear(2 * (mask + 1));
        for (int k = 0; k < count; k++) {
            long h = insertedHi[k];
            long l = insertedLo[k];
            int s = slotOf(h, l);
            while (entry[s] != 0) {
                s = (s + 1) & mask;
            }
            keys[2 * s] = h;
            keys[2 * s + 1] = l;
            entry[s] = insertedNumber[k] + 1;
        }
        inserted = count;
    }

    /** The first slot to probe for address (h, l): multiplicative hashing, the product's top bits. */
    private int slotOf(long h, long l) {
        return (int) (((l * 0x9E3779B97F4A7C15L) ^ h) * 0xC2B2AE3D27D4EB4FL >>> shift);
    }

    /** An empty table of {@code slots} slots (a power of two). */
    private void clear(int slots) {
        if (entry.length < slots) {
            entry = new int[slots];
            keys = new long[2 * slots];
        } else {
            Arrays.fill(entry, 0, slots, 0);
        }
        mask = slots - 1;
        shift = 64 - Integer.numberOfTrailingZeros(slots);
        inserted = 0;
    }

    /** Each row's address number from the last numbering, rows in the order it was given. */
    int[] rows() { return rowNumber; }

    /**
     * Each row's number by storage row (the arrays' own order): the same as {@link #rows()} when the last
     * numbering was given no row order. After {@link #number} with an order these are numbers by first appearance
     * in storage order, which {@link #storedToNumber()} turns into the numbers; after {@link #numberByLowCodes}
     * with an order they are the numbers themselves.
     */
    int[] storedRows() { return renumbered || scattered ? storedNumber : rowNumber; }

    /** Turns a number of {@link #storedRows()} into its number, or null when they are the same. */
    int[] storedToNumber() { return renumbered ? renumber : null; }

    /** The distinct addresses of the last numbering. */
    int distinct() { return distinct; }

    /** Whether the last numbering numbered every row (a limited one may have stopped). */
    boolean complete() { return complete; }

    /** High words of the distinct addresses, {@code [0, distinct())}, in no particular order. */
    long[] addressHi() { return addressHi; }

    /** Low words of the distinct addresses, matching {@link #addressHi()}. */
    long[] addressLo() { return addressLo; }
}
