package org.flowsec.generate;

import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to {@code 1/(rank+1)^s} (Zipf's law), the shape of host
 * and service popularity on real networks: a few hosts carry most flows, most hosts carry a few.
 * The cumulative table is built once; a draw is one binary search and allocates nothing.
 */
final class ZipfSampler {
    private final double[] cdf;

    ZipfSampler(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("Zipf population must be at least 1, was " + n);
        }
        cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
    }

    int size() { return cdf.length; }

    int next(SplittableRandom random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
