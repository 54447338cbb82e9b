package org.flowsec.stats;

/**
 * The packed entry layout that {@link KeyRows}, {@link HotKeyCache} and {@link FlowKeyTable} share: at
 * {@code at}, the key's hash, then its 1..4 words, then the values. Reading and writing the key part in one
 * place keeps the three in step.
 */
final class PackedKeys {
    private PackedKeys() {}

    /** Whether the entry at {@code at} holds hash {@code h} and key words {@code k0..k(keyWords-1)}. */
    static boolean holds(long[] slots, int at, int keyWords, long h, long k0, long k1, long k2, long k3) {
        return slots[at] == h && slots[at + 1] == k0 && (keyWords < 2 || slots[at + 2] == k1)
                && (keyWords < 3 || slots[at + 3] == k2) && (keyWords < 4 || slots[at + 4] == k3);
    }

    /** Writes hash {@code h} and key words {@code k0..k(keyWords-1)} at {@code at}; the values follow them. */
    static void put(long[] slots, int at, int keyWords, long h, long k0, long k1, long k2, long k3) {
        slots[at] = h;
        slots[at + 1] = k0;
        if (keyWords > 1) {
            slots[at + 2] = k1;
            if (keyWords > 2) {
                slots[at + 3] = k2;
                if (keyWords > 3) {
                    slots[at + 4] = k3;
                }
            }
        }
    }
}
