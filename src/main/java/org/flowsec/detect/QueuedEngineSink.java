package org.flowsec.detect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.base.Clock;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;

/**
 * The detection engine beside the store in the live collector, on its own thread: {@link #accept} copies the
 * batch into a free pooled batch and queues it, never waiting. When detection falls behind and no pooled
 * batch is free, the batch is skipped for detection (the store still gets it) and its flows are counted as
 * dropped, so detection can never slow or block storage. The pool starts empty and grows to its bound only
 * while detection is behind; after that nothing is allocated.
 *
 * <p>Detection degrades in two steps. With 7/8 of the queue waiting, batches go to the cheap detectors
 * only ({@link DetectionEngine#acceptCheapOnly}): signature rules and the like keep seeing every flow while
 * the costly detectors skip, and those batches take about a seventh of the time. Only when the queue is full
 * are whole batches skipped.
 *
 * <p>The detection threads run at a lower priority ({@link #NICE}): queueing and skipping keep detection from
 * blocking the store, the priority keeps it from taking the store's CPU.
 *
 * <p>Live flows cannot end in the future: before each batch the watermark is told to ignore flows ending more
 * than {@link #FUTURE_TOLERANCE_MILLIS} after the wall clock (an exporter with a wrong clock).
 */
public final class QueuedEngineSink implements FlowSink {
    private static final FlowBatch STOP = new FlowBatch(16);
    /** Exporter clocks ahead of ours by more than this do not move the watermark. */
    public static final long FUTURE_TOLERANCE_MILLIS = 600_000;
    /**
     * Nice value of the detection threads: when the machine is short of CPU, receiving and storing (nice 0)
     * get it first and detection skips batches, instead of the kernel dropping datagrams nobody stored.
     */
    static final int NICE = 10;

    private final DetectionEngine engine;
    private final Clock wallClock;
    private final BlockingQueue<FlowBatch> full;
    private final BlockingQueue<FlowBatch> free;
    private final Thread thread;
    private final int queueBatches;
    private final int batchRows;
    /**
     * Batches waiting from which a batch goes to the cheap detectors only: 7/8 of the queue, so the costly
     * detectors give up batches only when the queue would otherwise overflow.
     */
    private final int cheapOnlyAt;
    /** Pooled batches created so far; only accept() creates them. */
    private int allocated;
    private final AtomicLong queuedFlows = new AtomicLong();
    /** Batches queued and not yet taken by the engine (the stop marker not counted). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong droppedFlows = new AtomicLong();
    private final AtomicLong droppedBatches = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param queueBatches batches waiting for detection at most
     * @param batchRows    rows a pooled batch starts with
     * @param wallClock    the wall clock, only to recognise flows from the future
     */
    public QueuedEngineSink(DetectionEngine engine, int queueBatches, int batchRows, Clock wallClock) {
        this.engine = engine;
        this.wallClock = wallClock;
        this.full = new ArrayBlockingQueue<>(queueBatches + 1); // + the stop marker
        this.free = new ArrayBlockingQueue<>(queueBatches);
        this.queueBatches = queueBatches;
        this.cheapOnlyAt = Math.max(1, queueBatches * 7 / 8);
        this.batchRows = batchRows;
        this.thread = new Thread(this::run, "flowsec-detect");
        this.thread.setDaemon(true);
    }

    public QueuedEngineSink start() {
        thread.start();
        return this;
    }

    @Override
    public void accept(FlowBatch batch) {
        if (batch.isEmpty() || closed) {
            return;
        }
        FlowBatch copy = free.poll();
        if (copy == null && allocated < queueBatches) {
            allocated++; // the pool grows only while detection is behind, up to its bound
            copy = new FlowBatch(batchRows);
        }
        if (copy == null) {
            droppedBatches.incrementAndGet();
            droppedFlows.addAndGet(batch.size());
            return;
        }
        copy.clear();
        copy.appendAll(batch);
        queuedFlows.addAndGet(batch.size());
        waiting.incrementAndGet();
        full.add(copy); // never full: it holds at most the pooled batches
    }

    private void run() {
        engine.lowerPriority(NICE);
        while (true) {
            FlowBatch b;
            try {
                b = full.take();
            } catch (InterruptedException e) {
                return;
            }
            if (b == STOP) {
                return;
            }
            engine.limitFuture(wallClock.millis() + FUTURE_TOLERANCE_MILLIS);
            // the engine catches detector failures itself
            if (waiting.decrementAndGet() >= cheapOnlyAt) {
                engine.acceptCheapOnly(b); // behind: catch up with the cheap detectors, before batches are skipped
            } else {
                engine.accept(b);
            }
            b.clear();
            free.add(b);
        }
    }

    /** Waits until every queued batch went through the engine, then closes it (finishing the detectors). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread.isAlive()) {
            full.add(STOP);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        engine.close();
    }

    public DetectionEngine engine() { return engine; }

    /** Flows handed to detection. */
    public long queuedFlows() { return queuedFlows.get(); }

    /** Flows detection skipped because it was behind (they are stored all the same). */
    public long droppedFlows() { return droppedFlows.get(); }

    public long droppedBatches() { return droppedBatches.get(); }
}
