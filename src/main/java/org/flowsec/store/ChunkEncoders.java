package org.flowsec.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowsec.base.ThreadNiceness;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.ByteSink;

/**
 * Encodes journal chunks on several threads at once, each with its own {@link ChunkEncoder} made when the
 * store opens. Encoding is most of the store's CPU (sort, dictionaries, zstd: about 300 ns a flow), so one
 * thread caps a store near 3M flows/s whatever the machine has; chunks are independent, and the writer appends
 * them in the order they were handed over, whichever finishes first.
 */
final class ChunkEncoders implements AutoCloseable {
    /** Encoder threads by default: one per core, at most 4 (each holds about 25 MB of scratch for full chunks). */
    static final int DEFAULT_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final ExecutorService threads;
    private final BlockingQueue<ChunkEncoder> idle;
    private final int count;

    ChunkEncoders(StoreConfig config, int count, int nice) {
        this.count = count;
        this.idle = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            idle.add(new ChunkEncoder(config));
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(() -> {
                ThreadNiceness.lowerCurrent(nice);
                r.run();
            }, "flowsec-store-encoder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int count() { return count; }

    /**
     * Encodes {@code rows} (not empty) as one journal chunk into {@code out}, which it resets first, on one of the
     * encoder threads. Neither may change until the returned future is done.
     */
    Future<?> encode(FlowBatch rows, ByteSink out) {
        return threads.submit(() -> {
            // as many encoders as threads, and a thread runs one task at a time: one is always idle here
            ChunkEncoder encoder = idle.poll();
            try {
                out.reset();
                encoder.encode(rows, out);
            } finally {
                idle.add(encoder);
            }
            return null;
        });
    }

    /**
     * Lets the chunks handed over so far finish (the writer waits for each), then frees the encoders.
     *
     * @return false when they did not finish within a minute (the encoders are then left to the process's end)
     */
    boolean finish() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(1, TimeUnit.MINUTES)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        close();
        return true;
    }

    /** Frees the encoders; only once no chunk is being encoded. */
    @Override
    public void close() {
        threads.shutdownNow();
        ChunkEncoder e;
        while ((e = idle.poll()) != null) {
            e.close();
        }
    }
}
