package org.flowsec.store;

import java.time.Duration;

/**
 * How the store writes and how long it keeps data.
 *
 * @param rotation       length of a segment's time window (arrival time, from the injected Clock); nfcapd's -t
 * @param blockRecords   rows per sealed block, 1..65536
 * @param zstdLevel      zstd level of blocks (journal chunks and sealed segments)
 * @param chunkRecords   rows after which the writer appends a journal chunk without waiting for flush();
 *                       chunks of at least half a block are copied into the sealed segment as they are
 * @param flushInterval  the writer appends a chunk at least this often while flows arrive
 * @param fsyncOnFlush   force journal chunks to the disk on every flush, not just to the page cache
 * @param retain         segments whose window ended longer ago than this are deleted
 * @param maxBytes       oldest segments are deleted while the store is larger than this (0 = no limit)
 * @param addressBloom   write a per-block Bloom filter over source and destination addresses
 */
public record StoreConfig(Duration rotation, int blockRecords, int zstdLevel, int chunkRecords,
                          Duration flushInterval, boolean fsyncOnFlush, Duration retain, long maxBytes,
                          boolean addressBloom) {
    /**
     * Blocks of 65,536 rows, the most the format allows: 2.5 % smaller files than 32,768 (v9/IPFIX flows of the
     * generator: 15.66 -> 15.37 bytes/flow), since dictionaries and zstd see each repeated address and AS twice as
     * often; a busy store scans them as fast, and a block still covers only seconds of a busy router's flows.
     */
    public static final StoreConfig DEFAULTS = new StoreConfig(Duration.ofMinutes(5), 65536, 1, 65536,
            Duration.ofSeconds(1), false, Duration.ofDays(30), 0, true);

    public StoreConfig {
        if (rotation.toMillis() < 1) {
            throw new IllegalArgumentException("rotation must be at least 1 ms, got " + rotation);
        }
        if (blockRecords < 1 || blockRecords > 65536) {
            throw new IllegalArgumentException("blockRecords must be 1..65536, got " + blockRecords);
        }
        if (chunkRecords < 1 || chunkRecords > 65536) {
            throw new IllegalArgumentException("chunkRecords must be 1..65536, got " + chunkRecords);
        }
        if (zstdLevel < -7 || zstdLevel > 22) {
            throw new IllegalArgumentException("zstd level must be -7..22, got " + zstdLevel);
        }
        if (retain.isNegative() || maxBytes < 0 || flushInterval.isNegative()) {
            throw new IllegalArgumentException("retain, maxBytes and flushInterval must not be negative");
        }
    }

    public StoreConfig withRotation(Duration d) {
        return new StoreConfig(d, blockRecords, zstdLevel, chunkRecords, flushInterval, fsyncOnFlush,
                retain, maxBytes, addressBloom);
    }

    public StoreConfig withBlockRecords(int n) {
        return new StoreConfig(rotation, n, zstdLevel, chunkRecords, flushInterval, fsyncOnFlush,
                retain, maxBytes, addressBloom);
    }

    public StoreConfig withZstdLevel(int level) {
        return new StoreConfig(rotation, blockRecords, level, chunkRecords, flushInterval,
                fsyncOnFlush, retain, maxBytes, addressBloom);
    }

    public StoreConfig withRetention(Duration age, long bytes) {
        return new StoreConfig(rotation, blockRecords, zstdLevel, chunkRecords, flushInterval,
                fsyncOnFlush, age, bytes, addressBloom);
    }

    public StoreConfig withFsyncOnFlush(boolean fsync) {
        return new StoreConfig(rotation, blockRecords, zstdLevel, chunkRecords, flushInterval,
                fsync, retain, maxBytes, addressBloom);
    }
}
