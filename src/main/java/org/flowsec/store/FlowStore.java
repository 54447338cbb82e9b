package org.flowsec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.base.Clock;
import org.flowsec.base.ThreadNiceness;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;
import org.flowsec.store.format.ByteSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow store's writer: a FlowSink that appends to the journal of the current time window and seals
 * it into a columnar segment when the window ends (by arrival time, from the injected Clock).
 *
 * <p>One thread calls accept/flush/close. Rows are copied into a pending chunk; a chunk is handed over when
 * it fills, on flush(), and at least every {@code flushInterval} while flows arrive. One of the encoder
 * threads ({@link ChunkEncoders}) encodes it, and the writer thread appends it to the journal (one write, so it
 * reaches the page cache and survives kill -9), in the order the chunks were handed over. Encoding is most of
 * the store's CPU: on their own threads, several chunks are encoded at once beside the copying of the next
 * one, and at most {@link #chunksInFlight} chunks wait before accept() does (the back-pressure that bounds
 * memory). flush() returns once everything accepted before it is in the journal. Sealing runs on one more
 * background thread so a large window never stalls either.
 * Only one FlowStore may write a directory (a file lock enforces it); any number of {@link StoreReader}s may
 * read it meanwhile.
 *
 * <p>I/O failures while appending are counted ({@link StoreStats}) and logged with the records lost, and the
 * next flush() throws one as UncheckedIOException: the caller decides whether to retry or stop; the journal
 * written so far stays recoverable.
 */
public final class FlowStore implements FlowSink {
    private static final Logger LOG = LoggerFactory.getLogger(FlowStore.class);
    static final String LOCK_FILE = ".flowsec-store.lock";
    private static final long NO_WINDOW = Long.MIN_VALUE;
    /**
     * Nice values of the encoders and the writer, and of the sealer. What waits for them is bounded and counted
     * (chunks in flight, then the collector's queues), while a receive thread kept off the CPU for longer than its
     * socket buffer lasts (84 ms of a 4 MiB buffer at 1M flows/s) loses datagrams for good: on a machine short of
     * CPU, receiving (nice -10, or 0 where raising it is not permitted) goes first, encoding next, sealing last.
     */
    static final int WRITER_NICE = 4;
    static final int SEALER_NICE = 10;

    private final Path root;
    private final StoreConfig config;
    private final Clock clock;
    private final CorruptionListener listener;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ExecutorService sealer;
    /** Appends encoded chunks, in order; the only thread that touches {@link #journal}. */
    private final ExecutorService writer;
    /** Encode chunks, several at once, with encoders made once with the store (see {@link ChunkEncoder}). */
    private final ChunkEncoders encoders;
    /** Chunks handed over and not yet appended, at most: one being encoded per encoder and one more waiting. */
    private final int chunksInFlight;
    /** Empty chunks for accept() to fill; the writer gives each back once appended. */
    private final BlockingQueue<Chunk> freeChunks;
    private Chunk pending;
    /** Writer thread: the open journal and its window (meaningful while journal != null). */
    private JournalWriter journal;
    private long journalWindow;
    /** Caller thread: the window of the journal the writer has open once it did what it was handed. */
    private long handedWindow = NO_WINDOW;
    /** Arrival window of the rows in pending; meaningful while pending is not empty. */
    private long pendingWindow;
    private long lastFlush;
    private boolean closed;
    /** A failure the writer met, for the caller's next flush to report. */
    private volatile IOException writeFailure;

    final AtomicLong accepted = new AtomicLong();
    final AtomicLong chunks = new AtomicLong();
    final AtomicLong journalBytes = new AtomicLong();
    final AtomicLong sealed = new AtomicLong();
    final AtomicLong sealedRecords = new AtomicLong();
    final AtomicLong sealedBytes = new AtomicLong();
    final AtomicLong recovered = new AtomicLong();
    final AtomicLong recoveredRecords = new AtomicLong();
    final AtomicLong tornBytes = new AtomicLong();
    final AtomicLong corrupt = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong deletedBytes = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    private FlowStore(Path root, StoreConfig config, Clock clock, CorruptionListener listener,
                      FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.lockChannel = lockChannel;
        this.lock = lock;
        // full-size chunks from the start: grown under the first load instead, they were some 80 MB of large arrays
        // allocated within a second, and the garbage collections that copied them paused the collector for 15-30 ms
        // each, longer than the socket buffer lasts during a burst
        this.encoders = new ChunkEncoders(config, ChunkEncoders.DEFAULT_THREADS, WRITER_NICE);
        this.chunksInFlight = encoders.count() + 1;
        this.freeChunks = new ArrayBlockingQueue<>(chunksInFlight + 1);
        for (int i = 0; i < chunksInFlight; i++) {
            freeChunks.add(new Chunk(config));
        }
        this.pending = new Chunk(config);
        this.sealer = daemonThread("flowsec-store-sealer", SEALER_NICE);
        this.writer = daemonThread("flowsec-store-writer", WRITER_NICE);
    }

    /** The rows of one journal chunk and, once encoded, its bytes: each chunk has its own, so several can be in flight. */
    private record Chunk(FlowBatch rows, ByteSink bytes) {
        Chunk(StoreConfig config) {
            this(new FlowBatch(config.chunkRecords()), new ByteSink(ChunkEncoder.expectedBytes(config)));
        }
    }

    private static ExecutorService daemonThread(String name, int nice) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                ThreadNiceness.lowerCurrent(nice);
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (creating) a store directory for writing: takes the writer lock, recovers leftover journals, applies retention. */
    public static FlowStore open(Path dir, StoreConfig config, Clock clock) throws IOException {
        return open(dir, config, clock, CorruptionListener.LOG);
    }

    public static FlowStore open(Path dir, StoreConfig config, Clock clock, CorruptionListener listener)
            throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("another flowsec writer holds " + dir.resolve(LOCK_FILE) + "; stop it first");
        }
        FlowStore s = new FlowStore(dir, config, clock, listener, ch, lock);
        try {
            s.recover();
            s.applyRetention();
        } catch (IOException | RuntimeException e) {
            s.releaseLock();
            s.sealer.shutdownNow();
            s.writer.shutdownNow();
            s.encoders.close(); // they never ran
            throw e;
        }
        return s;
    }

    /** Seals every journal a previous run left (after a crash: its valid prefix) and drops stale temp files. */
    private void recover() throws IOException {
        for (Path tmp : StoreDirectory.tmpFiles(root)) {
            Files.deleteIfExists(tmp);
        }
        for (SegmentFile f : StoreDirectory.list(root)) {
            if (!f.sealed()) {
                Sealer.Outcome o = Sealer.seal(f, config, clock.millis(), listener);
                count(o);
                if (o.info() != null) {
                    recovered.incrementAndGet();
                    recoveredRecords.addAndGet(o.info().records());
                    LOG.info("recovered journal {} into {} ({} records)", f.path(), o.info().path(), o.info().records());
                }
            }
        }
    }

    private void count(Sealer.Outcome o) {
        tornBytes.addAndGet(o.tornBytes());
        if (o.corrupt()) {
            corrupt.incrementAndGet();
        }
        if (o.info() != null) {
            sealed.incrementAndGet();
            sealedRecords.addAndGet(o.info().records());
            sealedBytes.addAndGet(o.info().bytes());
        }
    }

    private void applyRetention() throws IOException {
        Retention.Outcome r = Retention.run(root, config, clock.millis());
        deleted.addAndGet(r.segments());
        deletedBytes.addAndGet(r.bytes());
    }

    @Override
    public void accept(FlowBatch batch) {
        ensureOpen();
        long now = clock.millis();
        rotateIfDue(now);
        if (pending.rows().isEmpty()) {
            pendingWindow = window(now);
        }
        int from = 0;
        while (from < batch.size()) {
            int n = Math.min(batch.size() - from, config.chunkRecords() - pending.rows().size());
            pending.rows().appendRange(batch, from, from + n);
            from += n;
            if (pending.rows().size() >= config.chunkRecords()) {
                writeChunk(now);
            }
        }
        accepted.addAndGet(batch.size());
        if (now - lastFlush >= config.flushInterval().toMillis()) {
            writeChunk(now);
        }
    }

    /** Appends pending rows to the journal (readers see them from now on) and rotates if the window ended. */
    @Override
    public void flush() {
        ensureOpen();
        long now = clock.millis();
        rotateIfDue(now);
        writeChunk(now);
        awaitWriter();
        reportWriteFailure();
    }

    /** Returns once the writer has done everything handed to it so far. */
    private void awaitWriter() {
        try {
            writer.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void reportWriteFailure() {
        IOException f = writeFailure;
        if (f != null) {
            writeFailure = null;
            throw new UncheckedIOException(f);
        }
    }

    private long window(long now) {
        long rot = config.rotation().toMillis();
        return Math.floorDiv(now, rot) * rot;
    }

    /** Writes rows of an ended window to that window's journal, then hands an ended journal to the sealer. */
    private void rotateIfDue(long now) {
        long w = window(now);
        if (!pending.rows().isEmpty() && pendingWindow != w) {
            writeChunk(now);
        }
        if (handedWindow != NO_WINDOW && handedWindow != w) {
            handedWindow = NO_WINDOW;
            writer.execute(this::rotate);
        }
    }

    /** Writer thread: closes the open journal and hands it to the sealer. */
    private void rotate() {
        JournalWriter j = journal;
        if (j == null) {
            return;
        }
        journal = null;
        closeQuietly(j);
        sealer.execute(() -> sealInBackground(j.file()));
    }

    private void sealInBackground(SegmentFile f) {
        try {
            count(Sealer.seal(f, config, clock.millis(), listener));
            applyRetention();
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            LOG.error("sealing {} failed; the journal stays and the next open retries: {}", f.path(), e.toString());
        }
    }

    /** Hands the pending rows to an encoder and the writer (if any) and goes on with an empty chunk. */
    private void writeChunk(long now) {
        lastFlush = now;
        if (pending.rows().isEmpty()) {
            return;
        }
        Chunk chunk = pending;
        long window = pendingWindow;
        pending = takeFreeChunk();
        handedWindow = window;
        Future<?> encoded = encoders.encode(chunk.rows(), chunk.bytes());
        writer.execute(() -> append(chunk, encoded, window, now));
    }

    private Chunk takeFreeChunk() {
        try {
            return freeChunks.take(); // waits while chunksInFlight chunks are being encoded or appended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // go on with a new chunk; the pool then holds one too many, and the writer's offer drops the surplus
            return new Chunk(config);
        }
    }

    /**
     * Writer thread: waits until the chunk is encoded, then appends it to its window's journal, opening (and
     * rotating to) it as needed.
     */
    private void append(Chunk chunk, Future<?> encoded, long window, long now) {
        int rows = chunk.rows().size();
        try {
            awaitEncoded(encoded);
            if (journal != null && journalWindow != window) {
                rotate();
            }
            if (journal == null) {
                journalWindow = window;
                journal = JournalWriter.create(SegmentFile.of(root, window, nextSeq(window), false), now, config);
            }
            long before = journal.bytes();
            journal.append(chunk.bytes(), rows);
            chunks.incrementAndGet();
            journalBytes.addAndGet(journal.bytes() - before);
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            LOG.error("appending to the journal failed, {} records lost: {}", rows, e.toString());
            writeFailure = e instanceof IOException io ? io : new IOException(e);
        } finally {
            chunk.rows().clear(); // its bytes are reset by the next encoding
            freeChunks.offer(chunk);
        }
    }

    /** Waits for an encoder to finish a chunk; its failure is rethrown as is (an unchecked one) or wrapped. */
    private static void awaitEncoded(Future<?> encoded) throws IOException {
        try {
            encoded.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("encoding a chunk failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a chunk was being encoded", e);
        }
    }

    /** One more than the highest seq any file of this window has, so a restart never reuses a name. */
    private int nextSeq(long window) throws IOException {
        Path dir = SegmentFile.of(root, window, 0, true).path().getParent();
        int max = -1;
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String name = p.getFileName().toString();
                    SegmentFile f = SegmentFile.parse(name.endsWith(".tmp") || name.endsWith(".corrupt")
                            ? p.resolveSibling(name.substring(0, name.lastIndexOf('.'))) : p);
                    if (f != null && f.windowStartMillis() == window) {
                        max = Math.max(max, f.seq());
                    }
                }
            }
        }
        return max + 1;
    }

    public StoreStats stats() {
        return new StoreStats(accepted.get(), chunks.get(), journalBytes.get(), sealed.get(), sealedRecords.get(),
                sealedBytes.get(), recovered.get(), recoveredRecords.get(), tornBytes.get(), corrupt.get(),
                deleted.get(), deletedBytes.get(), errors.get());
    }

    public Path directory() { return root; }

    /** Waits until every rotation handed to the background sealer so far is sealed (tests, orderly shutdown). */
    void awaitSealing() throws InterruptedException {
        awaitWriter(); // rotations reach the sealer through the writer
        try {
            sealer.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store " + root + " is closed");
        }
    }

    /** Writes pending rows, seals the current journal, waits for sealing to finish and releases the lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            writeChunk(clock.millis());
            writer.execute(this::rotate);
        } finally {
            closed = true;
            if (finish(writer, "the journal writer did not finish in time") && !encoders.finish()) {
                LOG.warn("the chunk encoders did not finish in time");
            }
            finish(sealer, "sealing did not finish in time; the next open recovers the journal");
            releaseLock();
        }
    }

    /**
     * Lets the executor finish what it was given (at most 10 minutes), logging {@code late} if it does not.
     *
     * @return whether it finished
     */
    private static boolean finish(ExecutorService executor, String late) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(10, TimeUnit.MINUTES)) {
                return true;
            }
            LOG.warn(late);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("releasing the store lock: {}", e.toString());
        }
    }

    private static void closeQuietly(JournalWriter j) {
        try {
            j.close();
        } catch (IOException e) {
            LOG.warn("closing journal {}: {}", j.file().path(), e.toString());
        }
    }
}
