package org.flowsec.store;

/** What one scan did; returned by {@link StoreReader#scan} and filled while it runs. */
public final class ScanStats {
    long segments;
    long segmentsSkipped;
    long journals;
    long blocksRead;
    long blocksSkippedByTime;
    long blocksSkippedByBloom;
    long recordsScanned;
    long recordsDelivered;
    long corruptFiles;
    long corruptBlocks;
    long bytesRead;
    long segmentsSummed;

    /** Sealed segments whose footer was read (their time range overlapped the scan). */
    public long segments() { return segments; }

    /** Sealed segments skipped unopened because this reader already knew their time range lies outside. */
    public long segmentsSkipped() { return segmentsSkipped; }

    /** Journals of segments still being written (or not yet sealed) that were read. */
    public long journals() { return journals; }

    public long blocksRead() { return blocksRead; }

    public long blocksSkippedByTime() { return blocksSkippedByTime; }

    public long blocksSkippedByBloom() { return blocksSkippedByBloom; }

    /** Rows decoded. */
    public long recordsScanned() { return recordsScanned; }

    /** Rows handed to the visitor (those whose flow time overlaps the range). */
    public long recordsDelivered() { return recordsDelivered; }

    /** Files reported to the CorruptionListener and skipped (wholly or from the bad block on). */
    public long corruptFiles() { return corruptFiles; }

    /** Blocks whose checksum or encoding failed; the rest of their file was still read. */
    public long corruptBlocks() { return corruptBlocks; }

    public long bytesRead() { return bytesRead; }

    /** Sealed segments whose stored address totals stood in for their rows (a ranking by address). */
    public long segmentsSummed() { return segmentsSummed; }

    /** Counts {@code n} more segments answered from their address totals. */
    public void addSegmentsSummed(long n) { segmentsSummed += n; }

    /**
     * Adds the reading work of {@code again}, a scan that read some of this scan's blocks a second time:
     * blocks, rows and bytes read (what it matched and skipped was counted the first time).
     */
    public void addRereads(ScanStats again) {
        blocksRead += again.blocksRead;
        journals += again.journals;
        recordsScanned += again.recordsScanned;
        bytesRead += again.bytesRead;
    }

    @Override
    public String toString() {
        return "segments=" + segments + " segmentsSkipped=" + segmentsSkipped + " journals=" + journals
                + " blocksRead=" + blocksRead
                + " skippedByTime=" + blocksSkippedByTime + " skippedByBloom=" + blocksSkippedByBloom
                + " scanned=" + recordsScanned + " delivered=" + recordsDelivered + " corruptFiles=" + corruptFiles
                + " corruptBlocks=" + corruptBlocks + " bytesRead=" + bytesRead + " segmentsSummed=" + segmentsSummed;
    }
}
