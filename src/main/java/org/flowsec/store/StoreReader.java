package org.flowsec.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.BatchSource.BatchVisitor;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.CorruptDataException;

/**
 * Read-only access to a store directory, safe to use from any number of threads and processes while a
 * {@link FlowStore} writes: sealed segments never change, and the journal of the segment being written is
 * read up to its last complete chunk. Each scan lists the directory afresh, so it sees the newest data.
 */
public final class StoreReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreReader.class);
    private final Path root;
    private final CorruptionListener listener;
    private final AtomicLong corruptReports = new AtomicLong();
    /** Files already reported to the listener, so a corrupt file does not flood the log on every scan. */
    private final Set<Path> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int MAX_REMEMBERED = 10_000;
    /**
     * Flow-time range (min first, max last) of sealed segments already opened: sealed files never change, so a
     * later scan skips segments outside its range without opening them. Pruned to the files still listed.
     */
    private final java.util.Map<Path, long[]> ranges = new java.util.concurrent.ConcurrentHashMap<>();
    /** Parsed footers of sealed segments, for the several scans of one query (FooterCache). */
    private final FooterCache footers = new FooterCache(32L << 20);

    private StoreReader(Path root, CorruptionListener listener) {
        this.root = root;
        this.listener = listener;
    }

    public static StoreReader open(Path dir) throws IOException {
        return open(dir, CorruptionListener.LOG);
    }

    public static StoreReader open(Path dir, CorruptionListener listener) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a store directory");
        }
        return new StoreReader(dir, listener);
    }

    /** Times this reader met a corrupt file (every scan that meets one counts it; the listener hears of each file once). */
    public long corruptReports() { return corruptReports.get(); }

    /**
     * Feeds {@code visitor} every stored flow whose flow time overlaps [fromMillis, toMillis), that is
     * {@code first < toMillis && last >= fromMillis}, whenever it arrived. Batches come segment by segment,
     * oldest window first; within a sealed block rows are ordered by first. Hints may skip blocks.
     */
    public ScanStats scan(long fromMillis, long toMillis, ScanHints hints, BatchVisitor visitor) throws IOException {
        Scan s = new Scan(fromMillis, toMillis, hints, visitor);
        try (BlockDecoder decoder = new BlockDecoder()) {
            decoder.project(hints.wantedSlots());
            decoder.projectCodes(hints.codedSlots());
            s.decoder = decoder;
            List<SegmentFile> files = StoreDirectory.list(root);
            Set<Long> sealedKeys = new HashSet<>();
            Set<Path> listed = new HashSet<>();
            for (SegmentFile f : files) {
                if (f.sealed()) {
                    sealedKeys.add(key(f));
                    listed.add(f.path());
                }
            }
            ranges.keySet().retainAll(listed);
            for (SegmentFile f : files) {
                if (s.stopped) {
                    break;
                }
                if (f.sealed()) {
                    scanSealed(f, s);
                } else if (!sealedKeys.contains(key(f))) {
                    scanJournal(f, s);
                }
            }
        }
        return s.stats;
    }

    /**
     * Scans like {@link #scan(long, long, ScanHints, BatchVisitor)} on {@code threads} threads: each block's
     * rows overlapping [fromMillis, toMillis) are handed, on a pool thread, to that thread's own function
     * (one per thread, from {@code workers}; the batch is reused once it returns, so a result must not keep
     * it), and the non-null results reach {@code consumer} on the calling thread in scan order, oldest segment
     * first, block by block. The scan stops early when the consumer returns false. {@code threads <= 1} runs
     * everything on the calling thread.
     */
    public <R> ScanStats scan(long fromMillis, long toMillis, ScanHints hints, int threads,
                              java.util.function.Supplier<? extends java.util.function.Function<FlowBatch, R>> workers,
                              java.util.function.Predicate<? super R> consumer) throws IOException {
        return scan(fromMillis, toMillis, hints, threads, workers, consumer, null);
    }

    /**
     * Like {@link #scan(long, long, ScanHints, int, java.util.function.Supplier, java.util.function.Predicate)},
     * reading only the spans in {@code only} (segment path to the blocks wanted; a journal's path with any
     * set), or all when it is null. A segment sealed since the spans were listed is read whole when its journal
     * was selected.
     */
    public <R> ScanStats scan(long fromMillis, long toMillis, ScanHints hints, int threads,
                              java.util.function.Supplier<? extends java.util.function.Function<FlowBatch, R>> workers,
                              java.util.function.Predicate<? super R> consumer,
                              java.util.Map<Path, java.util.BitSet> only) throws IOException {
        return new ParallelScan<R>(this, fromMillis, toMillis, hints, threads, workers, consumer, only).run();
    }

    /**
     * Every span a scan of [fromMillis, toMillis) would read, in scan order: the blocks of sealed segments
     * that overlap it, by their index's flow times, and each journal whole, with the widest bounds. Corrupt
     * files are reported and left out.
     */
    public List<BlockSpan> spans(long fromMillis, long toMillis) throws IOException {
        List<BlockSpan> out = new ArrayList<>();
        List<SegmentFile> files = StoreDirectory.list(root);
        Set<Long> sealedKeys = sealedKeys(files);
        ScanStats stats = new ScanStats();
        for (SegmentFile f : files) {
            if (!f.sealed()) {
                if (!sealedKeys.contains(key(f))) {
                    out.add(new BlockSpan(f.path(), BlockSpan.JOURNAL, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                            Long.MAX_VALUE));
                }
                continue;
            }
            if (knownOutside(f.path(), fromMillis, toMillis)) {
                continue;
            }
            try (SegmentReader r = SegmentReader.open(f.path(), footers)) {
                var footer = r.footer();
                rememberRange(f.path(), footer);
                int cf = column(footer.schema(), Field.FIRST);
                int cl = column(footer.schema(), Field.LAST);
                for (int b = 0; b < footer.blocks().size(); b++) {
                    var meta = footer.blocks().get(b);
                    if (meta.overlaps(fromMillis, toMillis)) {
                        // without the columns' own bounds, the widest the block's range allows
                        long maxFirst = cf >= 0 ? meta.columnMax()[cf] : meta.maxLast();
                        long minLast = cl >= 0 ? meta.columnMin()[cl] : meta.minFirst();
                        out.add(new BlockSpan(f.path(), b, meta.minFirst(), maxFirst, minLast, meta.maxLast()));
                    }
                }
            } catch (NoSuchFileException e) {
                // deleted by retention after we listed it
            } catch (IOException e) {
                report(f.path(), e, stats);
            }
        }
        return out;
    }

    Path root() { return root; }

    FooterCache footers() { return footers; }

    /** The schema's column of {@code field}, or -1. */
    private static int column(org.flowsec.store.format.ColumnSchema schema, Field field) {
        for (int c = 0; c < schema.size(); c++) {
            if (schema.slotOf(c) == field.slot()) {
                return c;
            }
        }
        return -1;
    }

    void retainRanges(Set<Path> listed) {
        ranges.keySet().retainAll(listed);
    }

    /** Whether this reader already knows the sealed segment's flows lie outside [from, to). */
    boolean knownOutside(Path p, long from, long to) {
        long[] known = ranges.get(p);
        return known != null && (known[0] >= to || known[1] < from);
    }

    void rememberRange(Path p, org.flowsec.store.format.SegmentFooter footer) {
        ranges.put(p, footer.records() == 0 ? new long[] {Long.MAX_VALUE, Long.MIN_VALUE}
                : new long[] {footer.minFirst(), footer.maxLast()});
    }

    /**
     * Moves the rows of {@code batch} whose flow time overlaps [from, to) to its front, in order, truncates
     * it to them and returns their count.
     */
    static int keepInRange(FlowBatch batch, long from, long to) {
        int n = batch.size();
        long[] first = batch.slot(Field.FIRST.slot());
        long[] last = batch.slot(Field.LAST.slot());
        int w = 0;
        while (w < n && first[w] < to && last[w] >= from) {
            w++;
        }
        for (int i = w + 1; i < n; i++) {
            if (first[i] < to && last[i] >= from) {
                batch.moveRow(i, w);
                w++;
            }
        }
        batch.truncate(w);
        return w;
    }

    /**
     * Whether every row of the block overlaps [from, to), by the block index's min/max of first and last: then
     * the scan delivers it whole and needs neither column for its time filter.
     */
    static boolean inside(org.flowsec.store.format.BlockMeta m, org.flowsec.store.format.ColumnSchema schema,
                          long from, long to) {
        int cf = column(schema, Field.FIRST);
        int cl = column(schema, Field.LAST);
        return cf >= 0 && cl >= 0 && m.columnMax()[cf] < to && m.columnMin()[cl] >= from;
    }

    /** A BatchSource over one time range, for code that consumes sources (queries). */
    public BatchSource source(long fromMillis, long toMillis, ScanHints hints) {
        return visitor -> scan(fromMillis, toMillis, hints, visitor);
    }

    /** The {@link #key}s of the sealed files among {@code files}: a journal with one of them is read no more. */
    private static Set<Long> sealedKeys(List<SegmentFile> files) {
        Set<Long> keys = new HashSet<>();
        files.stream().filter(SegmentFile::sealed).forEach(f -> keys.add(key(f)));
        return keys;
    }

    static long key(SegmentFile f) {
        return f.windowStartMillis() * 31 + f.seq();
    }

    private void scanSealed(SegmentFile f, Scan s) throws IOException {
        long[] known = ranges.get(f.path());
        if (known != null && (known[0] >= s.to || known[1] < s.from)) {
            s.stats.segmentsSkipped++;
            return;
        }
        SegmentReader r;
        try {
            r = SegmentReader.open(f.path(), footers);
        } catch (NoSuchFileException e) {
            return; // deleted by retention after we listed it
        } catch (IOException e) {
            report(f.path(), e, s);
            return;
        }
        try (r) {
            var footer = r.footer();
            ranges.put(f.path(), footer.records() == 0 ? new long[] {Long.MAX_VALUE, Long.MIN_VALUE}
                    : new long[] {footer.minFirst(), footer.maxLast()});
            if (footer.records() == 0 || footer.minFirst() >= s.to || footer.maxLast() < s.from) {
                return;
            }
            s.stats.segments++;
            boolean reported = false;
            for (int b = 0; b < footer.blocks().size() && !s.stopped; b++) {
                var meta = footer.blocks().get(b);
                if (!meta.overlaps(s.from, s.to)) {
                    s.stats.blocksSkippedByTime++;
                    continue;
                }
                if (s.hints.hasAddresses() && footer.blooms() != null && !mayHoldAny(footer.blooms().get(b), s.hints)) {
                    s.stats.blocksSkippedByBloom++;
                    continue;
                }
                boolean whole = inside(meta, footer.schema(), s.from, s.to);
                s.decoder.project(s.hints.wantedSlots(!whole));
                try {
                    s.stats.bytesRead += r.readBlock(b, s.decoder, s.batch);
                } catch (IOException e) {
                    s.stats.corruptBlocks++;
                    if (!reported) {
                        report(f.path(), e, s);
                        reported = true;
                    }
                    continue;
                }
                s.stats.blocksRead++;
                s.deliver(whole);
            }
        }
    }

    static boolean mayHoldAny(long[] bloom, ScanHints hints) {
        long[] a = hints.addresses();
        for (int i = 0; i < a.length; i += 2) {
            if (org.flowsec.store.format.AddressBloom.mightContain(bloom, a[i], a[i + 1])) {
                return true;
            }
        }
        return false;
    }

    private void scanJournal(SegmentFile f, Scan s) throws IOException {
        try {
            s.decoder.project(s.hints.wantedSlots(true));
            JournalReader.Result res = JournalReader.read(f, s.decoder, s.batch, batch -> s.deliver(false));
            s.stats.journals++;
            s.stats.bytesRead += res.validBytes();
        } catch (NoSuchFileException e) {
            // sealed and deleted since we listed the directory: the sealed twin now holds the same rows
            if (Files.exists(f.sealedTwin().path())) {
                scanSealed(f.sealedTwin(), s);
            }
        } catch (CorruptDataException | java.io.EOFException e) {
            report(f.path(), e, s);
        }
    }

    /** Counts every meeting with a corrupt file; tells the listener once per file and reader. */
    private void report(Path p, IOException e, Scan s) {
        report(p, e, s.stats);
    }

    void report(Path p, IOException e, ScanStats stats) {
        stats.corruptFiles++;
        corruptReports.incrementAndGet();
        if (reported.size() >= MAX_REMEMBERED) {
            reported.clear();
        }
        if (reported.add(p)) {
            listener.corrupt(p, e.getMessage());
        }
    }

    /**
     * The address totals of a sealed segment whose every flow overlaps [fromMillis, toMillis) (by its blocks'
     * bounds of first and last): {source, destination}, null where a side is absent. Null when the path
     * is not a sealed segment, the segment has no totals, a flow of it may lie outside the range, or it has
     * gone (retention); damaged totals are logged and give null too, so the caller scans the segment (and meets
     * any other damage there, block by block).
     */
    public org.flowsec.flow.AddressTotals[] addressTotals(Path segment, long fromMillis, long toMillis) throws IOException {
        return addressTotals(segment, fromMillis, toMillis, true, true);
    }

    /** {@link #addressTotals(Path, long, long)} reading only the sides asked for (the others null). */
    public org.flowsec.flow.AddressTotals[] addressTotals(Path segment, long fromMillis, long toMillis, boolean source,
                                                          boolean destination) throws IOException {
        if (!segment.getFileName().toString().endsWith(SegmentFile.SEALED_SUFFIX)) {
            return null;
        }
        try (SegmentReader r = SegmentReader.open(segment, footers)) {
            var ft = r.footer();
            if (ft.totals() == null || ft.records() == 0) {
                return null;
            }
            // by each block's bounds of first and of last, not the segment's earliest first and latest last: a
            // flow an exporter sent ending before it started lies outside a window its start is in
            for (var block : ft.blocks()) {
                if (!inside(block, ft.schema(), fromMillis, toMillis)) {
                    return null;
                }
            }
            return r.readTotals(source, destination);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // the rows are still there and checked block by block when scanned: say so, without calling the file skipped
            LOG.warn("{}: address totals unreadable ({}); its rows are scanned instead", segment, e.getMessage());
            return null;
        }
    }

    /** Lists every readable segment and journal, oldest first; corrupt files are reported and left out. */
    public List<SegmentInfo> segments() throws IOException {
        List<SegmentInfo> out = new ArrayList<>();
        List<SegmentFile> files = StoreDirectory.list(root);
        Set<Long> sealedKeys = sealedKeys(files);
        Scan s = new Scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> true);
        try (BlockDecoder decoder = new BlockDecoder()) {
            for (SegmentFile f : files) {
                try {
                    if (f.sealed()) {
                        try (SegmentReader r = SegmentReader.open(f.path(), footers)) {
                            var ft = r.footer();
                            out.add(new SegmentInfo(f.path(), ft.windowStartMillis(), ft.seq(), true, ft.minFirst(),
                                    ft.maxLast(), ft.records(), ft.blocks().size(), r.size()));
                        }
                    } else if (!sealedKeys.contains(key(f))) {
                        out.add(journalInfo(f, decoder));
                    }
                } catch (NoSuchFileException e) {
                    // removed while listing
                } catch (IOException e) {
                    report(f.path(), e, s);
                }
            }
        }
        return out;
    }

    private static SegmentInfo journalInfo(SegmentFile f, BlockDecoder decoder) throws IOException {
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        int[] chunks = {0};
        JournalReader.Result r = JournalReader.read(f, decoder, new FlowBatch(1024), b -> {
            long[] first = b.slot(Field.FIRST.slot());
            long[] last = b.slot(Field.LAST.slot());
            for (int i = 0; i < b.size(); i++) {
                range[0] = Math.min(range[0], first[i]);
                range[1] = Math.max(range[1], last[i]);
            }
            chunks[0]++;
            return true;
        });
        boolean empty = r.records() == 0;
        return new SegmentInfo(f.path(), f.windowStartMillis(), f.seq(), false, empty ? 0 : range[0],
                empty ? 0 : range[1], r.records(), chunks[0], Files.size(f.path()));
    }

    /** State of one scan: reusable batch and decoder, counters, and the row filter by flow time. */
    private static final class Scan {
        final long from;
        final long to;
        final ScanHints hints;
        final BatchVisitor visitor;
        final ScanStats stats = new ScanStats();
        final FlowBatch batch = new FlowBatch(1024);
        BlockDecoder decoder;
        boolean stopped;

        Scan(long from, long to, ScanHints hints, BatchVisitor visitor) {
            this.from = from;
            this.to = to;
            this.hints = hints;
            this.visitor = visitor;
        }

        /** Filters the decoded batch in place to the rows overlapping [from, to) and hands it on. */
        boolean deliver(boolean whole) throws IOException {
            stats.recordsScanned += batch.size();
            int w = whole ? batch.size() : keepInRange(batch, from, to);
            if (w > 0) {
                stats.recordsDelivered += w;
                if (!visitor.visit(batch)) {
                    stopped = true;
                }
            }
            return !stopped;
        }
    }
}
