package org.flowsec.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.AddressBloom;
import org.flowsec.store.format.AddressTotalsFormat;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.BlockMeta;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;
import org.flowsec.store.format.CorruptDataException;
import org.flowsec.store.format.FileHeader;
import org.flowsec.store.format.SegmentFooter;
import org.flowsec.store.format.SegmentTrailer;

/**
 * Writes one sealed segment: header, blocks of {@code blockRecords} rows sorted by first, the segment's
 * address totals (flows, packets and bytes per source and per destination address), footer, trailer.
 * Everything goes to {@code .fsg.tmp}; {@link #finish} forces the file, renames it atomically to its final
 * name and syncs the directory, so a reader sees either no segment or a whole one.
 */
final class SegmentWriter implements AutoCloseable {
    private final SegmentFile target;
    private final StoreConfig config;
    private final long createdMillis;
    private final FileChannel channel;
    private final BlockEncoder encoder;
    private final AddressBloom bloom = new AddressBloom();
    private final FlowBatch pending;
    private final ByteSink buf = new ByteSink(1 << 20);
    private final List<BlockMeta> blocks = new ArrayList<>();
    private final List<long[]> blooms = new ArrayList<>();
    private final AddressTotalsBuilder sources = new AddressTotalsBuilder(Field.SRC_ADDR);
    private final AddressTotalsBuilder destinations = new AddressTotalsBuilder(Field.DST_ADDR);
    /** Decodes the columns the totals need from blocks encoded elsewhere (journal chunks copied as they are). */
    private BlockDecoder totalsDecoder;
    private FlowBatch totalsRows;
    private long position;
    private long records;
    private long minFirst = Long.MAX_VALUE;
    private long maxLast = Long.MIN_VALUE;
    private boolean done;

    private SegmentWriter(SegmentFile target, StoreConfig config, long createdMillis, FileChannel channel) {
        this.target = target;
        this.config = config;
        this.createdMillis = createdMillis;
        this.channel = channel;
        this.encoder = new BlockEncoder(config.zstdLevel());
        this.pending = new FlowBatch(config.blockRecords());
    }

    static SegmentWriter create(SegmentFile target, StoreConfig config, long createdMillis) throws IOException {
        Files.createDirectories(target.path().getParent());
        FileChannel ch = FileChannel.open(target.tmpPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        SegmentWriter w = new SegmentWriter(target, config, createdMillis, ch);
        new FileHeader(FileHeader.Kind.SEGMENT, target.windowStartMillis(), target.seq(), createdMillis).write(w.buf);
        w.writeBuffer();
        return w;
    }

    /** Copies the rows of {@code batch}; full blocks are encoded and written as they fill. */
    void add(FlowBatch batch) throws IOException {
        int from = 0;
        while (from < batch.size()) {
            int n = Math.min(batch.size() - from, config.blockRecords() - pending.size());
            pending.appendRange(batch, from, from + n);
            from += n;
            if (pending.size() == config.blockRecords()) {
                writeBlock();
            }
        }
    }

    long records() { return records + pending.size(); }

    /** Encodes and writes the rows waiting for a block (if any) as a block, short as it may be. */
    void flushPending() throws IOException {
        writeBlock();
    }

    /** Appends a block encoded elsewhere (a journal chunk) with its statistics and Bloom filter. */
    void addEncoded(BlockMeta stats, long[] bloomWords, byte[] b, int off, int len) throws IOException {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("rows are pending; an encoded block would reorder them");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        blocks.add(new BlockMeta(position, len, (int) crc.getValue(), stats.records(), stats.minFirst(),
                stats.maxLast(), stats.columnMin(), stats.columnMax()));
        if (config.addressBloom()) {
            blooms.add(bloomWords);
        }
        records += stats.records();
        minFirst = Math.min(minFirst, stats.minFirst());
        maxLast = Math.max(maxLast, stats.maxLast());
        addToTotals(b, off, len, stats.records());
        buf.putBytes(b, off, len);
        writeBuffer();
    }

    private void writeBlock() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        sources.add(pending);
        destinations.add(pending);
        BlockMeta m = encoder.encode(pending, true, buf);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.size());
        blocks.add(new BlockMeta(position, buf.size(), (int) crc.getValue(), m.records(), m.minFirst(), m.maxLast(),
                m.columnMin(), m.columnMax()));
        if (config.addressBloom()) {
            blooms.add(bloom.build(pending, pending.size()));
        }
        records += m.records();
        minFirst = Math.min(minFirst, m.minFirst());
        maxLast = Math.max(maxLast, m.maxLast());
        pending.clear();
        writeBuffer();
    }

    /** Sums a block encoded elsewhere (current schema) into the address totals: it decodes only their columns. */
    private void addToTotals(byte[] b, int off, int len, int rows) throws CorruptDataException {
        if (sources.gaveUp() && destinations.gaveUp()) {
            return;
        }
        if (totalsDecoder == null) {
            boolean[] slots = new boolean[Field.SLOTS];
            boolean[] coded = new boolean[Field.SLOTS];
            for (Field f : List.of(Field.SRC_ADDR, Field.DST_ADDR)) {
                slots[f.slot()] = slots[f.slot() + 1] = true;
                coded[f.slot() + 1] = true;
            }
            for (Field f : List.of(Field.PACKETS, Field.BYTES, Field.FIRST, Field.LAST)) {
                slots[f.slot()] = true;
            }
            totalsDecoder = new BlockDecoder();
            totalsDecoder.project(slots);
            totalsDecoder.projectCodes(coded);
            totalsRows = new FlowBatch(rows);
        }
        totalsDecoder.decode(ColumnSchema.CURRENT, b, off, len, rows, totalsRows);
        sources.add(totalsRows);
        destinations.add(totalsRows);
    }

    /** Writes the last block, the address totals, footer and trailer, then publishes the file under its final name. */
    SegmentInfo finish() throws IOException {
        writeBlock();
        AddressTotalsFormat.Ref totals = writeTotals();
        long footerOffset = position;
        boolean empty = records == 0;
        new SegmentFooter(target.windowStartMillis(), target.seq(), createdMillis, records,
                empty ? 0 : minFirst, empty ? 0 : maxLast, ColumnSchema.CURRENT, blocks,
                config.addressBloom() ? blooms : null, totals).write(buf);
        int footerLen = buf.size();
        SegmentTrailer.of(footerOffset, buf.array(), footerLen).write(buf);
        writeBuffer();
        channel.force(true);
        channel.close();
        Files.move(target.tmpPath(), target.path(), StandardCopyOption.ATOMIC_MOVE);
        StoreDirectory.syncDirectory(target.path().getParent());
        done = true;
        closeCodecs();
        return new SegmentInfo(target.path(), target.windowStartMillis(), target.seq(), true,
                empty ? 0 : minFirst, empty ? 0 : maxLast, records, blocks.size(), position);
    }

    /** Writes the totals frame at the current position; null when neither side could be kept. */
    private AddressTotalsFormat.Ref writeTotals() throws IOException {
        var src = sources.build();
        var dst = destinations.build();
        if (src == null && dst == null) {
            return null;
        }
        ByteSink raw = AddressTotalsFormat.raw(src, dst);
        byte[] frame = AddressTotalsFormat.compress(raw, TOTALS_ZSTD_LEVEL);
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, frame.length);
        AddressTotalsFormat.Ref ref = new AddressTotalsFormat.Ref(position, frame.length, (int) crc.getValue(),
                raw.size());
        buf.putBytes(frame, 0, frame.length);
        writeBuffer();
        return ref;
    }

    /** Levels 9 and 15 made the frame no smaller on realistic flows (StoreFootprint), and cost more time. */
    private static final int TOTALS_ZSTD_LEVEL = 3;

    private void closeCodecs() {
        encoder.close();
        if (totalsDecoder != null) {
            totalsDecoder.close();
        }
    }

    private void writeBuffer() throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.size());
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        position += buf.size();
        buf.reset();
    }

    /** Abandons an unfinished segment: closes and deletes the temp file. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        closeCodecs();
        channel.close();
        Files.deleteIfExists(target.tmpPath());
    }
}
