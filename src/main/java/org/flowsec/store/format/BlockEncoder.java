package org.flowsec.store.format;

import java.util.Arrays;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Turns the rows of a FlowBatch into a block: a flags byte, then one column frame per
 * {@link ColumnSchema#CURRENT} column, in order.
 *
 * <pre>
 * +----------------+----------------+----------------+-----
 * | u8 block flags | column frame 0 | column frame 1 | ...
 * +----------------+----------------+----------------+-----
 * flags bit 0 (PORT_PAIR): the src_port column holds min(src_port, dst_port) * 2 + (src_port > dst_port)
 *   and the dst_port column holds max(src_port, dst_port), so the service port and the ephemeral port
 *   each land in their own column whatever the flow's direction.
 * </pre>
 * When sealing, rows are sorted by (exporter, first), stable, so exporter-related columns (exporter, domain,
 * interfaces, next hop) form runs and sorted starts delta-encode to a byte or two; "last" is stored as the
 * duration {@code last - first} (a schema flag). Not thread-safe; reuses its scratch arrays.
 */
public final class BlockEncoder implements AutoCloseable {
    /** Rows per block are bounded so a row index fits the 16 low bits of the sort key. */
    public static final int MAX_ROWS = 1 << 16;
    public static final int FLAG_PORT_PAIR = 1;
    /** Values at or above this do not survive the PORT_PAIR doubling, so such blocks store ports plainly. */
    private static final long PORT_PAIR_LIMIT = 1L << 62;
    private static final int MAX_EXPORTER_GROUPS = 64;

    private final ColumnEncoder columns;
    private final FlowBatch sortedRows;
    private final RadixSort radix = new RadixSort();
    private final boolean[] constant = new boolean[Field.SLOTS];
    private final boolean[] gather = gatheredSlots();
    private long pairLowMin;
    private long pairLowMax;
    private long pairHighMin;
    private long pairHighMax;
    private long[] keys = new long[0];
    private int[] perm = new int[0];
    private long[] scratch = new long[0];
    private long[] pairLow = new long[0];
    private long[] pairHigh = new long[0];
    private final long[] groupHi = new long[MAX_EXPORTER_GROUPS];
    private final long[] groupLo = new long[MAX_EXPORTER_GROUPS];
    /** Source and destination addresses numbered for DEPENDENT columns, each at most once per block. */
    private final AddressNumbering[] addresses = {new AddressNumbering(), new AddressNumbering()};
    private final boolean[] numbered = new boolean[2];
    private final int[] distinctAddresses = new int[2];
    /** Per address number: the check that last saw it ({@link #checks}), so no clearing between checks. */
    private int[] seenStamp = new int[0];
    private int checks;
    private long[] dependentValues = new long[0];

    public BlockEncoder(int zstdLevel) {
        this(zstdLevel, 1024);
    }

    /**
     * An encoder whose row-sized scratch (the sorted copy, sort keys, row order, the column encoder's and its
     * dictionaries' buffers) already holds blocks of
     * {@code expectedRows} rows, so a long-lived writer allocates it once, before any traffic, instead of
     * growing it while the first full blocks arrive (large arrays that grow under load cost the collector
     * garbage-collection pauses just when it can least afford them).
     */
    public BlockEncoder(int zstdLevel, int expectedRows) {
        if (expectedRows < 1 || expectedRows > MAX_ROWS) {
            throw new IllegalArgumentException("expectedRows must be 1.." + MAX_ROWS + ", got " + expectedRows);
        }
        columns = new ColumnEncoder(zstdLevel);
        columns.reserve(expectedRows);
        sortedRows = new FlowBatch(expectedRows);
        ensureScratch(expectedRows);
        radix.reserve(expectedRows);
    }

    /**
     * Appends the encoded block of {@code rows} (sorted first when {@code sort}; {@code rows} itself is not
     * changed) to {@code out} and returns its statistics (offset, length and CRC are left 0 for the caller).
     */
    public BlockMeta encode(FlowBatch rows, boolean sort, ByteSink out) {
        int n = rows.size();
        if (n > MAX_ROWS) {
            throw new IllegalArgumentException(n + " rows, a block holds at most " + MAX_ROWS);
        }
        ensureScratch(n);
        ColumnSchema schema = ColumnSchema.CURRENT;
        long[] min = new long[schema.size()];
        long[] max = new long[schema.size()];
        // a constant column needs neither statistics passes nor reordering; a quick scan finds them
        for (int s = 0; s < Field.SLOTS; s++) {
            constant[s] = isConstant(rows.slot(s), n);
        }
        FlowBatch original = rows;
        int firstCol = Field.FIRST.slot();
        range(original, firstCol, n, min, max);
        if (sort) {
            rows = sorted(rows, n, min[firstCol], max[firstCol]);
        }
        int srcCol = Field.SRC_PORT.slot();
        int dstCol = Field.DST_PORT.slot();
        range(original, srcCol, n, min, max);
        range(original, dstCol, n, min, max);
        boolean pair = min[srcCol] >= 0 && min[dstCol] >= 0 && max[srcCol] < PORT_PAIR_LIMIT && max[dstCol] < PORT_PAIR_LIMIT;
        out.putByte(pair ? FLAG_PORT_PAIR : 0);
        if (pair) {
            fillPortPair(column(rows, original, srcCol), column(rows, original, dstCol), n);
        }
        boolean permuted = rows == sortedRows;
        long[] first = column(rows, original, firstCol);
        numbered[0] = numbered[1] = false;
        // statistics do not depend on row order; each column's are taken from the original batch just before the
        // column is encoded, so its values are read from memory once and the encoder finds them in cache
        for (int c = 0; c < schema.size(); c++) {
            int slot = schema.slotOf(c);
            long[] v = column(rows, original, slot);
            boolean delta = c == firstCol; // the one column sorting makes monotonic
            if (pair && c == srcCol) {
                columns.encode(pairLow, n, pairLowMin, pairLowMax, false, out);
            } else if (pair && c == dstCol) {
                columns.encode(pairHigh, n, pairHighMin, pairHighMax, false, out);
            } else if ((schema.flags(c) & ColumnSchema.FLAG_MINUS_FIRST) != 0) {
                encodeMinusFirst(v, first, n, c, min, max, out);
            } else {
                if (c != firstCol) {
                    range(original, c, n, min, max);
                }
                if (encodedAsDependent(original, slot, c, n, permuted ? perm : null, min[c], max[c], out)) {
                    continue;
                }
                if (permuted && !constant[slot] && !gather[slot]) {
                    columns.encode(v, perm, n, min[c], max[c], delta, out);
                } else {
                    columns.encode(v, n, min[c], max[c], delta, out);
                }
                numberFromLowWord(original, slot, n, permuted ? perm : null);
            }
        }
        long minFirst = min[firstCol];
        long maxLast = max[Field.LAST.slot()];
        return new BlockMeta(0, 0, 0, n, minFirst, maxLast, min, max);
    }

    /**
     * Writes column c (batch slot {@code slot}, rows in {@code order}, null: as they are) as a DEPENDENT frame when
     * it is a function of its address column in this block ({@link DependentColumns}) and that address has at most
     * half as many distinct values as there are rows; returns false, writing nothing, otherwise. The check stops
     * at the first row whose value differs from the one its address had before. Uses {@code scratch}.
     */
    private boolean encodedAsDependent(FlowBatch original, int slot, int c, int n, int[] order, long min, long max,
                                       ByteSink out) {
        int parent = DependentColumns.parentOf(slot);
        if (parent < 0 || constant[slot] || n < 2) {
            return false;
        }
        int side = DependentColumns.sideOf(parent);
        AddressNumbering numbering = addresses[side];
        if (!numbered[side]) {
            // more than n/2 addresses and the column costs as much as stored row by row: the numbering stops there
            distinctAddresses[side] = numbering.number(original.slot(parent), original.slot(parent + 1), order, n, n / 2);
            numbered[side] = true;
        }
        int d = distinctAddresses[side];
        if (d < 0) {
            return false;
        }
        // checked in storage order, where the column is read sequentially, with the storage-order numbers
        int[] stored = numbering.storedRows();
        long[] v = original.slot(slot);
        int[] renumber = numbering.storedToNumber();
        long[] byStored = renumber == null ? dependentValues : scratch;
        if (++checks == Integer.MAX_VALUE) {
            java.util.Arrays.fill(seenStamp, 0);
            checks = 1;
        }
        int[] seen = seenStamp;
        int stamp = checks;
        for (int r = 0; r < n; r++) {
            int k = stored[r];
            long x = v[r];
            if (seen[k] != stamp) {
                seen[k] = stamp; // address k's first row
                byStored[k] = x;
            } else if (byStored[k] != x) {
                return false;
            }
        }
        long[] values = dependentValues;
        if (renumber != null) {
            for (int k = 0; k < d; k++) {
                values[renumber[k]] = byStored[k];
            }
        }
        columns.encodeDependent(ColumnSchema.CURRENT.columnOf(parent), values, d, min, max, out);
        return true;
    }

    /**
     * Right after an address's low word was encoded: when the column encoder's dictionary probe read every row of
     * it, its numbers of the low words stand in for dictionary codes, and the addresses are numbered from them
     * (hashing only the rows whose high word differs from the first row's), before any column that depends on
     * the address needs them.
     */
    private void numberFromLowWord(FlowBatch original, int slot, int n, int[] order) {
        int side = DependentColumns.sideOfLowWord(slot);
        if (side < 0 || numbered[side] || !anyVaries(slot - 1)) {
            return;
        }
        int lowDistinct = columns.distinctValues();
        if (lowDistinct < 0) {
            return;
        }
        AddressNumbering numbering = addresses[side];
        numbering.numberByLowCodes(original.slot(slot - 1), original.slot(slot), order, columns.valueNumbers(), lowDistinct, n,
                constant[slot - 1]);
        numbered[side] = true;
        distinctAddresses[side] = numbering.distinct() > n / 2 ? -1 : numbering.distinct();
    }

    /**
     * The distinct source ({@code side} 0) or destination (1) addresses of the block just encoded, when it numbered
     * them all (for its DEPENDENT columns): their count, with {@link #addressHi} and {@link #addressLo} holding
     * them; -1 when it did not. A Bloom filter of the block's addresses then needs one entry per address, not
     * two per row.
     */
    public int distinctAddresses(int side) {
        AddressNumbering numbering = addresses[side];
        return numbered[side] && numbering.complete() ? numbering.distinct() : -1;
    }

    /** High words of the addresses {@link #distinctAddresses} counted. */
    public long[] addressHi(int side) { return addresses[side].addressHi(); }

    /** Low words of the addresses {@link #distinctAddresses} counted. */
    public long[] addressLo(int side) { return addresses[side].addressLo(); }

    /** Whether some column that may depend on the address at {@code parent} varies in this block. */
    private boolean anyVaries(int parent) {
        for (int s = 0; s < Field.SLOTS; s++) {
            if (!constant[s] && DependentColumns.parentOf(s) == parent) {
                return true;
            }
        }
        return false;
    }

    /** Sets min[c] and max[c] to the range of column c (0 and 0 when empty); order does not matter. */
    private void range(FlowBatch original, int c, int n, long[] min, long[] max) {
        int slot = ColumnSchema.CURRENT.slotOf(c);
        long[] v = original.slot(slot);
        if (n == 0) {
            min[c] = 0;
            max[c] = 0;
            return;
        }
        long lo = v[0];
        long hi = lo;
        if (!constant[slot]) {
            // a new extreme is rare, so predicted branches beat a chain of conditional moves here
            for (int i = 1; i < n; i++) {
                long x = v[i];
                if (x < lo) {
                    lo = x;
                } else if (x > hi) {
                    hi = x;
                }
            }
        }
        min[c] = lo;
        max[c] = hi;
    }

    /** Fills pairLow/pairHigh (the PORT_PAIR layout) with their ranges. */
    private void fillPortPair(long[] srcPort, long[] dstPort, int n) {
        long lowMin = Long.MAX_VALUE;
        long lowMax = Long.MIN_VALUE;
        long highMin = Long.MAX_VALUE;
        long highMax = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long s = srcPort[i];
            long d = dstPort[i];
            long swap = s > d ? 1 : 0;
            long low = (Math.min(s, d) << 1) | swap;
            long high = Math.max(s, d);
            pairLow[i] = low;
            pairHigh[i] = high;
            lowMin = Math.min(lowMin, low);
            lowMax = Math.max(lowMax, low);
            highMin = Math.min(highMin, high);
            highMax = Math.max(highMax, high);
        }
        pairLowMin = n == 0 ? 0 : lowMin;
        pairLowMax = n == 0 ? 0 : lowMax;
        pairHighMin = n == 0 ? 0 : highMin;
        pairHighMax = n == 0 ? 0 : highMax;
    }

    /** Encodes {@code v[i] - first[i]} (column c's stored form) and records v's own range as c's statistics. */
    private void encodeMinusFirst(long[] v, long[] first, int n, int c, long[] min, long[] max, ByteSink out) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long dlo = Long.MAX_VALUE;
        long dhi = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long x = v[i];
            long d = x - first[i];
            scratch[i] = d;
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            dlo = Math.min(dlo, d);
            dhi = Math.max(dhi, d);
        }
        min[c] = n == 0 ? 0 : lo;
        max[c] = n == 0 ? 0 : hi;
        columns.encode(scratch, n, n == 0 ? 0 : dlo, n == 0 ? 0 : dhi, false, out);
    }

    /**
     * The rows in stable (exporter group, first) order: {@code rows} itself when already in order or when the
     * keys do not fit (then arrival order is kept, which decodes the same way), else a reused sorted copy of the
     * gathered slots ({@code perm} holds the order for the others). {@code lo} and {@code hi} are first's range.
     */
    private FlowBatch sorted(FlowBatch rows, int n, long lo, long hi) {
        long[] first = rows.slot(Field.FIRST.slot());
        long range = hi - lo;
        if (n < 2 || range < 0 || range >= (1L << 47)) {
            return rows;
        }
        int rangeBits = 64 - Long.numberOfLeadingZeros(range);
        int groups = rangeBits <= 41 ? groupExporters(rows, n) : 1;
        int groupShift = 16 + rangeBits;
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            long g = groups > 1 ? keys[i] << groupShift : 0;
            keys[i] = g | ((first[i] - lo) << 16) | i;
            sorted &= i == 0 || keys[i] > keys[i - 1];
        }
        if (sorted) {
            return rows;
        }
        int groupBits = groups > 1 ? 32 - Integer.numberOfLeadingZeros(groups - 1) : 0;
        // the low 16 bits are the row index, already ascending: a stable sort on the bits above suffices
        radix.sort(keys, n, 0, 16, groupShift + groupBits);
        sortedRows.clear();
        sortedRows.ensureCapacity(n);
        int[] order = perm;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & 0xFFFF);
        }
        for (int s = 0; s < Field.SLOTS; s++) {
            if (constant[s] || !gather[s]) {
                continue; // constant: read from the original batch; others: the column encoder reads through perm
            }
            long[] col = rows.slot(s);
            long[] out = sortedRows.slot(s);
            for (int i = 0; i < n; i++) {
                out[i] = col[order[i]];
            }
        }
        sortedRows.setSize(n);
        return sortedRows;
    }

    /** Puts each row's exporter group (0..63, in order of first appearance) in keys[]; returns the group count, 0 if more. */
    private int groupExporters(FlowBatch rows, int n) {
        long[] eh = rows.slot(Field.EXPORTER.slot());
        long[] el = rows.slot(Field.EXPORTER.slot() + 1);
        int groups = 0;
        int last = -1;
        for (int i = 0; i < n; i++) {
            int g = last;
            if (g < 0 || groupHi[g] != eh[i] || groupLo[g] != el[i]) {
                g = -1;
                for (int k = 0; k < groups; k++) {
                    if (groupHi[k] == eh[i] && groupLo[k] == el[i]) {
                        g = k;
                        break;
                    }
                }
                if (g < 0) {
                    if (groups == MAX_EXPORTER_GROUPS) {
                        return 0;
                    }
                    g = groups++;
                    groupHi[g] = eh[i];
                    groupLo[g] = el[i];
                }
            }
            keys[i] = g;
            last = g;
        }
        return groups;
    }

    /** True when all of {@code v[0..n)} are equal; stops at the first difference, so varied columns cost little. */
    private static boolean isConstant(long[] v, int n) {
        if (n == 0) {
            return true;
        }
        long x = v[0];
        for (int i = 1; i < n; i++) {
            if (v[i] != x) {
                return false;
            }
        }
        return true;
    }

    /**
     * A slot's values: in encoding order for gathered slots; else the original batch's, which is every row's
     * value for a constant slot and, for the others, read through {@code perm} when the rows were reordered.
     */
    private long[] column(FlowBatch rows, FlowBatch original, int slot) {
        return constant[slot] || !gather[slot] ? original.slot(slot) : rows.slot(slot);
    }

    /**
     * Slots reordered into {@code sortedRows}: those this class reads row by row (first, both ports, columns
     * stored relative to first). The column encoder reads every other slot through the row order itself,
     * which spares a copy of the columns that pack into small dictionaries.
     */
    private static boolean[] gatheredSlots() {
        boolean[] g = new boolean[Field.SLOTS];
        g[Field.FIRST.slot()] = true;
        g[Field.SRC_PORT.slot()] = true;
        g[Field.DST_PORT.slot()] = true;
        ColumnSchema schema = ColumnSchema.CURRENT;
        for (int c = 0; c < schema.size(); c++) {
            if ((schema.flags(c) & ColumnSchema.FLAG_MINUS_FIRST) != 0) {
                g[schema.slotOf(c)] = true;
            }
        }
        return g;
    }

    private void ensureScratch(int n) {
        if (keys.length < n) {
            keys = new long[n];
            perm = new int[n];
            scratch = new long[n];
            pairLow = new long[n];
            pairHigh = new long[n];
            dependentValues = new long[n];
            seenStamp = new int[n];
            checks = 0;
        }
        addresses[0].reserve(n);
        addresses[1].reserve(n);
    }

    @Override
    public void close() {
        columns.close();
    }
}
