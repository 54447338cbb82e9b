package org.flowsec.detect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.base.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a sink that may block (a TCP syslog server that stalls, a slow webhook) on its own thread behind a
 * bounded queue, so detection never waits for the network: when the queue is full the alert is dropped for
 * this sink and counted. {@link #close()} gives the queue a few seconds to drain, then closes the delegate.
 */
public final class AsyncSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncSink.class);
    private static final long DRAIN_MILLIS = 5_000;

    private record Item(Alert alert, boolean update) {}

    private static final Item STOP = new Item(null, false);

    private final AlertSink delegate;
    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private final RateLimitedLog dropLog;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean closed;

    public AsyncSink(AlertSink delegate, int capacity, Clock clock) {
        this.delegate = delegate;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.dropLog = new RateLimitedLog(LOG, clock);
        this.thread = new Thread(this::run, "flowsec-alerts-" + delegate);
        this.thread.setDaemon(true);
    }

    /** Starts the sending thread. */
    public AsyncSink start() {
        thread.start();
        return this;
    }

    @Override
    public void accept(Alert alert, boolean update) {
        if (closed || !queue.offer(new Item(alert, update))) {
            long n = dropped.incrementAndGet();
            dropLog.error("alert sink {} is behind: alert {} dropped ({} dropped so far)", delegate, alert.id(), n);
        }
    }

    private void run() {
        while (true) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item == STOP) {
                return;
            }
            try {
                delegate.accept(item.alert(), item.update());
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                dropLog.error("alert sink {} failed", delegate, e);
            }
        }
    }

    /** Alerts handed to the delegate so far. */
    public long delivered() { return delivered.get(); }

    public long dropped() { return dropped.get(); }

    @Override
    public long failures() { return dropped.get() + errors.get() + delegate.failures(); }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (thread.isAlive()) {
                if (!queue.offer(STOP, DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                    thread.interrupt();
                }
                thread.join(DRAIN_MILLIS);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(DRAIN_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(queue.size() - (queue.contains(STOP) ? 1 : 0));
        queue.clear();
        delegate.close();
    }

    @Override
    public String toString() { return delegate.toString(); }
}
