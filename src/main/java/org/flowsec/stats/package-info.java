/**
 * Aggregation primitives shared by query and detect: primitive counter maps ({@link
 * org.flowsec.stats.LongKeyAggregator}), top-N selection ({@link org.flowsec.stats.TopN}), distinct counting
 * ({@link org.flowsec.stats.DistinctCounter}), time bins ({@link org.flowsec.stats.TimeBins}) and address prefix
 * masks ({@link org.flowsec.stats.Prefixes}).
 *
 * <p>Nothing here knows the field catalog: keys are 1..4 long words and values are long columns, so the
 * package depends only on {@code base} and the JDK. Hot paths allocate nothing per record.
 */
package org.flowsec.stats;
