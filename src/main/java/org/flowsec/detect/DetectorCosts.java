package org.flowsec.detect;

import java.util.Arrays;

/**
 * What each detector costs per flow, measured as it runs (a moving average of nanoseconds per row over its
 * recent batches). Two uses: the order in which {@link DetectorLanes} claims detectors (most expensive
 * first), and which detectors are the cheap ones: the cheapest that together take at most
 * {@link #CHEAP_SHARE} of detection's time. When live detection falls behind, only those keep seeing every
 * flow (signature rules, P2P, brute force: a few tens of ns per flow each) while the costly ones (scan,
 * flood, service profiles, big talkers) skip batches, so the flow that decides a backdoor or worm alert is
 * not lost with the ones a scan detector could not take.
 *
 * <p>{@link #record} for detector d comes from whichever thread ran d's step; the engine reads between
 * steps, after the hand-over that {@link DetectorLanes} makes safe.
 */
final class DetectorCosts {
    /** Largest share of the measured time the detectors kept under overload may take together. */
    static final double CHEAP_SHARE = 0.15;
    /** Weight of a new measurement in the moving average. */
    private static final double WEIGHT = 1.0 / 16;

    private final double[] nanosPerRow;
    private final boolean[] cheap;
    private final Integer[] byCost;
    private final int[] mostExpensiveFirst;
    private boolean stale = true;

    DetectorCosts(int detectors) {
        this.nanosPerRow = new double[detectors];
        this.cheap = new boolean[detectors];
        this.byCost = new Integer[detectors];
        this.mostExpensiveFirst = new int[detectors];
        for (int d = 0; d < detectors; d++) {
            byCost[d] = d;
        }
    }

    /** Detector d took {@code nanos} for {@code rows} rows. */
    void record(int d, long nanos, int rows) {
        if (rows <= 0) {
            return;
        }
        double x = (double) nanos / rows;
        double m = nanosPerRow[d];
        nanosPerRow[d] = m == 0 ? x : m + (x - m) * WEIGHT;
        stale = true;
    }

    /** Per detector: kept when shedding. Before anything was measured, every detector is kept. */
    boolean[] cheap() {
        refresh();
        return cheap;
    }

    /** The detectors, most expensive first (the registry's order before anything was measured). */
    int[] mostExpensiveFirst() {
        refresh();
        return mostExpensiveFirst;
    }

    private void refresh() {
        if (stale) {
            recompute();
            stale = false;
        }
    }

    double nanosPerRow(int d) { return nanosPerRow[d]; }

    private void recompute() {
        int n = nanosPerRow.length;
        double total = 0;
        for (int d = 0; d < n; d++) {
            total += nanosPerRow[d];
        }
        // stable: ties (at first, every detector unmeasured) keep their previous order, at first the registry's
        Arrays.sort(byCost, (a, b) -> Double.compare(nanosPerRow[b], nanosPerRow[a]));
        for (int i = 0; i < n; i++) {
            mostExpensiveFirst[i] = byCost[i];
        }
        if (total == 0) {
            Arrays.fill(cheap, true);
            return;
        }
        Arrays.fill(cheap, false);
        double taken = 0;
        for (int i = n - 1; i >= 0; i--) { // cheapest first
            int d = byCost[i];
            taken += nanosPerRow[d];
            if (taken > CHEAP_SHARE * total) {
                break;
            }
            cheap[d] = true;
        }
    }
}
