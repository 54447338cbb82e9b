package org.flowsec.detect;

import java.util.List;

/**
 * The emitter detectors are built with when they may run on several threads: while a detector's step runs,
 * its thread is bound to that detector's list and raises are held there; the engine hands the lists to the
 * pipeline in detector order once every detector finished the step. So the pipeline, which is not
 * thread-safe, sees the alerts in exactly the order one thread would raise them. Unbound threads (one-thread
 * runs, finish at close) raise straight through.
 */
public final class HeldAlerts implements AlertEmitter {
    private final AlertEmitter target;
    private final ThreadLocal<List<Alert>> bound = new ThreadLocal<>();

    public HeldAlerts(AlertEmitter target) {
        this.target = target;
    }

    @Override
    public void raise(Alert alert) {
        List<Alert> held = bound.get();
        if (held == null) {
            target.raise(alert);
        } else {
            held.add(alert);
        }
    }

    /** Holds this thread's raises in {@code held} until {@link #unbind()}. */
    void bind(List<Alert> held) { bound.set(held); }

    void unbind() { bound.remove(); }

    AlertEmitter target() { return target; }
}
