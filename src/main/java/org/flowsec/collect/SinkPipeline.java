package org.flowsec.collect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.base.Clock;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode → sink hand-over: full batches go through a bounded queue to the sink thread, which gives
 * them back cleared through a pool, so no batch is copied or allocated after start. When the sink is
 * slow the decode thread waits for a free batch; the receive queue then fills and the receive threads
 * count the drops, so memory stays bounded end to end. A sink that throws is counted and logged (at
 * most once a minute) and the batch dropped; the pipeline keeps running.
 */
final class SinkPipeline implements BatchHandOff, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkPipeline.class);
    private static final FlowBatch FLUSH = new FlowBatch(16);
    private static final FlowBatch STOP = new FlowBatch(16);

    private final FlowSink sink;
    private final int batchRows;
    private final Clock clock;
    private final BlockingQueue<FlowBatch> full;
    private final BlockingQueue<FlowBatch> free;
    private final AtomicLong sinkErrors = new AtomicLong();
    private final AtomicLong droppedFlows = new AtomicLong();
    private long lastErrorLog = Long.MIN_VALUE / 2;

    SinkPipeline(FlowSink sink, int queueBatches, int batchRows, Clock clock) {
        this.sink = sink;
        this.clock = clock;
        this.batchRows = batchRows;
        int pool = queueBatches + 2; // queued + one being filled + one in the sink
        this.full = new ArrayBlockingQueue<>(pool + 2);
        this.free = new ArrayBlockingQueue<>(pool);
        for (int i = 0; i < pool - 1; i++) {
            free.add(new FlowBatch(batchRows + 512));
        }
    }

    /** The batch the decode thread fills first. */
    FlowBatch first() {
        return new FlowBatch(batchRows + 512);
    }

    @Override
    public FlowBatch handOff(FlowBatch batch) {
        try {
            full.put(batch);
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            droppedFlows.addAndGet(batch.size());
            return new FlowBatch(batch.capacity()); // the queued one may still be in use downstream
        }
    }

    @Override
    public void flush() {
        put(FLUSH);
    }

    /** Ends the sink thread after everything queued before it. */
    void stop() {
        put(STOP);
    }

    private void put(FlowBatch marker) {
        try {
            full.put(marker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (true) {
            FlowBatch b;
            try {
                b = full.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (b == STOP) {
                    sink.flush();
                    return;
                } else if (b == FLUSH) {
                    sink.flush();
                } else {
                    sink.accept(b);
                }
            } catch (RuntimeException e) {
                sinkErrors.incrementAndGet();
                long now = clock.millis();
                if (now - lastErrorLog >= DatagramProcessor.LOG_INTERVAL_MILLIS) {
                    lastErrorLog = now;
                    LOG.error("flow sink failed ({} failures so far), batch of {} flows dropped", sinkErrors.get(),
                            b.size(), e);
                }
                if (b != FLUSH) {
                    droppedFlows.addAndGet(b.size());
                }
            }
            if (b != FLUSH && b != STOP) {
                b.clear();
                free.offer(b);
            }
        }
    }

    long sinkErrors() { return sinkErrors.get(); }

    long droppedFlows() { return droppedFlows.get(); }
}
