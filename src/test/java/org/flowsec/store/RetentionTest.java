package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    private static final long T0 = 1_790_000_100_000L;
    private static final long FIVE_MIN = 300_000;

    @TempDir
    Path dir;

    private static List<Long> windows(Path dir) throws Exception {
        return StoreReader.open(dir).segments().stream().map(SegmentInfo::windowStartMillis).toList();
    }

    @Test
    void segmentsOlderThanTheRetentionAreDeletedOldestFirstOnRotation() throws Exception {
        ManualClock clock = new ManualClock(T0);
        StoreConfig cfg = StoreConfig.DEFAULTS.withRetention(Duration.ofMinutes(12), 0);
        try (FlowStore store = FlowStore.open(dir, cfg, clock)) {
            for (int i = 0; i < 6; i++) {
                store.accept(new RealisticFlows(i, clock.millis(), 1000).batch(100));
                clock.advance(FIVE_MIN);
            }
            store.flush();
            store.awaitSealing();
            // now = T0 + 30 min; a window is kept while it ended less than 12 minutes ago (after T0 + 18 min)
            assertThat(windows(dir)).containsExactly(T0 + 3 * FIVE_MIN, T0 + 4 * FIVE_MIN, T0 + 5 * FIVE_MIN);
            assertThat(store.stats().segmentsDeleted()).isEqualTo(3);
        }
    }

    @Test
    void theOldestSegmentsGoFirstWhenTheStoreIsTooBig() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS.withRetention(Duration.ZERO, 0), clock)) {
            for (int i = 0; i < 5; i++) {
                store.accept(new RealisticFlows(i, clock.millis(), 1000).batch(1000));
                clock.advance(FIVE_MIN);
            }
        }
        List<SegmentInfo> segs = StoreReader.open(dir).segments();
        assertThat(segs).hasSize(5);
        long lastTwo = segs.get(3).bytes() + segs.get(4).bytes();
        // retention also runs on open
        FlowStore.open(dir, StoreConfig.DEFAULTS.withRetention(Duration.ZERO, lastTwo + 10), clock).close();
        assertThat(windows(dir)).containsExactly(T0 + 3 * FIVE_MIN, T0 + 4 * FIVE_MIN);
    }

    @Test
    void emptyDateDirectoriesAreRemovedWithTheirLastSegment() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS, clock)) {
            store.accept(new RealisticFlows(1, T0, 1000).batch(10));
        }
        clock.advance(Duration.ofDays(40).toMillis());
        FlowStore.open(dir, StoreConfig.DEFAULTS, clock).close();
        assertThat(windows(dir)).isEmpty();
        assertThat(dir.resolve("2026")).doesNotExist();
    }
}
