package org.flowsec.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertSink;

/**
 * Keeps the newest version of each alert a {@code detect} run raised, to print them once at the end; at most
 * {@link #MAX} alerts, the rest are counted (they are in the store's alert log all the same).
 */
final class LatestAlerts implements AlertSink {
    static final int MAX = 100_000;

    private final Map<String, Alert> byId = new LinkedHashMap<>();
    private long overflow;

    @Override
    public void accept(Alert alert, boolean update) {
        if (byId.containsKey(alert.id()) || byId.size() < MAX) {
            byId.put(alert.id(), alert);
        } else {
            overflow++;
        }
    }

    List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(Alert::first).thenComparing(Alert::id));
        return out;
    }

    long overflow() { return overflow; }
}
