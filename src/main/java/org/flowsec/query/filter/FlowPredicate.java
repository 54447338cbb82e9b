package org.flowsec.query.filter;

import org.flowsec.flow.FlowBatch;

/**
 * A compiled filter. Immutable and thread-safe; compile once per query and reuse for every batch.
 */
public interface FlowPredicate {
    /** True when the row matches. */
    boolean test(FlowBatch batch, int row);

    /**
     * Writes the indexes of the matching rows of the batch, ascending, to {@code rowsOut} (which needs room
     * for {@code batch.size()} entries) and returns how many there are. Evaluates column by column.
     */
    int select(FlowBatch batch, int[] rowsOut);
}
