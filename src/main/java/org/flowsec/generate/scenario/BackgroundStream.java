package org.flowsec.generate.scenario;

import java.util.SplittableRandom;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;

/**
 * The background model's flows in export order, cut by the run's active timeout. The model's clock is
 * the export time of the flow it writes, and its flows last at most its own 120 s timeout, so with a
 * longer active timeout the stream is the model's output as is. With a shorter one, a flow becomes
 * several records, and the earlier ones were exported before the model reaches the flow: a second
 * model with the same seed runs {@link #HORIZON_MILLIS} ahead and queues those earlier records, while
 * the main model hands out each flow's last record when its turn comes. Only the queued records of
 * long flows are held, so memory stays small at any rate.
 *
 * <p>Exactly {@code count} records go out; when the active timeout adds records, the model's last flows
 * are the ones left out.
 */
final class BackgroundStream {
    /** Longest flow the model writes (its active timeout) plus its largest export delay. */
    static final long HORIZON_MILLIS = 120_000 + FlowTable.INACTIVE_TIMEOUT_MS + 1_000;
    private static final int CHUNK = 4096;
    private static final int AHEAD_CHUNK = 256;

    private final RealisticFlowModel main;
    private final RealisticFlowModel ahead;
    private final long activeTimeout;
    private final FlowBatch chunk = new FlowBatch(CHUNK);
    private final FlowBatch aheadChunk = new FlowBatch(AHEAD_CHUNK);
    private final PendingRecords queued = new PendingRecords();
    private final SplittableRandom delays;
    private long left;
    private long mainLeft;
    private long aheadLeft;
    private long chunkBase;
    private int chunkPos;

    BackgroundStream(long seed, long startMillis, double flowsPerSecond, double ipv6Share, long count, long activeTimeout) {
        this.main = new RealisticFlowModel(seed, startMillis, flowsPerSecond, ipv6Share);
        this.activeTimeout = activeTimeout;
        this.left = count;
        this.mainLeft = count;
        boolean splits = activeTimeout <= 120_000;
        this.ahead = splits ? new RealisticFlowModel(seed, startMillis, flowsPerSecond, ipv6Share) : null;
        this.aheadLeft = splits ? count : 0;
        this.delays = new SplittableRandom(seed ^ 0x5CE4_A210_9E37_79B9L);
    }

    boolean hasNext() {
        return left > 0 && (chunkPos < chunk.size() || mainLeft > 0 || !queued.isEmpty());
    }

    /** Export time of the next record; only valid while {@link #hasNext()}. */
    long peekExport() {
        loadMain();
        long e = nextOwnExport();
        if (ahead != null) {
            // every flow the lookahead has not reached ends after e + horizon - 136 s >= e
            while (aheadLeft > 0 && ahead.nowMillis() <= e + HORIZON_MILLIS) {
                advanceAhead();
            }
            e = nextOwnExport();
        }
        return e;
    }

    /** Appends the next record (the one {@link #peekExport()} timed) to {@code out}. */
    void emit(ExportBatch out) {
        long e = peekExport();
        left--;
        if (!queued.isEmpty() && (chunkPos >= chunk.size() || queued.minExport() <= mainExport())) {
            queued.pollInto(out);
            return;
        }
        int row = chunkPos++;
        int n = ActiveTimeoutSplitter.pieces(chunk.get(Field.FIRST, row), chunk.get(Field.LAST, row), activeTimeout);
        if (n > 1) {
            lastPiece(chunk, row, n);
        }
        out.append(chunk, row, e, ExportBatch.BACKGROUND);
    }

    private long nextOwnExport() {
        long m = chunkPos < chunk.size() ? mainExport() : Long.MAX_VALUE;
        return queued.isEmpty() ? m : Math.min(m, queued.minExport());
    }

    private long mainExport() {
        return main.millisAt(chunkBase + chunkPos);
    }

    private void loadMain() {
        if (chunkPos == chunk.size() && mainLeft > 0) {
            chunk.clear();
            chunkBase = main.generated();
            int k = (int) Math.min(CHUNK, mainLeft);
            main.fill(chunk, k);
            mainLeft -= k;
            chunkPos = 0;
        }
    }

    private void advanceAhead() {
        aheadChunk.clear();
        int k = (int) Math.min(AHEAD_CHUNK, aheadLeft);
        ahead.fill(aheadChunk, k);
        aheadLeft -= k;
        for (int r = 0; r < k; r++) {
            long first = aheadChunk.get(Field.FIRST, r);
            long last = aheadChunk.get(Field.LAST, r);
            int n = ActiveTimeoutSplitter.pieces(first, last, activeTimeout);
            for (int p = 0; p < n - 1; p++) {
                long p0 = ActiveTimeoutSplitter.cumulative(aheadChunk.get(Field.PACKETS, r), first, last, p, n, activeTimeout);
                long p1 = ActiveTimeoutSplitter.cumulative(aheadChunk.get(Field.PACKETS, r), first, last, p + 1, n, activeTimeout);
                if (p1 == p0) {
                    continue;
                }
                long pl = ActiveTimeoutSplitter.pieceLast(first, last, p, activeTimeout);
                int q = queued.add(aheadChunk, r, pl + delays.nextInt(1000));
                FlowBatch b = queued.flows();
                long packets = aheadChunk.get(Field.PACKETS, r);
                long bytes = aheadChunk.get(Field.BYTES, r);
                b.set(Field.FIRST, q, ActiveTimeoutSplitter.pieceFirst(first, p, activeTimeout));
                b.set(Field.LAST, q, pl);
                b.set(Field.PACKETS, q, p1 - p0);
                b.set(Field.BYTES, q, bytes * p1 / packets - bytes * p0 / packets);
                b.set(Field.TCP_FLAGS, q, ActiveTimeoutSplitter.flags((int) aheadChunk.get(Field.TCP_FLAGS, r), p, n));
                b.set(Field.END_REASON, q, 2);
                queued.push(q);
            }
        }
    }

    /** Turns a flow into its last record: what is left after the queued ones. */
    private void lastPiece(FlowBatch b, int row, int n) {
        long first = b.get(Field.FIRST, row);
        long last = b.get(Field.LAST, row);
        long packets = b.get(Field.PACKETS, row);
        long bytes = b.get(Field.BYTES, row);
        long p0 = ActiveTimeoutSplitter.cumulative(packets, first, last, n - 1, n, activeTimeout);
        b.set(Field.FIRST, row, ActiveTimeoutSplitter.pieceFirst(first, n - 1, activeTimeout));
        b.set(Field.PACKETS, row, packets - p0);
        b.set(Field.BYTES, row, bytes - bytes * p0 / packets);
        b.set(Field.TCP_FLAGS, row, ActiveTimeoutSplitter.flags((int) b.get(Field.TCP_FLAGS, row), n - 1, n));
    }
}
