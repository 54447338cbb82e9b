package org.flowsec.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;
import org.flowsec.store.format.FileHeader;

/**
 * Appends chunks to the journal of the segment being written. Each chunk goes out in one write call, so
 * once {@link #append} returns it is in the page cache and survives a kill -9 of this process (and, with
 * fsync, a power loss). A chunk is a finished sealed block with its statistics and Bloom filter: at high
 * rates chunks are full blocks, and sealing copies them instead of encoding every row twice.
 */
final class JournalWriter implements AutoCloseable {
    private final SegmentFile file;
    private final FileChannel channel;
    private final boolean fsync;
    private long bytes;
    private long records;

    private JournalWriter(SegmentFile file, FileChannel channel, boolean fsync) {
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
    }

    /** Creates a new journal (never overwrites) and writes and syncs its header and schema. */
    static JournalWriter create(SegmentFile file, long createdMillis, StoreConfig config) throws IOException {
        java.nio.file.Files.createDirectories(file.path().getParent());
        FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        JournalWriter w = new JournalWriter(file, ch, config.fsyncOnFlush());
        try {
            ByteSink head = new ByteSink(1 << 10);
            new FileHeader(FileHeader.Kind.JOURNAL, file.windowStartMillis(), file.seq(), createdMillis).write(head);
            int lenAt = head.reserve(4);
            head.skip(4);
            ColumnSchema.CURRENT.write(head);
            int schemaLen = head.size() - lenAt - 4;
            head.putIntAt(lenAt, schemaLen);
            CRC32C crc = new CRC32C();
            crc.update(head.array(), lenAt + 4, schemaLen);
            head.putInt((int) crc.getValue());
            w.write(head);
            ch.force(true);
            StoreDirectory.syncDirectory(file.path().getParent());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return w;
    }

    SegmentFile file() { return file; }

    long bytes() { return bytes; }

    long records() { return records; }

    /** Appends one chunk of {@code rows} rows, as {@link ChunkEncoder} encoded it into {@code chunk}. */
    void append(ByteSink chunk, int rows) throws IOException {
        if (rows == 0) {
            return;
        }
        write(chunk);
        if (fsync) {
            channel.force(false);
        }
        records += rows;
    }

    private void write(ByteSink buf) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.size());
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        bytes += buf.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
