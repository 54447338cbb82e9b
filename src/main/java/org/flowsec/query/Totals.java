package org.flowsec.query;

/**
 * What a query matched, each flow counted once whatever its keys: flows, packets and bytes, and how many
 * records the source delivered.
 */
public record Totals(long flows, long packets, long bytes, long recordsScanned) {}
