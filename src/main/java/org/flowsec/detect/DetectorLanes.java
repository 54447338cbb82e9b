package org.flowsec.detect;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.flowsec.base.ThreadNiceness;

/**
 * Runs one step of every detector (accept a batch, advance) on the calling thread and {@code threads - 1}
 * helper threads. Each thread claims the next detector not yet taken until none is left, so a slow or
 * descheduled helper only means the caller does more; {@link #run} returns when every detector finished the
 * step. Detectors are claimed in the order the caller gives: most expensive first ({@link
 * DetectorCosts#mostExpensiveFirst}), so scan and flood start at once on different threads and the small
 * detectors fill in behind them.
 *
 * <p>A detector may run on a different thread each step. Its state is handed over safely: a helper's work
 * happens-before its count of finished helpers, which the caller reads before it publishes the next step.
 * Waits are uninterruptible and a helper that throws an Error still reports in, so {@link #run} cannot hang;
 * the Error is rethrown to the caller.
 */
final class DetectorLanes implements AutoCloseable {
    private final Thread[] helpers;
    private final int tasks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile int[] claimOrder;
    private volatile long generation;
    private volatile IntConsumer task;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** Nice value the helpers should run at; 0 leaves them as created. */
    private volatile int niceness;

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
        this.helpers = new Thread[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Thread(this::helperLoop, name + "-" + (h + 2));
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    /**
     * Runs {@code step.accept(d)} once for every detector d in [0, tasks), spread over the threads, claimed in
     * the order {@code order} lists them (a permutation of [0, tasks), not changed during the step).
     */
    void run(IntConsumer step, int[] order) {
        if (closed) {
            throw new IllegalStateException("detector lanes are closed");
        }
        if (order.length != tasks) {
            throw new IllegalArgumentException("claim order of " + order.length + " detectors, lanes run " + tasks);
        }
        claimOrder = order;
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
    }

    private void work() {
        IntConsumer step = task;
        int[] order = claimOrder;
        int i;
        while ((i = next.getAndIncrement()) < tasks) {
            step.accept(order[i]);
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

    /** The helpers lower their priority to {@code nice} (see {@link ThreadNiceness}) before their next step. */
    void lowerPriority(int nice) {
        niceness = nice;
    }

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
