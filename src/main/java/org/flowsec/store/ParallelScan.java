package org.flowsec.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;

/**
 * One scan whose blocks are read, checksummed, decoded and handed to a worker function on a small pool of
 * threads, while the calling thread plans the work and consumes the workers' results <em>in scan order</em>
 * (segment by segment, block by block, as {@link StoreReader#scan} delivers them).
 *
 * <p>The calling thread lists the segments, opens each footer, and submits one task per block that may hold
 * matching rows (one per journal). At most {@code 4 x threads} tasks are in flight: beyond that it first
 * consumes the oldest result. So memory stays bounded whatever the store's size, and only the segments of
 * in-flight blocks are open. Each worker thread has its own decoder, batch, read buffer and worker function
 * (from the supplier), so nothing is shared but the open files, read with positional reads.
 */
final class ParallelScan<R> {
    private final StoreReader reader;
    private final long from;
    private final long to;
    private final ScanHints hints;
    private final Supplier<? extends Function<FlowBatch, R>> workers;
    private final Predicate<? super R> consumer;
    /** The spans to read (segment path to blocks; a journal by its path), or null for all. */
    private final java.util.Map<java.nio.file.Path, java.util.BitSet> only;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ThreadLocal<Worker> local = new ThreadLocal<>();
    private final List<Worker> created = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ScanStats stats = new ScanStats();
    private boolean stopped;
    private java.nio.file.Path lastCorrupt;

    ParallelScan(StoreReader reader, long from, long to, ScanHints hints, int threads,
                 Supplier<? extends Function<FlowBatch, R>> workers, Predicate<? super R> consumer,
                 java.util.Map<java.nio.file.Path, java.util.BitSet> only) {
        this.only = only;
        this.reader = reader;
        this.from = from;
        this.to = to;
        this.hints = hints;
        this.workers = workers;
        this.consumer = consumer;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "flowsec-scan-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = Math.max(1, threads) * 4;
    }

    /** A task submitted and not yet consumed, and the segment to close once it is (null if not the last). */
    private record Pending(Future<Output> result, SegmentReader closeAfter, java.nio.file.Path path) {}

    /** What one task produced: the worker's results in order, the rows it read, and a failure if any. */
    private static final class Output {
        final List<Object> results = new ArrayList<>(1);
        long scanned;
        long delivered;
        long bytes;
        boolean blockRead;
        boolean journalRead;
        IOException corrupt;
    }

    /** Per-thread state: decoder projected like the scan, reusable batch and buffer, the worker function. */
    private final class Worker {
        final BlockDecoder decoder = newDecoder();
        final FlowBatch batch = new FlowBatch(1024);
        final Function<FlowBatch, R> function = workers.get();
        byte[] buf = new byte[1 << 16];

        final boolean[] timed = hints.wantedSlots(true);
        final boolean[] untimed = hints.wantedSlots(false);

        /** Keeps the rows overlapping [from, to) (all of a block wholly inside), hands them on, records the result. */
        void deliver(FlowBatch b, boolean whole, Output out) {
            out.scanned += b.size();
            int w = whole ? b.size() : StoreReader.keepInRange(b, from, to);
            if (w > 0) {
                out.delivered += w;
                R r = function.apply(b);
                if (r != null) {
                    out.results.add(r);
                }
            }
        }
    }

    private BlockDecoder newDecoder() {
        BlockDecoder d = new BlockDecoder();
        d.projectCodes(hints.codedSlots());
        return d;
    }

    private Worker worker() {
        Worker w = local.get();
        if (w == null) {
            w = new Worker();
            local.set(w);
            created.add(w);
        }
        return w;
    }

    ScanStats run() throws IOException {
        try {
            List<SegmentFile> files = StoreDirectory.list(reader.root());
            java.util.Set<Long> sealedKeys = new java.util.HashSet<>();
            java.util.Set<java.nio.file.Path> listed = new java.util.HashSet<>();
            for (SegmentFile f : files) {
                if (f.sealed()) {
                    sealedKeys.add(StoreReader.key(f));
                    listed.add(f.path());
                }
            }
            reader.retainRanges(listed);
            for (SegmentFile f : files) {
                if (stopped) {
                    break;
                }
                if (f.sealed()) {
                    planSealed(f);
                } else if (!sealedKeys.contains(StoreReader.key(f)) && (only == null || only.containsKey(f.path()))) {
                    submit(() -> journal(f), null, f.path());
                }
            }
            while (!inFlight.isEmpty()) {
                consumeOldest();
            }
            return stats;
        } finally {
            while (!inFlight.isEmpty()) { // stopped early or failed: let running tasks end before closing files
                Pending p = inFlight.poll();
                try {
                    p.result().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // already failing or stopped: the first error is the one reported
                }
                closeQuietly(p.closeAfter());
            }
            if (pool != null) {
                pool.shutdown();
            }
            synchronized (created) {
                created.forEach(w -> w.decoder.close());
            }
        }
    }

    private void planSealed(SegmentFile f) throws IOException {
        java.util.BitSet selected = null;
        if (only != null) {
            selected = only.get(f.path());
            if (selected == null) {
                if (!only.containsKey(f.journalTwin().path())) {
                    return;
                } // else sealed since its journal was selected: read it whole
            }
        }
        if (reader.knownOutside(f.path(), from, to)) {
            stats.segmentsSkipped++;
            return;
        }
        SegmentReader r;
        try {
            r = SegmentReader.open(f.path(), reader.footers());
        } catch (NoSuchFileException e) {
            return; // deleted by retention after we listed it
        } catch (IOException e) {
            reader.report(f.path(), e, stats);
            return;
        }
        var footer = r.footer();
        reader.rememberRange(f.path(), footer);
        if (footer.records() == 0 || footer.minFirst() >= to || footer.maxLast() < from) {
            r.close();
            return;
        }
        stats.segments++;
        List<Integer> blocks = new ArrayList<>();
        for (int b = 0; b < footer.blocks().size(); b++) {
            if (selected != null && !selected.get(b)) {
                continue;
            }
            if (!footer.blocks().get(b).overlaps(from, to)) {
                stats.blocksSkippedByTime++;
            } else if (hints.hasAddresses() && footer.blooms() != null
                    && !StoreReader.mayHoldAny(footer.blooms().get(b), hints)) {
                stats.blocksSkippedByBloom++;
            } else {
                blocks.add(b);
            }
        }
        if (blocks.isEmpty()) {
            r.close();
            return;
        }
        boolean closing = false;
        try {
            for (int i = 0; i < blocks.size() && !stopped; i++) {
                int b = blocks.get(i);
                boolean last = i == blocks.size() - 1;
                submit(() -> block(r, b), last ? r : null, f.path());
                closing = last && !stopped;
            }
        } finally {
            if (!closing) {
                closeAfterRunning(r);
            }
        }
    }

    /** A segment whose last block was never submitted (the scan stopped): close it once its tasks end. */
    private void closeAfterRunning(SegmentReader r) {
        for (Pending p : inFlight) {
            if (p.path().equals(r.path())) {
                inFlight.remove(p);
                inFlight.add(new Pending(p.result(), r, p.path()));
                return;
            }
        }
        closeQuietly(r);
    }

    private Output block(SegmentReader r, int b) throws IOException {
        Worker w = worker();
        Output out = new Output();
        int len = r.blockLength(b);
        if (w.buf.length < len) {
            w.buf = new byte[Math.max(len, w.buf.length * 2)];
        }
        boolean whole = StoreReader.inside(r.footer().blocks().get(b), r.footer().schema(), from, to);
        w.decoder.project(whole ? w.untimed : w.timed);
        try {
            out.bytes = r.readBlock(b, w.decoder, w.batch, w.buf);
        } catch (IOException e) {
            out.corrupt = e;
            return out;
        }
        out.blockRead = true;
        var meta = r.footer().blocks().get(b);
        w.batch.setTimeBounds(meta.minFirst(), meta.maxLast());
        w.deliver(w.batch, whole, out);
        return out;
    }

    private Output journal(SegmentFile f) throws IOException {
        Worker w = worker();
        Output out = new Output();
        w.decoder.project(w.timed);
        try {
            JournalReader.Result res = JournalReader.read(f, w.decoder, w.batch, b -> {
                w.deliver(b, false, out);
                return true;
            });
            out.journalRead = true;
            out.bytes = res.validBytes();
        } catch (NoSuchFileException e) {
            // sealed and deleted since we listed the directory: the sealed twin now holds the same rows
            SegmentFile twin = f.sealedTwin();
            try (SegmentReader r = SegmentReader.open(twin.path())) {
                for (int b = 0; b < r.footer().blocks().size(); b++) {
                    if (w.buf.length < r.blockLength(b)) {
                        w.buf = new byte[r.blockLength(b)];
                    }
                    out.bytes += r.readBlock(b, w.decoder, w.batch, w.buf);
                    w.deliver(w.batch, false, out);
                }
            } catch (NoSuchFileException gone) {
                // removed by retention as well
            }
        } catch (org.flowsec.store.format.CorruptDataException | java.io.EOFException e) {
            out.corrupt = e;
        }
        return out;
    }

    private interface Task {
        Output run() throws IOException;
    }

    private void submit(Task task, SegmentReader closeAfter, java.nio.file.Path path) throws IOException {
        while (inFlight.size() >= maxInFlight && !stopped) {
            consumeOldest();
        }
        if (stopped) {
            return; // the caller closes a segment whose last block it could not submit
        }
        FutureTask<Output> f = new FutureTask<>(task::run);
        if (pool == null) {
            f.run(); // one thread: run here, in order
        } else {
            pool.execute(f);
        }
        inFlight.add(new Pending(f, closeAfter, path));
        if (pool == null) {
            consumeOldest();
        }
    }

    @SuppressWarnings("unchecked")
    private void consumeOldest() throws IOException {
        Pending p = inFlight.poll();
        Output out;
        try {
            out = p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            throw new java.io.InterruptedIOException("scan interrupted");
        } catch (ExecutionException e) {
            stopped = true;
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            } else if (c instanceof RuntimeException re) {
                throw re;
            } else if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        } finally {
            closeQuietly(p.closeAfter());
        }
        stats.bytesRead += out.bytes;
        stats.recordsScanned += out.scanned;
        stats.recordsDelivered += out.delivered;
        if (out.corrupt != null) {
            if (isJournal(p.path())) {
                reader.report(p.path(), out.corrupt, stats);
            } else {
                stats.corruptBlocks++;
                if (!p.path().equals(lastCorrupt)) { // one report per file, as the sequential scan does
                    reader.report(p.path(), out.corrupt, stats);
                    lastCorrupt = p.path();
                }
            }
        }
        if (out.blockRead) {
            stats.blocksRead++;
        }
        if (out.journalRead) {
            stats.journals++;
        }
        for (Object r : out.results) {
            if (stopped) {
                break;
            }
            if (!consumer.test((R) r)) {
                stopped = true;
            }
        }
    }

    private static boolean isJournal(java.nio.file.Path p) {
        return p.getFileName().toString().endsWith(".fjl");
    }

    private static void closeQuietly(SegmentReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (IOException e) {
                // read-only file: nothing was lost
            }
        }
    }
}
