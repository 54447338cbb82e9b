package org.flowsec.stats;

import java.util.Arrays;

/**
 * A growable buffer of keyed rows, each with its key's {@link KeyHash} so that the table adding them does
 * not hash again. Rows are packed one after the other, as a {@link HotKeyCache} slot holds them, so that
 * evicting an entry is one short copy into one sequential stream:
 *
 * <pre>
 * at = r * stride, stride = 1 + keyWords + columns
 * data[at]                    hash of the key
 * data[at + 1 + w]            key word w
 * data[at + 1 + keyWords + c] value column c
 * </pre>
 *
 * Emptied by {@link LongKeyAggregator#addRows}; reused, so nothing is allocated once it has reached its
 * working size.
 */
public final class KeyRows {
    private static final int MIN_ROWS = 256;

    final int keyWords;
    final int columns;
    final int stride;
    int size;
    long[] data = new long[0];

    public KeyRows(int keyWords, int columns) {
        this.keyWords = keyWords;
        this.columns = columns;
        this.stride = 1 + keyWords + columns;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    public long hash(int r) {
        return data[r * stride];
    }

    public long key(int r, int word) {
        return data[r * stride + 1 + word];
    }

    public long value(int r, int column) {
        return data[r * stride + 1 + keyWords + column];
    }

    /** Appends one row; {@code hash} must be {@link KeyHash#hash} of the key words. */
    public void add(long hash, long[] key, long... values) {
        int at = room();
        data[at] = hash;
        System.arraycopy(key, 0, data, at + 1, keyWords);
        System.arraycopy(values, 0, data, at + 1 + keyWords, columns);
        size++;
    }

    /** Appends the row packed at {@code packed[at..at + stride)}. */
    void addPacked(long[] packed, int at) {
        int to = room(); // before reading data: room() may replace it
        System.arraycopy(packed, at, data, to, stride);
        size++;
    }

    /** Where the next row goes, after growing if full. */
    private int room() {
        int at = size * stride;
        if (at + stride > data.length) {
            data = Arrays.copyOf(data, Math.max(MIN_ROWS, 2 * size + 1) * stride);
        }
        return at;
    }
}
