package org.flowsec.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * A small real detector for engine tests: counts flows to one destination port and raises an alert keyed by
 * the port once the count reaches a threshold, then again (an update) on every further flow. Remembers every
 * watermark it was advanced to and whether it was finished.
 */
public final class PortCountDetector implements Detector {
    final int port;
    final long threshold;
    final AlertEmitter out;
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final java.util.List<Long> advances = new java.util.ArrayList<>();
    boolean finished;

    public PortCountDetector(int port, long threshold, AlertEmitter out) {
        this.port = port;
        this.threshold = threshold;
        this.out = out;
    }

    @Override
    public String name() { return "port" + port; }

    @Override
    public void accept(FlowBatch batch, int row) {
        if (batch.get(Field.DST_PORT, row) != port) {
            return;
        }
        count++;
        first = Math.min(first, batch.get(Field.FIRST, row));
        last = Math.max(last, batch.get(Field.LAST, row));
        if (count >= threshold) {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("flows", count);
            out.raise(Alert.raised(name(), "port-" + port, Severity.MEDIUM, first, last,
                    count + " flows to port " + port + ".", null, null, 6, List.of(port), counts,
                    Map.of("flows", (double) threshold), "dst port " + port));
        }
    }

    @Override
    public void advance(long watermark) { advances.add(watermark); }

    @Override
    public void finish() { finished = true; }

    @Override
    public Map<String, Long> counters() { return Map.of("flows_counted", count); }
}
