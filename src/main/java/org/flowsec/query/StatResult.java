package org.flowsec.query;

import java.util.List;
import org.flowsec.stats.Approximation;

/**
 * The listed keys of a statistic, best first, with the totals of what matched and whether the aggregation
 * had to degrade to approximate heavy hitters (then {@link #approximationMessage()} says by how much).
 *
 * @param keys how many distinct keys were aggregated (before top/bottom/threshold)
 */
public record StatResult(StatQuery query, List<StatRow> rows, long keys, Totals totals, Approximation approximation) {
    static final int FLOWS = 0;
    static final int PACKETS = 1;
    static final int BYTES = 2;
    static final int FIRST = 3;
    static final int LAST = 4;

    /** One line for users when the results are approximate, else empty. */
    public String approximationMessage() {
        return approximation.message(query.order().columnName());
    }
}
