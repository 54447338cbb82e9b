package org.flowsec.store;

import java.nio.file.Path;

/**
 * One unit a scan reads, with the flow times its rows lie within: a sealed segment's block (by index), or a
 * whole journal ({@link #JOURNAL}), whose times are not known before reading it (then the widest bounds).
 *
 * @param minFirst no row of the span starts before this
 * @param maxFirst no row of the span starts after this
 * @param minLast no row of the span ends before this
 * @param maxLast no row of the span ends after this
 */
public record BlockSpan(Path segment, int block, long minFirst, long maxFirst, long minLast, long maxLast) {
    /** The block index of a journal's span: the whole journal. */
    public static final int JOURNAL = -1;
}
