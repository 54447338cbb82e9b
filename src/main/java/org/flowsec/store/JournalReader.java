package org.flowsec.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.flowsec.flow.BatchSource.BatchVisitor;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockMeta;
import org.flowsec.store.format.ByteSource;
import org.flowsec.store.format.ColumnSchema;
import org.flowsec.store.format.CorruptDataException;
import org.flowsec.store.format.FileHeader;
import org.flowsec.store.format.JournalChunk;

/**
 * Reads the valid prefix of a journal chunk by chunk: it stops at the first chunk whose header runs past the
 * end of the file, whose length is impossible, or whose checksum fails. For a live journal that tail is a
 * chunk being written; after a crash it is the torn tail that recovery drops.
 */
final class JournalReader {
    /** What a pass over a journal found. A header shorter than its fixed size reads as an empty journal. */
    record Result(FileHeader header, long validBytes, long records, long tornBytes, String tornReason, boolean stopped) {}

    /** Takes chunks as encoded blocks instead of decoded rows, when it wants them (sealing copies full blocks). */
    interface RawChunks {
        boolean wantsRaw(int records, boolean hasBloom);

        void raw(BlockMeta stats, long[] bloom, byte[] buf, int off, int len) throws IOException;
    }

    private JournalReader() {}

    static Result read(SegmentFile file, BlockDecoder decoder, FlowBatch batch, BatchVisitor visitor) throws IOException {
        return read(file, decoder, batch, visitor, null);
    }

    static Result read(SegmentFile file, BlockDecoder decoder, FlowBatch batch, BatchVisitor visitor, RawChunks raw)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FileHeader.LENGTH + 4) {
                return new Result(null, 0, 0, size, "header not complete", false);
            }
            byte[] head = new byte[FileHeader.LENGTH + 4];
            readFully(ch, head, 0, head.length, 0);
            FileHeader header = FileHeader.read(FileHeader.Kind.JOURNAL, head, head.length);
            int schemaLen = ByteSource.getIntAt(head, FileHeader.LENGTH);
            if (schemaLen < 0 || schemaLen > 1 << 20) {
                throw new CorruptDataException("journal schema length " + schemaLen);
            }
            long pos = FileHeader.LENGTH + 4L;
            if (size < pos + schemaLen + 4) {
                return new Result(header, 0, 0, size, "schema not complete", false);
            }
            byte[] schemaBytes = new byte[schemaLen + 4];
            readFully(ch, schemaBytes, 0, schemaBytes.length, pos);
            CRC32C crc = new CRC32C();
            crc.update(schemaBytes, 0, schemaLen);
            if ((int) crc.getValue() != ByteSource.getIntAt(schemaBytes, schemaLen)) {
                throw new CorruptDataException("journal schema checksum mismatch");
            }
            ColumnSchema schema = ColumnSchema.read(new ByteSource(schemaBytes, 0, schemaLen));
            pos += schemaLen + 4;
            return readChunks(ch, size, pos, header, schema, decoder, batch, visitor, raw);
        }
    }

    private static Result readChunks(FileChannel ch, long size, long pos, FileHeader header, ColumnSchema schema,
                                     BlockDecoder decoder, FlowBatch batch, BatchVisitor visitor, RawChunks raw)
            throws IOException {
        ByteSource in = new ByteSource();
        byte[] buf = new byte[1 << 16];
        long records = 0;
        while (pos < size) {
            if (size - pos < JournalChunk.HEADER) {
                return new Result(header, pos, records, size - pos, "chunk header cut at offset " + pos, false);
            }
            readFully(ch, buf, 0, JournalChunk.HEADER, pos);
            int len = ByteSource.getIntAt(buf, JournalChunk.OFF_LENGTH);
            int count = ByteSource.getIntAt(buf, JournalChunk.OFF_RECORDS);
            int crc = ByteSource.getIntAt(buf, JournalChunk.OFF_CRC);
            if (len < 0 || len > JournalChunk.MAX_PAYLOAD || count <= 0 || count > 65536) {
                return new Result(header, pos, records, size - pos, "impossible chunk header at offset " + pos, false);
            }
            if (size - pos - JournalChunk.HEADER < len) {
                return new Result(header, pos, records, size - pos, "chunk cut at offset " + pos, false);
            }
            if (buf.length < JournalChunk.HEADER + len) {
                buf = java.util.Arrays.copyOf(buf, Math.max(JournalChunk.HEADER + len, buf.length * 2));
            }
            readFully(ch, buf, JournalChunk.HEADER, len, pos + JournalChunk.HEADER);
            if (JournalChunk.crc(buf, 0, len) != crc) {
                return new Result(header, pos, records, size - pos, "chunk checksum mismatch at offset " + pos, false);
            }
            try {
                in.wrap(buf, JournalChunk.HEADER, len);
                int metaLen = in.getVarInt(in.remaining());
                int metaAt = in.take(metaLen);
                int blockAt = in.position();
                int blockLen = in.remaining();
                if (raw != null && schema == ColumnSchema.CURRENT) {
                    in.wrap(buf, metaAt, metaLen);
                    BlockMeta stats = BlockMeta.readStats(in, schema.size(), 0, blockLen, 0, count);
                    int words = in.getVarInt(in.remaining() / 8);
                    if (raw.wantsRaw(count, words > 0)) {
                        long[] bloom = words == 0 ? null : new long[words];
                        for (int i = 0; i < words; i++) {
                            bloom[i] = in.getLong();
                        }
                        raw.raw(stats, bloom, buf, blockAt, blockLen);
                        records += count;
                        pos += JournalChunk.HEADER + len;
                        continue;
                    }
                }
                decoder.decode(schema, buf, blockAt, blockLen, count, batch);
            } catch (CorruptDataException e) {
                // the checksum held, so this is a writer bug or a foreign file, not a torn tail
                throw new CorruptDataException("chunk at offset " + pos + ": " + e.getMessage());
            }
            records += count;
            pos += JournalChunk.HEADER + len;
            if (visitor != null && !visitor.visit(batch)) {
                return new Result(header, pos, records, 0, null, true);
            }
        }
        return new Result(header, pos, records, 0, null, false);
    }

    static void readFully(FileChannel ch, byte[] dst, int off, int len, long position) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
        long p = position;
        while (bb.hasRemaining()) {
            int n = ch.read(bb, p);
            if (n < 0) {
                throw new EOFException("file ended at " + p);
            }
            p += n;
        }
    }
}
