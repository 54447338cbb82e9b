package org.flowsec.store.format;

/**
 * Stable LSD radix sort of {@code long}s by a bit range, 11 bits per pass: blocks sort 32,768 keys whose
 * interesting bits are few, where it beats a comparison sort several times over and allocates nothing.
 */
final class RadixSort {
    private static final int BITS = 11;
    private static final int MASK = (1 << BITS) - 1;

    private final int[] counts = new int[(1 << BITS) + 1];
    private long[] tmp = new long[1024];

    /** Sizes the scratch array for sorts of up to {@code n} keys now. */
    void reserve(int n) {
        if (tmp.length < n) {
            tmp = new long[n];
        }
    }

    /** Sorts {@code a[0..n)} by the unsigned value of {@code (a[i] - base) >>> fromBit}, for bits below {@code toBit}. */
    void sort(long[] a, int n, long base, int fromBit, int toBit) {
        if (tmp.length < n) {
            tmp = new long[n];
        }
        long[] src = a;
        long[] dst = tmp;
        for (int shift = fromBit; shift < toBit; shift += BITS) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (((src[i] - base) >>> shift) & MASK) + 1]++;
            }
            for (int d = 0; d < MASK + 1; d++) {
                counts[d + 1] += counts[d];
            }
            for (int i = 0; i < n; i++) {
                dst[counts[(int) (((src[i] - base) >>> shift) & MASK)]++] = src[i];
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }
}
