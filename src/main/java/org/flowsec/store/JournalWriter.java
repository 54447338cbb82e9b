package org.flowsec.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.AddressBloom;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.BlockMeta;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;
import org.flowsec.store.format.FileHeader;
import org.flowsec.store.format.JournalChunk;

/**
 * Appends chunks to the journal of the segment being written. Each chunk goes out in one write call, so
 * once {@link #append} returns it is in the page cache and survives a kill -9 of this process (and, with
 * fsync, a power loss). A chunk is a finished sealed block with its statistics and Bloom filter: at high
 * rates chunks are full blocks, and sealing copies them instead of encoding every row twice.
 */
final class JournalWriter implements AutoCloseable {
    private final SegmentFile file;
    private final FileChannel channel;
    private final BlockEncoder encoder;
    private final AddressBloom bloom;
    private final ByteSink buf = new ByteSink(1 << 16);
    private final ByteSink block = new ByteSink(1 << 16);
    private final ByteSink meta = new ByteSink(1 << 12);
    private final boolean fsync;
    private long bytes;
    private long records;

    private JournalWriter(SegmentFile file, FileChannel channel, int zstdLevel, boolean withBloom, boolean fsync) {
        this.file = file;
        this.channel = channel;
        this.encoder = new BlockEncoder(zstdLevel);
        this.bloom = withBloom ? new AddressBloom() : null;
        this.fsync = fsync;
    }

    /** Creates a new journal (never overwrites) and writes and syncs its header and schema. */
    static JournalWriter create(SegmentFile file, long createdMillis, StoreConfig config) throws IOException {
        java.nio.file.Files.createDirectories(file.path().getParent());
        FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        JournalWriter w = new JournalWriter(file, ch, config.zstdLevel(), config.addressBloom(), config.fsyncOnFlush());
        try {
            ByteSink head = w.buf;
            new FileHeader(FileHeader.Kind.JOURNAL, file.windowStartMillis(), file.seq(), createdMillis).write(head);
            int lenAt = head.reserve(4);
            head.skip(4);
            ColumnSchema.CURRENT.write(head);
            int schemaLen = head.size() - lenAt - 4;
            head.putIntAt(lenAt, schemaLen);
            CRC32C crc = new CRC32C();
            crc.update(head.array(), lenAt + 4, schemaLen);
            head.putInt((int) crc.getValue());
            w.writeBuffer();
            ch.force(true);
            StoreDirectory.syncDirectory(file.path().getParent());
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    SegmentFile file() { return file; }

    long bytes() { return bytes; }

    long records() { return records; }

    /** Appends the rows of {@code rows} as one chunk. */
    void append(FlowBatch rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        block.reset();
        BlockMeta stats = encoder.encode(rows, true, block);
        long[] words = bloom == null ? null : bloom.build(rows, rows.size());
        buf.reset();
        int at = buf.reserve(JournalChunk.HEADER);
        buf.skip(JournalChunk.HEADER);
        ByteSink m = meta;
        m.reset();
        stats.writeStats(m);
        m.putVarLong(words == null ? 0 : words.length);
        if (words != null) {
            for (long w : words) {
                m.putLong(w);
            }
        }
        buf.putVarLong(m.size());
        buf.putSink(m);
        buf.putSink(block);
        JournalChunk.writeHeader(buf, at, rows.size());
        writeBuffer();
        if (fsync) {
            channel.force(false);
        }
        records += rows.size();
    }

    private void writeBuffer() throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.size());
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        bytes += buf.size();
        buf.reset();
    }

    @Override
    public void close() throws IOException {
        try {
            encoder.close();
        } finally {
            channel.close();
        }
    }
}
