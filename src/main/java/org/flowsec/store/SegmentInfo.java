package org.flowsec.store;

import java.nio.file.Path;

/**
 * One segment as listed by {@link StoreReader#segments()}: a sealed file, or the journal of the segment being
 * written ({@code sealed == false}). Times are flow times (min first, max last); for an empty segment both are 0.
 */
public record SegmentInfo(Path path, long windowStartMillis, int seq, boolean sealed, long minFirst, long maxLast,
                          long records, int blocks, long bytes) {}
