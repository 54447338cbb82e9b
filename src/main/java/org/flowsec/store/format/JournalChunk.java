package org.flowsec.store.format;

import java.util.zip.CRC32C;

/**
 * One chunk of a journal: the rows accepted between two appends, encoded as a sealed block (sorted, same
 * column frames and zstd level) together with the block's index statistics and Bloom filter, so sealing can
 * copy a full chunk into the segment without decoding and re-encoding it. Appended with a single write, so a
 * reader or a crash sees either the whole chunk or a torn tail that fails the length or checksum test.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     payload length (u32)                      |  0
 * +---------------------------------------------------------------+
 * |                     record count (u32)                        |  4
 * +---------------------------------------------------------------+
 * |       CRC32C of bytes 0..7 followed by the payload            |  8
 * +---------------------------------------------------------------+
 * |                 payload                                       | 12
 * </pre>
 * payload: {@code varint meta length}, meta, then the block (flags byte and column frames);
 * meta: the block's statistics ({@link BlockMeta#writeStats}), {@code varint bloom words} (0 = no filter),
 * then the words as u64.
 * The journal file is: {@link FileHeader} (kind JOURNAL), u32 schema length, column schema, u32 CRC32C of the
 * schema, then chunks until the end of the file.
 */
public final class JournalChunk {
    public static final int OFF_LENGTH = 0;
    public static final int OFF_RECORDS = OFF_LENGTH + 4;
    public static final int OFF_CRC = OFF_RECORDS + 4;
    public static final int HEADER = OFF_CRC + 4;
    /** Largest payload a reader accepts; a bigger length is a torn or garbled header. */
    public static final int MAX_PAYLOAD = 64 << 20;

    private JournalChunk() {}

    /** Fills in the 12-byte chunk header at {@code at}, for a payload that follows it in {@code out}. */
    public static void writeHeader(ByteSink out, int at, int records) {
        int len = out.size() - at - HEADER;
        out.putIntAt(at + OFF_LENGTH, len);
        out.putIntAt(at + OFF_RECORDS, records);
        out.putIntAt(at + OFF_CRC, crc(out.array(), at, len));
    }

    /** CRC32C over the length and record fields and the payload of the chunk at {@code at}. */
    public static int crc(byte[] buf, int at, int payloadLength) {
        CRC32C c = new CRC32C();
        c.update(buf, at, OFF_CRC);
        c.update(buf, at + HEADER, payloadLength);
        return (int) c.getValue();
    }
}
