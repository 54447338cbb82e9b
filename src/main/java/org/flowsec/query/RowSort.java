package org.flowsec.query;

/**
 * A stable sort of row indexes by a comparator, without boxing: a bottom-up merge sort over two int arrays,
 * insertion sort for runs of 16. Stability is what keeps rows that compare equal in scan order.
 */
final class RowSort {
    interface RowComparator {
        int compare(int a, int b);
    }

    private static final int RUN = 16;
    private int[] scratch = new int[0];

    /** Sorts {@code rows[0..n)} stably by {@code cmp}. */
    void sort(int[] rows, int n, RowComparator cmp) {
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(n, lo + RUN);
            for (int i = lo + 1; i < hi; i++) {
                int x = rows[i];
                int j = i - 1;
                while (j >= lo && cmp.compare(rows[j], x) > 0) {
                    rows[j + 1] = rows[j];
                    j--;
                }
                rows[j + 1] = x;
            }
        }
        if (scratch.length < n) {
            scratch = new int[n];
        }
        int[] src = rows;
        int[] dst = scratch;
        for (int width = RUN; width < n; width <<= 1) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    // take from the right only when strictly smaller: equal rows keep their order
                    dst[k++] = cmp.compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != rows) {
            System.arraycopy(src, 0, rows, 0, n);
        }
    }
}
