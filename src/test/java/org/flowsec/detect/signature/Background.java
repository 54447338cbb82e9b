package org.flowsec.detect.signature;

import org.flowsec.detect.Detector;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;

/**
 * Feeds a detector background traffic from {@link RealisticFlowModel} (a busy border router: web, DNS, mail,
 * SSH, RDP, SMB, scanners), advancing the watermark as an engine would (newest time minus the model's 120 s
 * active and 15 s inactive timeouts and some slack). For zero-false-alert tests.
 */
public final class Background {
    private Background() {}

    /** Internal networks of the model; private ranges, so the default home covers them. */
    public static final String[] MODEL_HOME = {"10.10.0.0/16", "10.20.0.0/16", "172.20.0.0/16"};

    /**
     * Feeds {@code warmUp + flows} flows like {@link #feed} and returns the bytes the calling thread allocated
     * inside {@link Detector#accept} for the last {@code flows} of them (HotSpot's per-thread allocation
     * counter), so neither the model's allocation nor the JIT's and the tables' warm-up is counted.
     */
    public static long feedCountingAllocation(Detector d, long seed, long warmUp, long flows, double flowsPerSecond) {
        return run(d, seed, warmUp, warmUp + flows, flowsPerSecond);
    }

    public static void feed(Detector d, long seed, long flows, double flowsPerSecond) {
        run(d, seed, flows, flows, flowsPerSecond);
    }

    private static long run(Detector d, long seed, long countFrom, long flows, double flowsPerSecond) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = 0;
        RealisticFlowModel model = new RealisticFlowModel(seed, 1_760_000_000_000L, flowsPerSecond, 0.1);
        FlowBatch batch = new FlowBatch(10_000);
        long done = 0;
        while (done < flows) {
            batch.clear();
            int n = (int) Math.min(10_000, flows - done);
            model.fill(batch, n);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < batch.size(); r++) {
                d.accept(batch, r);
            }
            if (done >= countFrom) {
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
            }
            done += n;
            d.advance(model.nowMillis() - 150_000);
        }
        d.advance(Long.MAX_VALUE);
        d.finish();
        return allocated;
    }
}
