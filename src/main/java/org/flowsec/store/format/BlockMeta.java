package org.flowsec.store.format;

/**
 * What the block index says about one block: where it is, its checksum, row count, flow-time range and
 * the min/max of every column (in the file's {@link ColumnSchema} order), so scans can skip it unread.
 */
public record BlockMeta(long offset, int length, int crc32c, int records, long minFirst, long maxLast,
                        long[] columnMin, long[] columnMax) {

    /**
     * Writes the statistics part shared by block index entries and journal chunks:
     * {@code zigzag min(first), zigzag max(last)}, then per column {@code zigzag min, zigzag max}.
     */
    public void writeStats(ByteSink out) {
        out.putZigZag(minFirst);
        out.putZigZag(maxLast);
        for (int c = 0; c < columnMin.length; c++) {
            out.putZigZag(columnMin[c]);
            out.putZigZag(columnMax[c]);
        }
    }

    /** Reads what {@link #writeStats} wrote, for a block at {@code offset} of {@code length} bytes. */
    public static BlockMeta readStats(ByteSource in, int columns, long offset, int length, int crc32c, int records)
            throws CorruptDataException {
        long minFirst = in.getZigZag();
        long maxLast = in.getZigZag();
        long[] min = new long[columns];
        long[] max = new long[columns];
        for (int c = 0; c < columns; c++) {
            min[c] = in.getZigZag();
            max[c] = in.getZigZag();
        }
        return new BlockMeta(offset, length, crc32c, records, minFirst, maxLast, min, max);
    }

    /** True when some row may have {@code first < toMillis && last >= fromMillis}. */
    public boolean overlaps(long fromMillis, long toMillis) {
        return minFirst < toMillis && maxLast >= fromMillis;
    }
}
