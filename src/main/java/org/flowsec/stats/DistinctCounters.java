package org.flowsec.stats;

/**
 * One {@link DistinctCounter} per key of 1..4 long words: {@code counter(srcHi, srcLo).add(dstPort)} counts
 * the distinct destination ports of each source. Keys map to dense ids in a {@link LongKeyAggregator} (a MIN
 * column keeps the id handed out on first sight), ids index an array of counters.
 *
 * <p>Memory per key: about 100 bytes of table and counter, plus the counter's values: 8 bytes each while
 * exact, at most 2^precision bytes once a HyperLogLog.
 */
public final class DistinctCounters {
    private final int precision;
    private final LongKeyAggregator ids;
    private final long[] keyBuffer = new long[4];
    private DistinctCounter[] counters = new DistinctCounter[16];
    private int next;

    public DistinctCounters(int keyWords, int precision) {
        if (precision < 4 || precision > 18) {
            throw new IllegalArgumentException("precision must be 4..18, not " + precision);
        }
        this.precision = precision;
        this.ids = new LongKeyAggregator(keyWords, Accumulator.MIN);
    }

    public int size() {
        return next;
    }

    public DistinctCounter counter(long k0) {
        return of(ids.slot(k0));
    }

    public DistinctCounter counter(long k0, long k1) {
        return of(ids.slot(k0, k1));
    }

    public DistinctCounter counter(long k0, long k1, long k2) {
        return of(ids.slot(k0, k1, k2));
    }

    public DistinctCounter counter(long k0, long k1, long k2, long k3) {
        return of(ids.slot(k0, k1, k2, k3));
    }

    /** The counter of a key given as an array of key words, created if absent. */
    public DistinctCounter counter(long[] key) {
        return of(ids.slot(key));
    }

    /** The counter of a key, or null if nothing was counted for it. */
    public DistinctCounter find(long[] key) {
        int s = switch (ids.keyWords()) {
            case 1 -> ids.find(key[0]);
            case 2 -> ids.find(key[0], key[1]);
            case 3 -> ids.find(key[0], key[1], key[2]);
            default -> ids.find(key[0], key[1], key[2], key[3]);
        };
        return s < 0 ? null : counters[(int) ids.value(s, 0)];
    }

    private DistinctCounter of(int slot) {
        ids.add(slot, 0, next);
        int id = (int) ids.value(slot, 0);
        if (id == next) {
            if (next == counters.length) {
                counters = java.util.Arrays.copyOf(counters, next * 2);
            }
            counters[next++] = new DistinctCounter(precision);
        }
        return counters[id];
    }

    /** Adds every key's distinct values of {@code other} (same key words and precision) to this one. */
    public void merge(DistinctCounters other) {
        int words = ids.keyWords();
        for (int s = other.ids.first(); s >= 0; s = other.ids.next(s)) {
            for (int w = 0; w < words; w++) {
                keyBuffer[w] = other.ids.key(s, w);
            }
            counter(keyBuffer).merge(other.counters[(int) other.ids.value(s, 0)]);
        }
    }

    /** Bytes held by the id table and all counters (walks every counter). */
    public long memoryBytes() {
        long bytes = ids.memoryBytes() + 8L * counters.length;
        for (int i = 0; i < next; i++) {
            bytes += counters[i].memoryBytes() + 24;
        }
        return bytes;
    }
}
