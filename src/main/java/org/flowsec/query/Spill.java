package org.flowsec.query;

import java.io.IOException;
import org.flowsec.flow.FlowBatch;

/**
 * Where {@link FlowSorter} puts sorted runs that do not fit its memory budget: temporary storage outside the
 * heap (the command line gives it temporary files in the store's block encoding). Closing deletes every run.
 */
public interface Spill extends AutoCloseable {
    /** Stores rows {@code order[0..n)} of {@code rows}, in that order, as one run. */
    Run write(FlowBatch rows, int[] order, int n) throws IOException;

    @Override
    void close() throws IOException;

    /** A stored run read back from its start, a few hundred rows at a time. */
    interface Run {
        /** The next rows of the run into {@code into} (replacing its content); false at the end. */
        boolean next(FlowBatch into) throws IOException;
    }
}
