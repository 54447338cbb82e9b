package org.flowsec.stats;

/**
 * 64-bit hashing of keys made of 1..4 long words. Flow keys are highly structured (IPv4-mapped addresses
 * share 96 bits, ports are small), so every word is folded in with a multiply and the result goes through
 * a full-avalanche finalizer before the low bits pick a slot of a power-of-two table.
 */
public final class KeyHash {
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private KeyHash() {}

    /** MurmurHash3's fmix64: every input bit flips each output bit with probability about 1/2. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }

    private static long fold(long h, long word) {
        h = (h ^ word) * GOLDEN;
        return h ^ (h >>> 29);
    }

    public static long hash(long k0) {
        return mix(fold(1, k0));
    }

    public static long hash(long k0, long k1) {
        return mix(fold(fold(2, k0), k1));
    }

    public static long hash(long k0, long k1, long k2) {
        return mix(fold(fold(fold(3, k0), k1), k2));
    }

    public static long hash(long k0, long k1, long k2, long k3) {
        return mix(fold(fold(fold(fold(4, k0), k1), k2), k3));
    }

    /** The hash of the key in {@code key[0..words)}, words 1..4: the same as the method of that arity. */
    public static long hash(long[] key, int words) {
        return switch (words) {
            case 1 -> hash(key[0]);
            case 2 -> hash(key[0], key[1]);
            case 3 -> hash(key[0], key[1], key[2]);
            case 4 -> hash(key[0], key[1], key[2], key[3]);
            default -> throw new IllegalArgumentException("keys have 1..4 words, not " + words);
        };
    }

    /**
     * Which of {@code n} partitions a key of this hash belongs to: from the low 32 bits, while a
     * {@link LongKeyAggregator} picks slots from the high 32, so every partition's table still spreads its keys
     * over all its slots. {@link HotKeyCache} and {@link FlowKeyTable} pick theirs from the top of the low 32,
     * so that draining them in slot order does not feed a LongKeyAggregator its keys in its own slot order.
     */
    public static int partition(long hash, int n) {
        return n == 1 ? 0 : (int) ((hash & 0xFFFF_FFFFL) % n);
    }
}
