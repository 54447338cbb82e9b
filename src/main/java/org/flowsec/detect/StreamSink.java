package org.flowsec.detect;

import java.io.PrintWriter;

/** Alerts as JSON lines on a stream (stdout for {@code alerts: {stdout: true}}), flushed after each alert. */
public final class StreamSink implements AlertSink {
    private final PrintWriter out;

    public StreamSink(PrintWriter out) { this.out = out; }

    @Override
    public synchronized void accept(Alert alert, boolean update) {
        out.println(AlertJson.toJson(alert));
        out.flush();
    }

    @Override
    public long failures() { return out.checkError() ? 1 : 0; }

    @Override
    public String toString() { return "stdout"; }
}
