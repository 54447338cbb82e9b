package org.flowsec.query;

/** One bin of one series: its start (epoch ms), the series key (null without one) and what fell in it. */
public record SeriesRow(long binStart, long[] key, long flows, long packets, long bytes) {}
