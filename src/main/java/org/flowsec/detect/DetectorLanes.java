package org.flowsec.detect;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.flowsec.base.ThreadNiceness;

/**
 * Runs one step of every detector (accept a batch, advance) on the calling thread and {@code threads - 1}
 * helper threads. Each thread claims the next detector not yet taken until none is left, so a slow or
 * descheduled helper only means the caller does more; {@link #run} returns when every detector finished the
 * step. Detectors are claimed most expensive first (their measured time, refreshed every
 * {@link #REORDER_EVERY} steps): scan and flood then start at once on different threads and the small
 * detectors fill in behind them.
 *
 * <p>A detector may run on a different thread each step. Its state is handed over safely: a helper's work
 * happens-before its count of finished helpers, which the caller reads before it publishes the next step.
 * Waits are uninterruptible and a helper that throws an Error still reports in, so {@link #run} cannot hang;
 * the Error is rethrown to the caller.
 */
final class DetectorLanes implements AutoCloseable {
    static final int REORDER_EVERY = 256;

    private final Thread[] helpers;
    private final int tasks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final long[] nanos;
    private final Integer[] order;
    private final int[] claimOrder;
    private volatile long generation;
    private volatile IntConsumer task;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** Nice value the helpers should run at; 0 leaves them as created. */
    private volatile int niceness;
    private int steps;

    /**
     * @param tasks   detectors per step
     * @param threads threads per step, the caller's included (at least 2)
     * @param name    prefix of the helper threads' names
     */
    DetectorLanes(int tasks, int threads, String name) {
        if (threads < 2) {
            throw new IllegalArgumentException("lanes need at least 2 threads, got " + threads);
        }
        this.tasks = tasks;
        this.nanos = new long[tasks];
        this.order = new Integer[tasks];
        this.claimOrder = new int[tasks];
        for (int i = 0; i < tasks; i++) {
            order[i] = i;
            claimOrder[i] = i;
        }
        this.helpers = new Thread[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Thread(this::helperLoop, name + "-" + (h + 2));
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    /** Runs {@code step.accept(d)} once for every detector d in [0, tasks), spread over the threads. */
    void run(IntConsumer step) {
        if (closed) {
            throw new IllegalStateException("detector lanes are closed");
        }
        task = step;
        caller = Thread.currentThread();
        next.set(0);
        finished.set(0);
        generation++; // publishes everything above to the helpers
        for (Thread h : helpers) {
            LockSupport.unpark(h);
        }
        Throwable own = null;
        try {
            work();
        } catch (Throwable t) { // NOPMD: rethrown below, once no helper is still inside this step
            own = t;
        }
        while (finished.get() < helpers.length) {
            LockSupport.park(this);
        }
        task = null;
        Throwable f = own != null ? own : failure;
        failure = null;
        if (f != null) {
            if (f instanceof Error e) {
                throw e;
            }
            if (f instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("a detector lane failed", f);
        }
        if (++steps % REORDER_EVERY == 0) {
            reorder();
        }
    }

    private void work() {
        IntConsumer step = task;
        int i;
        while ((i = next.getAndIncrement()) < tasks) {
            int d = claimOrder[i];
            long t0 = System.nanoTime();
            step.accept(d);
            nanos[d] += System.nanoTime() - t0; // one thread per detector per step
        }
    }

    private void helperLoop() {
        long seen = 0;
        int applied = 0;
        while (true) {
            while (generation == seen) {
                LockSupport.park(this);
            }
            seen = generation;
            if (closed) {
                return;
            }
            int nice = niceness;
            if (nice != applied) {
                ThreadNiceness.lowerCurrent(nice);
                applied = nice;
            }
            try {
                work();
            } catch (Throwable t) { // NOPMD: reported to the caller, which must not wait forever
                failure = t;
            }
            if (finished.incrementAndGet() == helpers.length) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Most expensive first over the last steps; halving keeps the order following a changing load. */
    private void reorder() {
        Arrays.sort(order, (a, b) -> Long.compare(nanos[b], nanos[a]));
        for (int i = 0; i < tasks; i++) {
            claimOrder[i] = order[i];
            nanos[i] >>= 1;
        }
    }

    /** The helpers lower their priority to {@code nice} (see {@link ThreadNiceness}) before their next step. */
    void lowerPriority(int nice) {
        niceness = nice;
    }

    /** The order detectors are claimed in (for tests). */
    int[] claimOrder() { return claimOrder.clone(); }

    int threads() { return helpers.length + 1; }

    /** Stops the helpers; call from the thread that calls run, after the last step. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        generation++;
        for (Thread h : helpers) {
            LockSupport.unpark(h);
        }
    }
}
