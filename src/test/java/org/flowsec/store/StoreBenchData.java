package org.flowsec.store;

import org.flowsec.flow.FlowBatch;

/** Realistic flows for benchmarks outside this package. */
public final class StoreBenchData {
    private StoreBenchData() {}

    public static FlowBatch realistic(int rows) {
        return new RealisticFlows(42, 1_790_000_100_000L, 20_000).batch(rows);
    }
}
