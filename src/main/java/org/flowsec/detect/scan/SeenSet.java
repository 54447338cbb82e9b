package org.flowsec.detect.scan;

/**
 * A fixed-size, lossy set of 64-bit fingerprints that answers "first time?" for the distinct counts of every
 * scan key at once: (source, host) first contacts for TRW, (source, port, host) for horizontal scans,
 * (source, host, port) for vertical scans. One shared array instead of a set per key keeps memory independent
 * of the number of keys.
 *
 * <p>A fingerprint lives in one of {@value #WAYS} slots after its hash; when all are taken, one of them is
 * overwritten (counted in {@link #overwrites()}). An overwritten fingerprint seen again counts as new, so under
 * pressure distinct counts can only grow too fast, never hide a scan.
 */
final class SeenSet {
    private static final int WAYS = 8;

    private final long[] slots;
    private final int mask;
    private long overwrites;

    /** @param capacity slots, rounded up to a power of two (8 bytes each) */
    SeenSet(int capacity) {
        int size = Integer.highestOneBit(Math.max(WAYS * 2, capacity) - 1) << 1;
        slots = new long[size];
        mask = size - 1;
    }

    /** Adds the fingerprint; true when it was not there (0 is folded into 1: 0 marks an empty slot). */
    boolean add(long fingerprint) {
        long fp = fingerprint == 0 ? 1 : fingerprint;
        int base = (int) (fp ^ (fp >>> 32)) & mask;
        for (int i = 0; i < WAYS; i++) {
            int s = (base + i) & mask;
            long v = slots[s];
            if (v == fp) {
                return false;
            }
            if (v == 0) {
                slots[s] = fp;
                return true;
            }
        }
        slots[(base + (int) (fp >>> 61)) & mask] = fp;
        overwrites++;
        return true;
    }

    /** True when the fingerprint is (still) in the set; adds nothing. */
    boolean contains(long fingerprint) {
        long fp = fingerprint == 0 ? 1 : fingerprint;
        int base = (int) (fp ^ (fp >>> 32)) & mask;
        for (int i = 0; i < WAYS; i++) {
            long v = slots[(base + i) & mask];
            if (v == fp) {
                return true;
            }
            if (v == 0) {
                return false;
            }
        }
        return false;
    }

    long overwrites() { return overwrites; }

    int capacity() { return slots.length; }
}
