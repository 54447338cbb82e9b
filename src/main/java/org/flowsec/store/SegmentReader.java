package org.flowsec.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockMeta;
import org.flowsec.store.format.CorruptDataException;
import org.flowsec.store.format.FileHeader;
import org.flowsec.store.format.SegmentFooter;
import org.flowsec.store.format.SegmentTrailer;

/**
 * An open sealed segment: header, trailer and footer checked on open; blocks read and checksummed on demand.
 * Sealed files are immutable, so one open file serves any number of block reads.
 */
final class SegmentReader implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final SegmentFooter footer;
    private final long size;
    private byte[] buf = new byte[1 << 16];

    private SegmentReader(Path path, FileChannel channel, SegmentFooter footer, long size) {
        this.path = path;
        this.channel = channel;
        this.footer = footer;
        this.size = size;
    }

    /** Opens and validates a sealed segment; throws CorruptDataException with the reason when it is not one. */
    static SegmentReader open(Path path) throws IOException {
        return open(path, null);
    }

    /** {@link #open(Path)}, taking the footer from {@code footers} when it holds this file's (may be null). */
    static SegmentReader open(Path path, FooterCache footers) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            SegmentFooter cached = footers == null ? null : footers.get(path, size);
            if (cached != null) {
                return new SegmentReader(path, ch, cached, size);
            }
            if (size < FileHeader.LENGTH + SegmentTrailer.LENGTH) {
                throw new CorruptDataException("file of " + size + " bytes is shorter than header and trailer");
            }
            byte[] head = new byte[FileHeader.LENGTH];
            JournalReader.readFully(ch, head, 0, head.length, 0);
            FileHeader.read(FileHeader.Kind.SEGMENT, head, head.length);
            byte[] tail = new byte[SegmentTrailer.LENGTH];
            JournalReader.readFully(ch, tail, 0, tail.length, size - SegmentTrailer.LENGTH);
            SegmentTrailer trailer = SegmentTrailer.read(tail, size);
            byte[] fb = new byte[trailer.footerLength()];
            JournalReader.readFully(ch, fb, 0, fb.length, trailer.footerOffset());
            trailer.verify(fb, fb.length);
            SegmentFooter footer = SegmentFooter.read(fb, fb.length, trailer.footerOffset());
            if (footers != null) {
                footers.put(path, size, footer, fb.length);
            }
            return new SegmentReader(path, ch, footer, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    SegmentFooter footer() { return footer; }

    long size() { return size; }

    Path path() { return path; }

    /** Reads, checksums and decodes block {@code b} into {@code batch}; returns the bytes read. */
    int readBlock(int b, BlockDecoder decoder, FlowBatch batch) throws IOException {
        BlockMeta m = footer.blocks().get(b);
        if (buf.length < m.length()) {
            buf = new byte[Math.max(m.length(), buf.length * 2)];
        }
        return readBlock(b, decoder, batch, buf);
    }

    /**
     * As {@link #readBlock(int, BlockDecoder, FlowBatch)} into the caller's buffer (at least
     * {@link #blockLength} bytes): positional reads on one open file are safe from several threads at once.
     */
    int readBlock(int b, BlockDecoder decoder, FlowBatch batch, byte[] buf) throws IOException {
        BlockMeta m = footer.blocks().get(b);
        JournalReader.readFully(channel, buf, 0, m.length(), m.offset());
        CRC32C crc = new CRC32C();
        crc.update(buf, 0, m.length());
        if ((int) crc.getValue() != m.crc32c()) {
            throw new CorruptDataException("block " + b + " checksum mismatch");
        }
        try {
            decoder.decode(footer.schema(), buf, 0, m.length(), m.records(), batch);
        } catch (CorruptDataException e) {
            throw new CorruptDataException("block " + b + ": " + e.getMessage());
        }
        return m.length();
    }

    /**
     * Reads and checks the segment's address totals, the sides asked for: {source, destination}, null where a
     * side is absent or not asked for; null when the segment has none.
     */
    org.flowsec.flow.AddressTotals[] readTotals(boolean source, boolean destination) throws IOException {
        var ref = footer.totals();
        if (ref == null) {
            return null;
        }
        byte[] frame = new byte[ref.length()];
        JournalReader.readFully(channel, frame, 0, frame.length, ref.offset());
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, frame.length);
        if ((int) crc.getValue() != ref.crc32c()) {
            throw new CorruptDataException("address totals checksum mismatch");
        }
        return org.flowsec.store.format.AddressTotalsFormat.read(frame, frame.length, ref.rawLength(), source,
                destination);
    }

    int blockLength(int b) {
        return footer.blocks().get(b).length();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
