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

    private long[] seen = new long[1 << 17];

    /** The filter words for rows [0, n) of {@code batch}. */
    public long[] build(FlowBatch batch, int n) {
        int need = Integer.highestOneBit(Math.max(16, n * 4) - 1) << 1;
        if (seen.length < need) {
            seen = new long[need];
        } else {
            Arrays.fill(seen, 0, need, 0L);
        }
        int mask = need - 1;
        int distinct = 0;
        long[] sh = batch.slot(Field.SRC_ADDR.slot());
        long[] sl = batch.slot(Field.SRC_ADDR.slot() + 1);
        long[] dh = batch.slot(Field.DST_ADDR.slot());
        long[] dl = batch.slot(Field.DST_ADDR.slot() + 1);
        for (int i = 0; i < n; i++) {
            distinct += add(hash(sh[i], sl[i]), mask);
            distinct += add(hash(dh[i], dl[i]), mask);
        }
        long bits = Math.max(64L, (long) distinct * BITS_PER_KEY);
        long[] words = new long[(int) ((bits + 63) / 64)];
        for (int i = 0; i < need; i++) {
            if (seen[i] != 0) {
                set(words, seen[i]);
            }
        }
        return words;
    }

    private int add(long h, int mask) {
        // 0 marks an empty slot; a real hash of 0 is nudged, which only costs a false positive chance
        long key = h == 0 ? 1 : h;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (seen[i] != 0) {
            if (seen[i] == key) {
                return 0;
            }
            i = (i + 1) & mask;
        }
        seen[i] = key;
        return 1;
    }

    /**
     * Sets the probes' bits {@code (h1 + p * h2) mod m}, computed as {@code h1 mod m} plus {@code p} steps of
     * {@code h2 mod m}, each reduced by one subtraction: the same bits as the format's formula, with two
     * divisions instead of seven.
     */
    private static void set(long[] words, long h) {
        long m = (long) words.length * 64;
        long bit = (h & 0xFFFF_FFFFL) % m;
        long step = (h >>> 32) % m;
        for (int p = 0; p < PROBES; p++) {
            words[(int) (bit >>> 6)] |= 1L << bit;
            bit += step;
            if (bit >= m) {
                bit -= m;
            }
        }
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
