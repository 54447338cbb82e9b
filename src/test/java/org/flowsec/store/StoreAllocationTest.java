package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store allocates its large buffers when it opens, not under load: arrays of megabytes grown while the
 * first full chunks arrive, or again for each new journal, cost the collector garbage-collection pauses just
 * when datagrams arrive fastest.
 */
class StoreAllocationTest {
    private static final long T0 = 1_790_000_100_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    /** The store's writer and encoder threads, which encode and append chunks. */
    private static List<Thread> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("flowsec-store-writer") || t.getName().startsWith("flowsec-store-encoder-"))
                .toList();
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    private static long allocated(Thread t) {
        return THREADS.getThreadAllocatedBytes(t.getId());
    }

    private static long allocated(List<Thread> threads) {
        return threads.stream().mapToLong(StoreAllocationTest::allocated).sum();
    }

    private static void feedOneChunk(FlowStore store, List<FlowBatch> batches) {
        for (FlowBatch b : batches) {
            store.accept(b);
        }
        store.flush();
    }

    @Test
    void fullChunksAcrossARotationAllocateNoLargeArrays() throws Exception {
        StoreConfig config = StoreConfig.DEFAULTS; // 65,536-row chunks, as the collector writes them
        RealisticFlows gen = new RealisticFlows(7, T0, 20_000);
        List<FlowBatch> chunk = new ArrayList<>();
        for (int i = 0; i < config.chunkRecords() / 4096; i++) {
            chunk.add(gen.batch(4096));
        }
        ManualClock clock = new ManualClock(T0);
        try (FlowStore store = FlowStore.open(dir, config, clock)) {
            store.flush(); // the writer thread starts; encoder threads start with the first chunk each takes
            feedOneChunk(store, chunk.subList(0, 1));
            feedOneChunk(store, chunk.subList(0, 1));
            List<Thread> writer = writerThreads();
            assertThat(writer).as("the writer and the encoders that ran").hasSizeGreaterThanOrEqualTo(2);
            long caller = allocated(Thread.currentThread());
            long written = allocated(writer);
            feedOneChunk(store, chunk);
            long firstChunkOnWriter = allocated(writer) - written;
            int chunks = 6;
            for (int i = 0; i < chunks; i++) {
                if (i == 3) {
                    clock.advance(Duration.ofMinutes(5).toMillis()); // a new window: a new journal
                }
                feedOneChunk(store, chunk);
            }
            long callerPerChunk = (allocated(Thread.currentThread()) - caller) / (chunks + 1);
            long writerPerChunk = (allocated(writer) - written - firstChunkOnWriter) / chunks;
            // measured when chunks grew as they filled and each journal had its own encoder: 9.5 MB a chunk on the
            // caller's thread, 17.3 MB on the writer's; now 12 KB and 39 KB (the Bloom filter's words). The writer's
            // first chunk took 12.3 MB while the encoder's column buffers grew; now 0.8 MB (the journal's opening).
            // "The writer" is the writer thread and the encoder threads together since chunks are encoded on several
            assertThat(callerPerChunk).as("accept() and flush(), bytes per chunk").isLessThan(64 << 10);
            assertThat(firstChunkOnWriter).as("the writer thread, bytes for the first chunk").isLessThan(4 << 20);
            assertThat(writerPerChunk).as("the writer thread, bytes per chunk").isLessThan(1 << 20);
            assertThat(store.stats().recordsAccepted()).isEqualTo(7L * config.chunkRecords() + 2 * 4096);
        }
    }
}
