package org.flowsec.query;

/**
 * Selected rows of one batch as columns, ready for {@code LongKeyAggregator.addColumns}: {@code n} entries
 * (one per row and side) of key words, the value columns (flows left null: it counts 1 per entry), and
 * the values of each distinct field (two words for addresses). Reused batch after batch by one thread.
 */
final class KeyColumns {
    int n;
    long[][] keys;
    long[][] values;
    long[][] distinct;

    KeyColumns(int keyWords, int valueColumns, int distinctWords) {
        keys = new long[keyWords][0];
        values = new long[valueColumns][0];
        distinct = new long[distinctWords][0];
    }

    void ensure(int capacity) {
        if (keys[0].length < capacity) {
            int c = Math.max(capacity, 1024);
            keys = grow(keys, c);
            values = grow(values, c);
            values[0] = null;
            distinct = grow(distinct, c);
        }
    }

    /** Appends entry {@code i} of {@code from}. */
    void copyEntry(KeyColumns from, int i) {
        for (int w = 0; w < keys.length; w++) {
            keys[w][n] = from.keys[w][i];
        }
        for (int v = 1; v < values.length; v++) {
            values[v][n] = from.values[v][i];
        }
        for (int d = 0; d < distinct.length; d++) {
            distinct[d][n] = from.distinct[d][i];
        }
        n++;
    }

    private static long[][] grow(long[][] a, int c) {
        long[][] out = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new long[c];
        }
        return out;
    }
}
