package org.flowsec.detect.flood;

import java.util.Arrays;

/**
 * What each home host usually receives per bucket: an exponentially weighted mean and variance of flows and
 * packets (research §2.3, EWMA), learned from final buckets only. A bucket above {@code mean + k·σ} and above
 * an absolute floor is unusual once the host has {@code warmup} buckets behind it. Buckets that started a
 * flood are not learned, so a long flood does not become the norm. The limits are cached per host because
 * they change only when a bucket is final, and the flow path only compares.
 */
final class Baseline implements DestinationTable.SlotState {
    /** Zero buckets after which an idle host's mean is gone to rounding: (1 - alpha)^n. */
    private static final int MAX_EMPTY_STEPS = 400;

    private final double alpha;
    private final double k;
    private final int warmup;
    private final long floorFlows;
    private final long floorPackets;

    private double[] meanFlows = new double[0];
    private double[] varFlows = new double[0];
    private double[] meanPackets = new double[0];
    private double[] varPackets = new double[0];
    private int[] learned = new int[0];
    /** Per host, side by side: the flow limit and the packet limit (read on the flow path). */
    private long[] limits = new long[0];

    Baseline(FloodParams p) {
        if (!(p.baselineAlpha > 0 && p.baselineAlpha <= 1)) {
            throw new IllegalArgumentException("flood.baseline_alpha must be within (0, 1], was " + p.baselineAlpha);
        }
        this.alpha = p.baselineAlpha;
        this.k = p.baselineK;
        this.warmup = Math.max(1, p.baselineWarmupBuckets);
        this.floorFlows = (long) Math.ceil(p.baselineMinFlowsPerSecond * p.bucketSeconds);
        this.floorPackets = (long) Math.ceil(p.baselineMinPacketsPerSecond * p.bucketSeconds);
    }

    @Override
    public void grow(int capacity) {
        meanFlows = Arrays.copyOf(meanFlows, capacity);
        varFlows = Arrays.copyOf(varFlows, capacity);
        meanPackets = Arrays.copyOf(meanPackets, capacity);
        varPackets = Arrays.copyOf(varPackets, capacity);
        learned = Arrays.copyOf(learned, capacity);
        limits = Arrays.copyOf(limits, capacity * 2);
    }

    @Override
    public void reset(int slot) {
        meanFlows[slot] = 0;
        varFlows[slot] = 0;
        meanPackets[slot] = 0;
        varPackets[slot] = 0;
        learned[slot] = 0;
        limits[2 * slot] = Long.MAX_VALUE;
        limits[2 * slot + 1] = Long.MAX_VALUE;
    }

    /** Flows per bucket above which this host's bucket is unusual; Long.MAX_VALUE while warming up. */
    long flowLimit(int slot) { return limits[2 * slot]; }

    long packetLimit(int slot) { return limits[2 * slot + 1]; }

    double meanFlows(int slot) { return meanFlows[slot]; }

    double meanPackets(int slot) { return meanPackets[slot]; }

    void learn(int slot, long flows, long packets) {
        double d = flows - meanFlows[slot];
        double inc = alpha * d;
        meanFlows[slot] += inc;
        varFlows[slot] = (1 - alpha) * (varFlows[slot] + d * inc);
        d = packets - meanPackets[slot];
        inc = alpha * d;
        meanPackets[slot] += inc;
        varPackets[slot] = (1 - alpha) * (varPackets[slot] + d * inc);
        if (learned[slot] < Integer.MAX_VALUE) {
            learned[slot]++;
        }
        updateLimits(slot);
    }

    void learnEmpty(int slot, long buckets) {
        long steps = Math.min(buckets, MAX_EMPTY_STEPS);
        for (long i = 0; i < steps; i++) {
            learn(slot, 0, 0);
        }
        if (buckets > steps) {
            learned[slot] = (int) Math.min(Integer.MAX_VALUE, learned[slot] + (buckets - steps));
        }
    }

    private void updateLimits(int slot) {
        if (learned[slot] < warmup) {
            return;
        }
        limits[2 * slot] = Math.max(floorFlows, (long) Math.ceil(meanFlows[slot] + k * Math.sqrt(varFlows[slot])));
        limits[2 * slot + 1] = Math.max(floorPackets, (long) Math.ceil(meanPackets[slot] + k * Math.sqrt(varPackets[slot])));
    }
}
