package org.flowsec.detect;

import java.util.Map;
import org.flowsec.flow.FlowBatch;

/**
 * One detector. Detectors run on flow event time only (never the wall clock), so a replay of archived flows
 * raises the same alerts as live detection did.
 *
 * <p>Contract, in the order the engine calls it:
 * <ol>
 *   <li>{@link #accept} for every flow in arrival order, which is not event order: a long flow cut by a
 *       30-minute active timeout arrives after shorter, later ones. Threshold detectors raise as soon as the
 *       deciding flow arrives. Flows older than the watermark ("late") must still be counted.</li>
 *   <li>{@link #advance} whenever the watermark (event time, UTC ms, below which few more flows are expected)
 *       moves forward: interval detectors (top N, baselines) finalise intervals that end at or before it,
 *       and every detector evicts state that has expired.</li>
 *   <li>{@link #finish} once at the end of the input (end of an archive run, collector shutdown).</li>
 * </ol>
 * Calls to one detector never overlap, but may come from different threads (the engine runs detectors side
 * by side and hands each one's state over safely between calls). All state must be bounded (capped tables,
 * eviction, counted in {@link #counters}).
 */
public interface Detector {
    /** The name used in alerts and in the config: scan, flood, signature, p2p, bruteforce, bigtalker, newservice. */
    String name();

    /** Sees one flow; the row is valid only during the call. Must not allocate per flow on the common path. */
    void accept(FlowBatch batch, int row);

    /** The watermark moved to {@code watermark} (UTC ms). */
    void advance(long watermark);

    /** End of input: finalise open intervals and raise what is pending. */
    default void finish() {}

    /** State sizes, evictions and late flows, named for logs and {@code flowsec detect}'s summary. */
    Map<String, Long> counters();
}
