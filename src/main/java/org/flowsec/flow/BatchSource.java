package org.flowsec.flow;

import java.io.IOException;

/** Something that can be read as a sequence of flow batches: the store, a capture, a file. */
public interface BatchSource {
    /** Receives each batch; the batch is only valid during the call. Return false to stop early. */
    @FunctionalInterface
    interface BatchVisitor {
        boolean visit(FlowBatch batch) throws IOException;
    }

    /** Feeds every batch to the visitor in order; stops when it returns false. */
    void forEachBatch(BatchVisitor visitor) throws IOException;
}
