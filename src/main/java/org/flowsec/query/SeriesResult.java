package org.flowsec.query;

import java.util.List;

/**
 * The bins of a series, in time order (then by series rank), every bin listed even when empty.
 * {@code outside*} count what matched but fell outside the binned range (flows that started before it, and
 * with spread the parts of flows beyond it); binned plus outside equals {@link #totals()}, except that
 * an either-side key counts each flow twice in the bins.
 */
public record SeriesResult(SeriesQuery query, long fromMs, long toMs, List<SeriesRow> rows, Totals totals,
        long outsideFlows, long outsidePackets, long outsideBytes) {}
