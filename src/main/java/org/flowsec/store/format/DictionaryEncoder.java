package org.flowsec.store.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The dictionary layouts of {@link ColumnEncoder}: DICT (distinct values, then byte planes of each row's index)
 * and PACKED_DICT (the same dictionary, then bit-packed indexes of at most 8 bits a row). Writes into the
 * column encoder's payload buffer; reuses every table, so it allocates nothing per block once warm.
 */
final class DictionaryEncoder {
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** PACKED_DICT is tried for columns whose values span fewer than this many integers (a direct rank table). */
    static final int PACKED_RANGE = 1 << 16;
    /** Writers pack indexes of at most 8 bits (a block with more distinct values takes another layout). */
    private static final int PACKED_MAX_DISTINCT = 256;
    /** Widest codes packed for a column whose values fit a byte; wider codes compress worse than its byte planes. */
    private static final int MAX_PACKED_BITS_OF_BYTE = 4;
    /** Largest PACKED_DICT index width the format allows. */
    static final int PACKED_MAX_BITS = 16;

    private final ByteSink raw;
    /** PACKED_DICT: per {@code v - min}, 0 or the value's number of appearance plus one. */
    private int[] rankTable = new int[1 << 8];
    /** PACKED_DICT: the distinct offsets {@code v - min} seen, at most {@link #PACKED_MAX_DISTINCT}. */
    private final int[] packedValues = new int[PACKED_MAX_DISTINCT];
    /** PACKED_DICT: {@code offset << 8 | number of appearance}, sorted to rank the distinct offsets. */
    private final int[] packedKeys = new int[PACKED_MAX_DISTINCT];
    /** PACKED_DICT: the rank of each distinct offset, by its number of appearance. */
    private final int[] rankOfId = new int[PACKED_MAX_DISTINCT];
    /** The last rows of a putPackedIds call (fewer than eight), as indexes. */
    private final int[] tail = new int[8];
    /** PACKED_DICT: each row's number of appearance (at most 256 distinct, so a byte), in storage order. */
    private byte[] rowId = new byte[1024];
    private long[] table = new long[1 << 10];
    /** The open-addressing table's size minus one, for the last tryDict. */
    private int tableMask;
    /** Per table slot: 0 when empty, else the insertion number of its value plus one. */
    private int[] tableEntry = new int[1 << 10];
    private long[] dict = new long[1024];
    private long[] sortedDict = new long[1024];
    private long[] dictKeys = new long[1024];
    private int[] rank = new int[1024];
    private final RadixSort radix = new RadixSort();
    private long[] indexes = new long[1024];
    /** Each row's dictionary index, for PACKED_DICT. */
    private int[] rowIndex = new int[1024];
    /** Whether the last successful tryDict wrote PACKED_DICT rather than DICT. */
    private boolean lastDictPacked;
    /** Insertion number of each row's value. */
    private int[] rowEntry = new int[1024];
    /** Distinct values of the last tryDict whose probe read every row, or -1. */
    private int probedDistinct = -1;

    DictionaryEncoder(ByteSink raw) {
        this.raw = raw;
    }

    boolean lastDictPacked() { return lastDictPacked; }

    /** Forgets the last probe's numbers (a new column begins). */
    void forgetProbe() {
        probedDistinct = -1;
    }

    /**
     * The distinct values of the column last probed by tryDict when the probe read every row, else -1; then
     * {@link #probedRows()} numbers each row's value (in encoding order) by its first appearance.
     */
    int probedDistinct() { return probedDistinct; }

    int[] probedRows() { return rowEntry; }

    /** Sizes every scratch array for columns of {@code rows} rows now, so encoding them allocates nothing. */
    void reserve(int rows) {
        ensureTable(tableCapacity(rows / 2)); // tryDict's table for n/2 distinct values
        ensureRows(rows);
        if (rowId.length < rows) {
            rowId = new byte[rows];
        }
        if (rankTable.length < PACKED_RANGE) {
            rankTable = new int[PACKED_RANGE];
        }
        radix.reserve(rows);
    }

    /** Table slots for at most {@code limit} distinct values, kept at most half full. */
    private static int tableCapacity(int limit) {
        return Integer.highestOneBit(Math.max(16, limit * 2) - 1) << 1;
    }

    private void ensureTable(int cap) {
        if (table.length < cap) {
            table = new long[cap];
            tableEntry = new int[cap];
        }
    }

    /** Sizes the per-row and per-value arrays of tryDict for columns of {@code n} rows. */
    private void ensureRows(int n) {
        if (dict.length < n) {
            dict = new long[n];
            sortedDict = new long[n];
            dictKeys = new long[n];
            rank = new int[n];
            indexes = new long[n];
            rowEntry = new int[n];
            rowIndex = new int[n];
        }
    }

    /**
     * Writes a PACKED_DICT payload when its indexes save at least two bits a row over byte planes and the whole
     * is smaller than FOR. The values span fewer than {@link #PACKED_RANGE} integers, so a table indexed by
     * {@code v - min} gives each distinct value (at most 256) its number in order of appearance: no hashing. One
     * pass in storage order (sequential reads, whatever {@code order} is) notes each row's number in a byte;
     * only the few distinct values are sorted, and the indexes are then written through {@code order} from those
     * bytes, which stay in cache where the column's longs would not. The table is cleared entry by entry
     * afterwards, never filled or scanned whole.
     */
    boolean tryPacked(long[] v, int[] order, int n, long min, int range, int width) {
        int size = range + 1;
        if (rankTable.length < size) {
            rankTable = new int[Math.max(size, rankTable.length * 2)]; // all zero, as it is after every call
        }
        if (rowId.length < n) {
            rowId = new byte[Math.max(n, rowId.length * 2)];
        }
        int[] rt = rankTable;
        int[] seen = packedValues;
        byte[] ids = rowId;
        // a one-byte column takes codes of at most 4 bits (16 values), see below: more and the pass can stop
        int most = width == 1 ? 1 << MAX_PACKED_BITS_OF_BYTE : PACKED_MAX_DISTINCT;
        int d = 0;
        for (int i = 0; i < n; i++) {
            int x = (int) (v[i] - min);
            int e = rt[x];
            if (e == 0) {
                if (d == most) {
                    clearRanks(d); // wider indexes compress worse than the alternatives and pack slower
                    return false;
                }
                seen[d] = x;
                e = ++d;
                rt[x] = e;
            }
            ids[i] = (byte) (e - 1);
        }
        // the few distinct offsets, sorted (with their number of appearance in the low byte), are the dictionary
        int[] sortKeys = packedKeys;
        for (int k = 0; k < d; k++) {
            sortKeys[k] = (seen[k] << 8) | k;
        }
        Arrays.sort(sortKeys, 0, d);
        int bits = packedBits(d);
        long dictSize = 10;
        for (int r = 0; r < d; r++) {
            rankOfId[sortKeys[r] & 0xFF] = r;
            if (r > 0) {
                dictSize += ColumnEncoder.varintLength((sortKeys[r] >>> 8) - (sortKeys[r - 1] >>> 8) - 1);
            }
        }
        clearRanks(d);
        // one-byte columns with more than 16 distinct values (network masks): zstd finds the repeats in byte
        // planes that it cannot see in 5-8-bit codes straddling bytes, so the byte planes end up smaller
        if (bits > 8 * width - 2 || (width == 1 && bits > MAX_PACKED_BITS_OF_BYTE)
                || dictSize + packedBytes(n, bits) >= (long) n * width) {
            return false;
        }
        raw.putVarLong(d);
        raw.putZigZag(min); // the smallest value is always present: offset 0
        for (int r = 1; r < d; r++) {
            raw.putVarLong((sortKeys[r] >>> 8) - (sortKeys[r - 1] >>> 8) - 1);
        }
        putPackedIds(ids, order, rankOfId, n, bits);
        return true;
    }

    /** As {@link #putPackedIndexes} for row i's index {@code rank[id[order[i]]]} ({@code order} null: {@code id[i]}). */
    private void putPackedIds(byte[] id, int[] order, int[] rank, int n, int bits) {
        raw.putByte(bits);
        int at = raw.reserve((int) packedBytes(n, bits) + 8);
        byte[] b = raw.array();
        int pos = at;
        int i = 0;
        // eight rows fill exactly "bits" bytes (bits <= 8 here): one long per group, no carry between groups
        if (order == null) {
            for (; i + 8 <= n; i += 8) {
                long word = 0;
                for (int k = 0; k < 8; k++) {
                    word |= (long) rank[id[i + k] & 0xFF] << (k * bits);
                }
                LONG_LE.set(b, pos, word);
                pos += bits;
            }
        } else {
            for (; i + 8 <= n; i += 8) {
                long word = 0;
                for (int k = 0; k < 8; k++) {
                    word |= (long) rank[id[order[i + k]] & 0xFF] << (k * bits);
                }
                LONG_LE.set(b, pos, word);
                pos += bits;
            }
        }
        int rest = n - i; // fewer than eight
        for (int k = 0; k < rest; k++) {
            tail[k] = rank[id[order == null ? i + k : order[i + k]] & 0xFF];
        }
        pos = packRest(b, pos, tail, 0, rest, bits);
        raw.skip(pos - at);
    }

    /** Zeroes the rank table where tryPacked wrote, so the next call starts from an all-zero table. */
    private void clearRanks(int d) {
        for (int k = 0; k < d; k++) {
            rankTable[packedValues[k]] = 0;
        }
    }

    private static int packedBits(int distinct) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(distinct - 1));
    }

    private static long packedBytes(int n, int bits) {
        return ((long) n * bits + 7) / 8;
    }

    /** {@code u8 bits}, then {@code index[0..n)} packed little-endian, low bits first (PACKED_DICT). */
    private void putPackedIndexes(int[] index, int n, int bits) {
        raw.putByte(bits);
        int at = raw.reserve((int) packedBytes(n, bits) + 8);
        byte[] b = raw.array();
        int pos = at;
        int i = 0;
        if (bits <= 8) {
            // eight rows fill exactly "bits" bytes: one long per group, no carry from one group to the next
            for (; i + 8 <= n; i += 8) {
                long word = 0;
                for (int k = 0; k < 8; k++) {
                    word |= (long) index[i + k] << (k * bits);
                }
                LONG_LE.set(b, pos, word);
                pos += bits;
            }
        }
        pos = packRest(b, pos, index, i, n, bits);
        raw.skip(pos - at);
    }

    /**
     * Packs {@code index[from..n)} at {@code b[pos..]}, low bits first, and returns the position after them.
     * Branch-free: stores 8 bytes little-endian after every row and advances by the whole bytes filled (at most
     * 2, as fewer than 8 bits stay pending and an index has at most 16); the caller's reserve covers the overhang.
     */
    private static int packRest(byte[] b, int pos, int[] index, int from, int n, int bits) {
        long acc = 0;
        int filled = 0;
        for (int i = from; i < n; i++) {
            acc |= (long) index[i] << filled;
            filled += bits;
            LONG_LE.set(b, pos, acc);
            int whole = filled >>> 3;
            pos += whole;
            acc >>>= whole << 3;
            filled &= 7;
        }
        if (filled > 0) {
            b[pos++] = (byte) acc;
        }
        return pos;
    }

    /**
     * Writes a DICT payload when it is smaller than {@code bestOther} bytes; gives up early when values rarely
     * repeat. One probe per row into an open-addressing table sized for at most {@code n/2} distinct values
     * (load at most 1/2) records each row's insertion number; sorting the distinct values then gives every
     * insertion number its rank, so the row indexes need no second probe.
     */
    boolean tryDict(long[] v, int[] order, int n, long bestOther) {
        return tryDict(v, order, n, bestOther, n / 2); // more distinct values and the index alone costs as much as the data
    }

    /**
     * As {@link #tryDict(long[], int[], int, long)}, giving up beyond {@code limit} distinct values. The column is
     * {@code v[order[i]]} ({@code order} null: {@code v[i]}), read through the order in the one probing pass
     * rather than gathered first. (Rows are probed in encoding order, not storage order, because the early
     * give-up depends on how soon values repeat, and the layout chosen must not depend on how rows arrived.)
     */
    boolean tryDict(long[] v, int[] order, int n, long bestOther, int limit) {
        int cap = tableCapacity(limit);
        ensureTable(cap);
        ensureRows(n);
        int[] entry = tableEntry;
        Arrays.fill(entry, 0, cap, 0);
        int mask = cap - 1;
        tableMask = mask;
        probedDistinct = -1;
        int d = 0;
        for (int i = 0; i < n; i++) {
            long x = order == null ? v[i] : v[order[i]];
            int h = slot(x, mask);
            int e;
            while ((e = entry[h]) != 0 && table[h] != x) {
                h = (h + 1) & mask;
            }
            if (e == 0) {
                // give up early on columns whose values hardly repeat (byte counts, durations)
                if (d == limit || (i >= 2048 && d > i * 3 / 4)) {
                    return false;
                }
                table[h] = x;
                dict[d] = x;
                e = ++d;
                entry[h] = e;
            }
            rowEntry[i] = e - 1;
        }
        probedDistinct = d;
        sortDictionary(d);
        long dictSize = 10;
        for (int k = 1; k < d; k++) {
            dictSize += ColumnEncoder.varintLength(sortedDict[k] - sortedDict[k - 1] - 1);
        }
        int iwidth = ColumnEncoder.width(d - 1);
        boolean pack = d <= PACKED_MAX_DISTINCT;
        long indexBytes = pack ? packedBytes(n, packedBits(d)) : (long) n * iwidth;
        if (dictSize + indexBytes >= bestOther) {
            return false;
        }
        raw.putVarLong(d);
        raw.putZigZag(sortedDict[0]);
        for (int k = 1; k < d; k++) {
            raw.putVarLong(sortedDict[k] - sortedDict[k - 1] - 1);
        }
        if (pack) {
            for (int i = 0; i < n; i++) {
                rowIndex[i] = rank[rowEntry[i]];
            }
            putPackedIndexes(rowIndex, n, packedBits(d));
            lastDictPacked = true;
            return true;
        }
        for (int i = 0; i < n; i++) {
            indexes[i] = rank[rowEntry[i]];
        }
        raw.putByte(iwidth);
        ColumnEncoder.putPlanes(raw, indexes, n, 0, iwidth);
        lastDictPacked = false;
        return true;
    }

    /** Fills sortedDict[0..d) with dict[0..d) ascending (signed) and rank[k] with the position of dict[k]. */
    private void sortDictionary(int d) {
        long dmin = dict[0];
        long dmax = dict[0];
        for (int k = 1; k < d; k++) {
            dmin = Math.min(dmin, dict[k]);
            dmax = Math.max(dmax, dict[k]);
        }
        int bits = 64 - Long.numberOfLeadingZeros(dmax - dmin);
        if (bits <= 48) {
            // offset from the minimum in the high bits, insertion number (< 2^16) in the low 16: one radix sort
            for (int k = 0; k < d; k++) {
                dictKeys[k] = ((dict[k] - dmin) << 16) | k;
            }
            radix.sort(dictKeys, d, 0, 16, 16 + bits);
            for (int r = 0; r < d; r++) {
                long key = dictKeys[r];
                sortedDict[r] = dmin + (key >>> 16);
                rank[(int) (key & 0xFFFF)] = r;
            }
            return;
        }
        System.arraycopy(dict, 0, sortedDict, 0, d);
        radix.sort(sortedDict, d, dmin, 0, bits);
        // the hash table still maps each value to its insertion number plus one: one probe per value ranks it
        int mask = tableMask;
        for (int r = 0; r < d; r++) {
            long x = sortedDict[r];
            int h = slot(x, mask);
            while (table[h] != x) {
                h = (h + 1) & mask;
            }
            rank[tableEntry[h] - 1] = r;
        }
    }

    private static int slot(long x, int mask) {
        long h = x * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
