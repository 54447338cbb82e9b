package org.flowsec.store.format;

/**
 * What the block index says about one block: where it is, its checksum, row count, flow-time range and
 * the min/max of every column (in the file's {@link ColumnSchema} order), so scans can skip it unread.
 */
public record BlockMeta(long offset, int length, int crc32c, int records, long minFirst, long maxLast,
                        long[] columnMin, long[] columnMax) {

    /** True when some row may have {@code first < toMillis && last >= fromMillis}. */
    public boolean overlaps(long fromMillis, long toMillis) {
        return minFirst < toMillis && maxLast >= fromMillis;
    }
}
