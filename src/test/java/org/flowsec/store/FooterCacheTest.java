package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsed footers are reused for the same file and size, and the least recently used go past the budget. */
class FooterCacheTest {
    @TempDir
    Path tmp;

    /** Three sealed segments of 2,000 flows each. */
    private List<Path> segments() throws IOException {
        long[] now = {1_790_000_100_000L};
        FlowBatch all = StoreBenchData.realistic(6_000);
        try (FlowStore s = FlowStore.open(tmp, StoreConfig.DEFAULTS.withBlockRecords(500), () -> now[0])) {
            for (int i = 0; i < 3; i++) {
                FlowBatch b = new FlowBatch(2_000);
                b.appendRange(all, i * 2_000, i * 2_000 + 2_000);
                s.accept(b);
                s.flush();
                now[0] += 300_000;
            }
        }
        try (var files = Files.walk(tmp)) {
            return files.filter(p -> p.toString().endsWith(".fsg")).sorted().toList();
        }
    }

    @Test
    void aSecondOpenOfTheSameFileTakesTheParsedFooter() throws IOException {
        Path seg = segments().get(0);
        FooterCache cache = new FooterCache(1 << 20);
        try (SegmentReader a = SegmentReader.open(seg, cache); SegmentReader b = SegmentReader.open(seg, cache)) {
            assertThat(b.footer()).isSameAs(a.footer());
            assertThat(cache.get(seg, Files.size(seg))).isSameAs(a.footer());
            assertThat(cache.get(seg, Files.size(seg) + 1)).as("another file by that name").isNull();
            FlowBatch rows = new FlowBatch(500);
            b.readBlock(0, new org.flowsec.store.format.BlockDecoder(), rows);
            assertThat(rows.size()).isEqualTo(500);
        }
    }

    @Test
    void theLeastRecentlyUsedFootersGoOnceTheirSizesExceedTheBudget() throws IOException {
        List<Path> segs = segments();
        assertThat(segs).hasSize(3);
        FooterCache cache = new FooterCache(1); // room for the newest footer only
        for (Path p : segs) {
            SegmentReader.open(p, cache).close();
        }
        assertThat(cache.get(segs.get(2), Files.size(segs.get(2)))).isNotNull();
        assertThat(cache.get(segs.get(0), Files.size(segs.get(0)))).isNull();
        assertThat(cache.get(segs.get(1), Files.size(segs.get(1)))).isNull();
    }
}
