package org.flowsec.detect;

/**
 * Where the pipeline delivers alerts: files, stdout, syslog, a webhook, the store's alert log. Called from the
 * detection thread, so an implementation must not block for long: network sinks queue and send on their own
 * thread. A sink that fails counts the failure and carries on; it never throws into detection.
 */
public interface AlertSink extends AutoCloseable {
    /**
     * @param alert  the alert as it stands now (id and detectedAt set)
     * @param update false the first time an id is delivered, true for later versions of it
     */
    void accept(Alert alert, boolean update);

    /** Failures so far (send errors, dropped alerts); 0 for sinks that cannot fail. */
    default long failures() { return 0; }

    /** Delivers what is pending and releases resources. */
    @Override
    default void close() {}
}
