package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sealing keeps journal chunks that are good blocks as they are, even after a small chunk left rows over. */
class SealerTest {
    private static final long T0 = 1_790_000_100_000L;
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        if (dir != null) {
            StoreTesting.deleteTree(dir);
        }
    }

    @Test
    void fullChunksAfterASmallFirstChunkAreCopiedAsBlocksAndEveryRowIsReadBack() throws Exception {
        dir = Files.createTempDirectory("flowsec-sealer");
        // blocks and chunks of 1,000 rows; the flush interval writes the very first batch as a chunk of its own
        StoreConfig cfg = new StoreConfig(Duration.ofDays(1), 1000, 1, 1000, Duration.ofSeconds(1), false,
                Duration.ofDays(30), 0, true);
        FlowBatch small = TestFlows.random(1, 100, T0);
        FlowBatch rest = TestFlows.random(2, 3000, T0);
        try (FlowStore store = FlowStore.open(dir, cfg, new ManualClock(T0))) {
            store.accept(small);
            store.accept(rest);
        }
        List<Path> sealed = StoreTesting.sealedFiles(dir);
        assertThat(sealed).hasSize(1);
        List<BlockMeta> blocks;
        try (SegmentReader r = SegmentReader.open(sealed.get(0))) {
            blocks = r.footer().blocks();
        }
        // the 100 leftover rows are a short block of their own; the three full chunks follow unchanged
        assertThat(blocks).extracting(BlockMeta::records).containsExactly(100, 1000, 1000, 1000);
        FlowBatch back = StoreTesting.readAll(StoreReader.open(dir));
        assertThat(back.size()).isEqualTo(3100);
        FlowBatch expected = TestFlows.canonical(TestFlows.concat(List.of(small, rest)));
        FlowBatch actual = TestFlows.canonical(back);
        for (int s = 0; s < org.flowsec.flow.Field.SLOTS; s++) {
            assertThat(java.util.Arrays.copyOf(actual.slot(s), 3100))
                    .containsExactly(java.util.Arrays.copyOf(expected.slot(s), 3100));
        }
    }
}
