package org.flowsec.detect.flood;

/**
 * A 256-bit linear-counting sketch (Whang et al. 1990) of distinct sources, held in four longs of a
 * caller's array, so every rate bucket can answer "how many sources?" without allocating. Exact enough
 * for the {@code min_sources} checks it serves (tens of sources; about 8 % error at 750); it saturates
 * near 1400, which is why floods keep a real HyperLogLog for the numbers they report.
 */
final class SourceBits {
    static final int WORDS = 4;
    private static final int BITS = WORDS * 64;
    /** What a full bitmap reports: m ln m, the expected distinct count that fills it. */
    static final long SATURATED = Math.round(BITS * Math.log(BITS));

    private SourceBits() {}

    /** Marks the source whose 64-bit hash is {@code h} in the sketch at {@code words[at..at+3]}. */
    static void add(long[] words, int at, long h) {
        int bit = (int) (h >>> 56);
        words[at + (bit >>> 6)] |= 1L << (bit & 63);
    }

    static long estimate(long[] words, int at) {
        int set = 0;
        for (int i = 0; i < WORDS; i++) {
            set += Long.bitCount(words[at + i]);
        }
        int zeros = BITS - set;
        if (zeros == 0) {
            return SATURATED;
        }
        return Math.round(BITS * Math.log((double) BITS / zeros));
    }

    /** Distinct count of the union of two sketches; {@code b < 0} means only {@code a}. */
    static long estimateUnion(long[] words, int a, int b) {
        if (b < 0) {
            return estimate(words, a);
        }
        int set = 0;
        for (int i = 0; i < WORDS; i++) {
            set += Long.bitCount(words[a + i] | words[b + i]);
        }
        int zeros = BITS - set;
        return zeros == 0 ? SATURATED : Math.round(BITS * Math.log((double) BITS / zeros));
    }

    static void clear(long[] words, int at) {
        for (int i = 0; i < WORDS; i++) {
            words[at + i] = 0;
        }
    }
}
