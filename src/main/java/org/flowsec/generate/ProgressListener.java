package org.flowsec.generate;

/** Hears about a sender's progress, from the sending thread, about every {@link #INTERVAL_NANOS}. */
@FunctionalInterface
public interface ProgressListener {
    long INTERVAL_NANOS = 500_000_000L;

    ProgressListener NONE = report -> {};

    /** Must return quickly: the sender is paused while it runs. */
    void progress(RateReport report);
}
