package org.flowsec.detect;

import java.util.ArrayList;
import java.util.List;

/** An alert sink that keeps what it was given, in order, for tests to read. */
public final class RecordingSink implements AlertSink {
    public record Delivery(Alert alert, boolean update) {}

    public final List<Delivery> deliveries = new ArrayList<>();
    boolean closed;

    @Override
    public void accept(Alert alert, boolean update) { deliveries.add(new Delivery(alert, update)); }

    @Override
    public void close() { closed = true; }

    public List<Alert> alerts() { return deliveries.stream().map(Delivery::alert).toList(); }
}
