package org.flowsec.flow;

/**
 * Where decoded flows go: the store, detectors, a forwarder. A sink must copy whatever it keeps from
 * the batch, because the caller clears and refills it after {@link #accept} returns.
 */
public interface FlowSink extends AutoCloseable {
    void accept(FlowBatch batch);

    /** Makes everything accepted so far durable or visible; called at least once a second by collectors. */
    default void flush() {}

    @Override
    default void close() {}
}
