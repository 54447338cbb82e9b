package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.flowsec.flow.FlowBatch;

class FlowStoreRoundTripTest {
    private static final long T0 = 1_790_000_000_000L;

    @Property(tries = 40)
    void everyAcceptedRowIsReadBackAfterSealing(@ForAll long seed,
                                                @ForAll @IntRange(min = 1, max = 12) int batches,
                                                @ForAll @IntRange(min = 1, max = 2000) int maxBatch,
                                                @ForAll @IntRange(min = 1, max = 5000) int blockRecords,
                                                @ForAll @IntRange(min = 1, max = 3000) int chunkRecords) throws Exception {
        Path dir = Files.createTempDirectory("flowsec-roundtrip");
        try {
            StoreConfig cfg = new StoreConfig(Duration.ofMinutes(5), blockRecords, 3, chunkRecords,
                    Duration.ofSeconds(1), false, Duration.ZERO, 0, seed % 2 == 0);
            ManualClock clock = new ManualClock(T0);
            List<FlowBatch> written = new ArrayList<>();
            try (FlowStore store = FlowStore.open(dir, cfg, clock)) {
                for (int i = 0; i < batches; i++) {
                    FlowBatch b = TestFlows.random(seed + i, 1 + (int) Math.floorMod(seed * 31 + i, (long) maxBatch), T0);
                    written.add(b.copy());
                    store.accept(b);
                    b.clear(); // the store must have copied what it keeps
                    clock.advance(Math.floorMod(seed + i, 200_000L)); // crosses windows now and then
                }
            }
            FlowBatch back = StoreTesting.readAll(StoreReader.open(dir));
            assertThat(TestFlows.canonical(back).sameRows(TestFlows.canonical(TestFlows.concat(written)))).isTrue();
            assertThat(StoreTesting.journals(dir)).isEmpty();
        } finally {
            StoreTesting.deleteTree(dir);
        }
    }
}
