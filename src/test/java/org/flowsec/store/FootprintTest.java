package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size target of the store on realistic flows, everything on disk included (blocks, index, Bloom filters). */
class FootprintTest {
    @TempDir
    Path dir;

    @Test
    void realisticFlowsTakeAtMostFifteenAndAHalfBytesEachOnDisk() throws Exception {
        long t0 = 1_790_000_100_000L;
        RealisticFlows gen = new RealisticFlows(42, t0, 20_000);
        int flows = 0;
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withRotation(Duration.ofDays(1)), new ManualClock(t0))) {
            for (int i = 0; i < 64; i++) {
                store.accept(gen.batch(4096));
                flows += 4096;
            }
        }
        List<SegmentInfo> segs = StoreReader.open(dir).segments();
        assertThat(segs).singleElement().matches(SegmentInfo::sealed);
        assertThat(segs.get(0).records()).isEqualTo(flows);
        double bytesPerFlow = segs.get(0).bytes() / (double) flows;
        assertThat(bytesPerFlow).isLessThanOrEqualTo(15.5);
    }
}
