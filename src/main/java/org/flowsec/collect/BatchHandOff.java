package org.flowsec.collect;

import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;

/**
 * Where the {@link DatagramProcessor} puts full batches. Handing over returns the batch to fill next,
 * so a pipeline can pass batches to another thread and recycle them from a pool instead of copying.
 */
public interface BatchHandOff {
    /** Takes a batch of flows; returns an empty batch to fill next (possibly the same one, cleared). */
    FlowBatch handOff(FlowBatch full);

    /** Asks the sink to make everything handed over so far durable or visible. */
    void flush();

    /** Hands batches straight to a sink on the caller's thread (pcap replay, tests). */
    static BatchHandOff direct(FlowSink sink) {
        return new BatchHandOff() {
            @Override
            public FlowBatch handOff(FlowBatch full) {
                sink.accept(full);
                full.clear();
                return full;
            }

            @Override
            public void flush() {
                sink.flush();
            }
        };
    }
}
