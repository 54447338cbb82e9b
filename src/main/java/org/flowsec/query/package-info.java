/**
 * Runs a query (time range + filter + group/order/limit) over a {@link org.flowsec.flow.BatchSource}:
 * {@link org.flowsec.query.StatEngine} aggregates flows per {@link org.flowsec.query.GroupKey} into top-N
 * tables (nfdump {@code -s}/{@code -A}, SiLK rwstats/rwuniq), {@link org.flowsec.query.SeriesEngine} counts
 * flows, packets and bytes per time bin (SiLK rwcount). Never opens files: the caller hands it a source.
 * Imports only {@code query.filter}, {@code stats}, {@code flow}, {@code base} and the JDK.
 */
package org.flowsec.query;
