package org.flowsec.detect;

import java.io.PrintWriter;
import org.flowsec.base.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts as JSON lines on a stream (stdout for {@code alerts: {stdout: true}}), flushed after each alert. A
 * PrintWriter never throws: each alert whose write or flush left the writer in error is counted and logged (at
 * most once a minute), naming the alert, so a lost line is never silent.
 */
public final class StreamSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSink.class);

    private final PrintWriter out;
    private final RateLimitedLog errorLog = new RateLimitedLog(LOG, Clock.SYSTEM);
    private long failures;

    public StreamSink(PrintWriter out) { this.out = out; }

    @Override
    public synchronized void accept(Alert alert, boolean update) {
        out.println(AlertJson.toJson(alert));
        if (out.checkError()) { // flushes, then reports an error of this write or of an earlier one
            failures++;
            errorLog.error("alerts on stdout: writing alert {} failed ({} failed so far)", alert.id(), failures);
        }
    }

    @Override
    public synchronized long failures() { return failures; }

    @Override
    public String toString() { return "stdout"; }
}
