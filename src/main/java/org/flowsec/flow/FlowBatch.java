package org.flowsec.flow;

import java.util.Arrays;

/**
 * A batch of flow records in primitive columns, one {@code long[]} per {@link Field} slot. Decoders
 * fill one reusable batch per worker; sinks read it and must copy what they keep, because the batch
 * is cleared and refilled after every hand-over.
 */
public final class FlowBatch {
    /** The value of every slot of a new row: 0, addresses 0.0.0.0, direction unknown, sampling 1. */
    private static final long[] DEFAULTS = new long[Field.SLOTS];

    static {
        for (Field f : Field.all()) {
            if (f.isAddress()) {
                DEFAULTS[f.slot() + 1] = Addresses.v4Low(0);
            }
        }
        DEFAULTS[Field.DIRECTION.slot()] = Field.DIRECTION_UNKNOWN;
        DEFAULTS[Field.SAMPLING.slot()] = 1;
    }

    /** The value {@link #addRow()} gives a slot: for decoders that fill whole columns themselves. */
    public static long defaultValue(int slot) { return DEFAULTS[slot]; }

    private final long[][] slots = new long[Field.SLOTS][];
    private int size;
    /**
     * Dictionary codes a store decoder may leave beside some slots: {@code codes[s][r]} in
     * {@code [0, codeRange[s])}, equal codes meaning equal values of slot s. They let an aggregation group rows
     * by array index instead of hashing. A range of 0 means no codes; any change of the rows drops them all.
     */
    private final int[][] codes = new int[Field.SLOTS][];
    private final int[] codeRange = new int[Field.SLOTS];
    private boolean coded;
    /** Bounds of the rows' flow times known from where they were read (a store block's index), else the widest. */
    private long boundMinFirst = Long.MIN_VALUE;
    private long boundMaxLast = Long.MAX_VALUE;

    public FlowBatch(int initialCapacity) {
        int cap = Math.max(16, initialCapacity);
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new long[cap];
        }
    }

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    public int capacity() { return slots[0].length; }

    /** Appends a row holding the "not exported" defaults and returns its index. */
    public int addRow() {
        dropCodes();
        if (size == slots[0].length) {
            grow(size + 1);
        }
        int r = size++;
        long[] defaults = DEFAULTS;
        for (int s = 0; s < defaults.length; s++) {
            slots[s][r] = defaults[s];
        }
        return r;
    }

    public long get(Field f, int row) { return slots[f.slot()][row]; }

    public void set(Field f, int row, long value) {
        dropCodes();
        slots[f.slot()][row] = value;
    }

    /** High 64 bits of an address field. */
    public long hi(Field f, int row) { return slots[f.slot()][row]; }

    /** Low 64 bits of an address field (IPv4-mapped for IPv4). */
    public long lo(Field f, int row) { return slots[f.slot() + 1][row]; }

    public void setAddress(Field f, int row, long hi, long lo) {
        dropCodes();
        slots[f.slot()][row] = hi;
        slots[f.slot() + 1][row] = lo;
    }

    public void setIpv4(Field f, int row, int ipv4) {
        setAddress(f, row, 0, Addresses.v4Low(ipv4));
    }

    public String formatAddress(Field f, int row) {
        return Addresses.format(hi(f, row), lo(f, row));
    }

    /** The raw column of one slot; valid for indexes below {@link #size()}. */
    public long[] slot(int slot) { return slots[slot]; }

    /** Makes room for at least {@code capacity} rows; for readers that fill slots directly. */
    public void ensureCapacity(int capacity) {
        if (capacity > slots[0].length) {
            grow(capacity);
        }
    }

    /** Sets the row count after a reader filled the slots directly. */
    public void setSize(int newSize) {
        if (newSize < 0 || newSize > slots[0].length) {
            throw new IllegalArgumentException("size " + newSize + " outside 0.." + slots[0].length);
        }
        size = newSize;
    }

    /** Drops rows from {@code newSize} on, e.g. a record whose decoding failed half-way. */
    public void truncate(int newSize) {
        if (newSize < size) {
            size = Math.max(0, newSize);
        }
    }

    public void clear() {
        dropCodes();
        size = 0;
        setTimeBounds(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Records that no row starts before {@code minFirst} or ends after {@code maxLast}, as the index of the block
     * the rows were read from says (without reading those columns). {@link #clear} widens them again.
     */
    public void setTimeBounds(long minFirst, long maxLast) {
        boundMinFirst = minFirst;
        boundMaxLast = maxLast;
    }

    /** No row starts before this ({@link #setTimeBounds}; Long.MIN_VALUE when not known). */
    public long boundMinFirst() {
        return boundMinFirst;
    }

    /** No row ends after this ({@link #setTimeBounds}; Long.MAX_VALUE when not known). */
    public long boundMaxLast() {
        return boundMaxLast;
    }

    /**
     * The number of distinct codes of {@code slot} (codes are {@code 0..range-1}), or 0 when this batch has no
     * dictionary codes for it.
     */
    public int codeRange(int slot) { return coded ? codeRange[slot] : 0; }

    /** The dictionary codes of {@code slot}, one per row; only when {@link #codeRange} is positive. */
    public int[] codes(int slot) { return codes[slot]; }

    /**
     * An array of at least {@code rows} codes for a decoder to fill for {@code slot}, then declare with
     * {@link #setCodeRange}. A decoder that changes a slot's values through {@link #slot} must not leave codes.
     */
    public int[] codesToFill(int slot, int rows) {
        int[] c = codes[slot];
        if (c == null || c.length < rows) {
            c = new int[Math.max(rows, 1024)];
            codes[slot] = c;
        }
        return c;
    }

    /** Declares the codes of {@code slot} filled for every row, in {@code [0, range)}. */
    public void setCodeRange(int slot, int range) {
        if (range < 1) {
            throw new IllegalArgumentException("code range " + range);
        }
        codeRange[slot] = range;
        coded = true;
    }

    /** Forgets every slot's codes: their rows changed. */
    public void dropCodes() {
        if (coded) {
            Arrays.fill(codeRange, 0);
            coded = false;
        }
    }

    /** Moves row {@code from} to row {@code to} (to &lt;= from), codes included: for in-place compaction. */
    public void moveRow(int from, int to) {
        for (long[] col : slots) {
            col[to] = col[from];
        }
        if (coded) {
            for (int s = 0; s < codeRange.length; s++) {
                if (codeRange[s] > 0) {
                    codes[s][to] = codes[s][from];
                }
            }
        }
    }

    /** Appends a copy of one row of another batch. */
    public void appendRow(FlowBatch other, int row) {
        dropCodes();
        if (size == slots[0].length) {
            grow(size + 1);
        }
        for (int s = 0; s < slots.length; s++) {
            slots[s][size] = other.slots[s][row];
        }
        size++;
    }

    /** Appends copies of rows [from, to) of another batch. */
    public void appendRange(FlowBatch other, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        dropCodes();
        ensureCapacity(size + n);
        for (int s = 0; s < slots.length; s++) {
            System.arraycopy(other.slots[s], from, slots[s], size, n);
        }
        size += n;
    }

    public void appendAll(FlowBatch other) { appendRange(other, 0, other.size); }

    /** A copy holding exactly this batch's rows. */
    public FlowBatch copy() {
        FlowBatch c = new FlowBatch(size);
        c.appendAll(this);
        return c;
    }

    /** True when both batches hold the same rows in the same order. */
    public boolean sameRows(FlowBatch other) {
        if (other.size != size) {
            return false;
        }
        for (int s = 0; s < slots.length; s++) {
            if (!Arrays.equals(slots[s], 0, size, other.slots[s], 0, size)) {
                return false;
            }
        }
        return true;
    }

    private void grow(int min) {
        int cap = Math.max(min, slots[0].length * 2);
        for (int i = 0; i < slots.length; i++) {
            slots[i] = Arrays.copyOf(slots[i], cap);
        }
    }
}
