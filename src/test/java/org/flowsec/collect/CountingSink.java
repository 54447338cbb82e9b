package org.flowsec.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;

/** A sink that keeps what a test checks: flow count, flushes, and (optionally) every flow's byte counter. */
final class CountingSink implements FlowSink {
    final AtomicLong flows = new AtomicLong();
    final AtomicLong flushes = new AtomicLong();
    private final boolean keep;
    private final List<Long> bytes = new ArrayList<>();
    private final List<String> exporters = new ArrayList<>();
    private final long delayMillis;

    CountingSink(boolean keep, long delayMillis) {
        this.keep = keep;
        this.delayMillis = delayMillis;
    }

    @Override
    public void accept(FlowBatch batch) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (keep) {
            synchronized (this) {
                for (int r = 0; r < batch.size(); r++) {
                    bytes.add(batch.get(Field.BYTES, r));
                    exporters.add(batch.formatAddress(Field.EXPORTER, r));
                }
            }
        }
        flows.addAndGet(batch.size());
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    synchronized List<Long> bytes() { return new ArrayList<>(bytes); }

    synchronized List<String> exporters() { return new ArrayList<>(exporters); }
}
