package org.flowsec.store.format;

import java.util.Arrays;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * A Bloom filter over the source and destination addresses of one block, sized at about 10 bits per
 * distinct address with 7 probes (about 1% false positives). Distinct addresses are counted first with a
 * reusable open-addressing set of hashes, because blocks repeat hosts heavily and sizing by rows would
 * waste several bytes per flow.
 */
public final class AddressBloom {
    public static final int PROBES = 7;
    private static final int BITS_PER_KEY = 10;

    /** Open-addressing set of the block's distinct address hashes (0 = empty), kept at most half full. */
    private long[] seen = new long[1 << 12];
    private long[] rehash = new long[0];
    private int mask;
    private int distinct;

    /**
     * Sizes the set of distinct addresses for blocks of {@code rows} rows whose addresses are all distinct (the
     * most it grows to), so building their filters allocates only the filter words.
     */
    public void reserve(int rows) {
        int most = Integer.highestOneBit(Math.max(16, 4 * rows) - 1) << 1; // 2 addresses a row, kept half full
        if (seen.length < most) {
            seen = new long[most];
        }
        if (rehash.length < most / 2) {
            rehash = new long[most / 2];
        }
    }

    /** The filter words for rows [0, n) of {@code batch}. */
    public long[] build(FlowBatch batch, int n) {
        // start with a slot per two rows and double when half full: blocks repeat hosts heavily, so a table sized
        // for every address being distinct (4n slots) was mostly cleared and probed out of cache for nothing
        startSet(n / 2);
        long[] sh = batch.slot(Field.SRC_ADDR.slot());
        long[] sl = batch.slot(Field.SRC_ADDR.slot() + 1);
        long[] dh = batch.slot(Field.DST_ADDR.slot());
        long[] dl = batch.slot(Field.DST_ADDR.slot() + 1);
        for (int i = 0; i < n; i++) {
            add(hash(sh[i], sl[i]));
            add(hash(dh[i], dl[i]));
        }
        return filter();
    }

    /**
     * The same filter words as {@link #build(FlowBatch, int)} for a block whose distinct source and destination
     * addresses are already known (the block encoder numbers them): one entry per address instead of two per row.
     */
    public long[] build(long[] srcHi, long[] srcLo, int sources, long[] dstHi, long[] dstLo, int destinations) {
        startSet(sources + destinations);
        for (int i = 0; i < sources; i++) {
            add(hash(srcHi[i], srcLo[i]));
        }
        for (int i = 0; i < destinations; i++) {
            add(hash(dstHi[i], dstLo[i]));
        }
        return filter();
    }

    /** An empty set of address hashes, with about {@code expected} slots to start from. */
    private void startSet(int expected) {
        int start = Integer.highestOneBit(Math.max(16, expected) - 1) << 1;
        if (seen.length < start) {
            seen = new long[start];
        }
        Arrays.fill(seen, 0, start, 0L);
        mask = start - 1;
        distinct = 0;
    }

    /** The filter of the set's hashes: about 10 bits per distinct address. */
    private long[] filter() {
        long bits = Math.max(64L, (long) distinct * BITS_PER_KEY);
        long[] words = new long[(int) ((bits + 63) / 64)];
        long reciprocal = reciprocal((long) words.length * 64);
        for (int i = 0; i <= mask; i++) {
            if (seen[i] != 0) {
                set(words, seen[i], reciprocal);
            }
        }
        return words;
    }

    private void add(long h) {
        // 0 marks an empty slot; a real hash of 0 is nudged, which only costs a false positive chance
        long key = h == 0 ? 1 : h;
        int i = (int) (key ^ (key >>> 32)) & mask;
        long k;
        while ((k = seen[i]) != 0) {
            if (k == key) {
                return;
            }
            i = (i + 1) & mask;
        }
        seen[i] = key;
        if (++distinct * 2 > mask + 1) {
            grow();
        }
    }

    /** Doubles the set (rehashing its keys into the front of a larger, cleared table). */
    private void grow() {
        int size = (mask + 1) * 2;
        if (rehash.length < mask + 1) {
            rehash = new long[seen.length];
        }
        long[] old = rehash;
        int oldSize = mask + 1;
        System.arraycopy(seen, 0, old, 0, oldSize);
        if (seen.length < size) {
            seen = new long[size];
        } else {
            Arrays.fill(seen, 0, size, 0L);
        }
        int m = size - 1;
        for (int j = 0; j < oldSize; j++) {
            long key = old[j];
            if (key != 0) {
                int i = (int) (key ^ (key >>> 32)) & m;
                while (seen[i] != 0) {
                    i = (i + 1) & m;
                }
                seen[i] = key;
            }
        }
        mask = m;
    }

    /**
     * Sets the probes' bits {@code (h1 + p * h2) mod m}, computed as {@code h1 mod m} plus {@code p} steps of
     * {@code h2 mod m}, each reduced by one subtraction: the same bits as the format's formula. The two
     * remainders of 32-bit halves by the block's fixed m use a precomputed reciprocal ({@link #reciprocal}),
     * since a 64-bit division per address was a fifth of building the filter.
     */
    private static void set(long[] words, long h, long reciprocal) {
        long m = (long) words.length * 64;
        long bit = mod32(h & 0xFFFF_FFFFL, reciprocal, m);
        long step = mod32(h >>> 32, reciprocal, m);
        for (int p = 0; p < PROBES; p++) {
            words[(int) (bit >>> 6)] |= 1L << bit;
            bit += step;
            if (bit >= m) {
                bit -= m;
            }
        }
    }

    /** {@code ceil(2^64 / d)} as an unsigned 64-bit number, for {@link #mod32} by {@code d} (2 ≤ d < 2^32). */
    static long reciprocal(long d) {
        return Long.divideUnsigned(-1L, d) + 1;
    }

    /**
     * {@code a mod d} for {@code a} and {@code d} below 2^32 without a division: the high 64 bits of
     * {@code (reciprocal * a mod 2^64) * d} (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019,
     * exact for 32-bit operands).
     */
    static long mod32(long a, long reciprocal, long d) {
        long low = reciprocal * a;
        return Math.multiplyHigh(low, d) + ((low >> 63) & d); // unsigned high product: d is positive
    }

    /** False only when the address is certainly not in the block. */
    public static boolean mightContain(long[] words, long hi, long lo) {
        long h = hash(hi, lo);
        h = h == 0 ? 1 : h;
        long m = (long) words.length * 64;
        long bit = (h & 0xFFFF_FFFFL) % m;
        long step = (h >>> 32) % m;
        for (int p = 0; p < PROBES; p++) {
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
            bit += step;
            if (bit >= m) {
                bit -= m;
            }
        }
        return true;
    }

    /** 64-bit mix of both address words (the murmur3 finalizer), fixed by the format: changing it breaks old files. */
    static long hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
