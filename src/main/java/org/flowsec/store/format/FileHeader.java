package org.flowsec.store.format;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The fixed 48-byte header that opens both sealed segments and journals, so any file names its format.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            magic ("FSEG" segment, "FJNL" journal)             |  0
 * +-------------------------------+-------------------------------+
 * |        format version         |        flags (0)              |  4
 * +-------------------------------+-------------------------------+
 * |     format name, 16 bytes ASCII, NUL padded                   |  8
 * |     ("flowsec.segment" or "flowsec.journal")                  |
 * +---------------------------------------------------------------+
 * |     segment window start, UTC ms (i64)                        | 24
 * +---------------------------------------------------------------+
 * |     sequence number within the window (u32)                   | 32
 * +---------------------------------------------------------------+
 * |     created, UTC ms (i64)                                     | 36
 * +---------------------------------------------------------------+
 * |     CRC32C of bytes 0..43                                     | 44
 * +---------------------------------------------------------------+
 * </pre>
 * All fixed-width integers in flowsec files are big-endian.
 */
public record FileHeader(Kind kind, long windowStartMillis, int seq, long createdMillis) {
    public static final int OFF_MAGIC = 0;
    public static final int OFF_VERSION = OFF_MAGIC + 4;
    public static final int OFF_FLAGS = OFF_VERSION + 2;
    public static final int OFF_NAME = OFF_FLAGS + 2;
    public static final int NAME_LENGTH = 16;
    public static final int OFF_WINDOW_START = OFF_NAME + NAME_LENGTH;
    public static final int OFF_SEQ = OFF_WINDOW_START + 8;
    public static final int OFF_CREATED = OFF_SEQ + 4;
    public static final int OFF_CRC = OFF_CREATED + 8;
    public static final int LENGTH = OFF_CRC + 4;
    /**
     * Version 2 added the PACKED_DICT column encoding, version 3 DEPENDENT; files of older versions (which never
     * use them) are still read.
     */
    public static final int VERSION = 3;
    public static final int MIN_VERSION = 1;

    /** The two file kinds, each with its own magic and format name. */
    public enum Kind {
        SEGMENT(0x46534547, "flowsec.segment"),
        JOURNAL(0x464A4E4C, "flowsec.journal");

        final int magic;
        final String formatName;

        Kind(int magic, String formatName) {
            this.magic = magic;
            this.formatName = formatName;
        }
    }

    public void write(ByteSink out) {
        int start = out.size();
        out.putInt(kind.magic);
        out.putShort(VERSION);
        out.putShort(0);
        byte[] name = kind.formatName.getBytes(StandardCharsets.US_ASCII);
        out.putBytes(name, 0, name.length);
        for (int i = name.length; i < NAME_LENGTH; i++) {
            out.putByte(0);
        }
        out.putLong(windowStartMillis);
        out.putInt(seq);
        out.putLong(createdMillis);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), start, OFF_CRC);
        out.putInt((int) crc.getValue());
    }

    /** Reads and checks a header of the expected kind from {@code buf[0..len)}. */
    public static FileHeader read(Kind expected, byte[] buf, int len) throws CorruptDataException {
        if (len < LENGTH) {
            throw new CorruptDataException("header truncated: " + len + " of " + LENGTH + " bytes");
        }
        ByteSource in = new ByteSource(buf, 0, LENGTH);
        int magic = in.getInt();
        if (magic != expected.magic) {
            throw new CorruptDataException(String.format("bad magic 0x%08x, expected %s", magic, expected.formatName));
        }
        int version = in.getShort();
        int flags = in.getShort();
        String name = new String(buf, OFF_NAME, NAME_LENGTH, StandardCharsets.US_ASCII).replace("\0", "");
        in.take(NAME_LENGTH);
        long start = in.getLong();
        int seq = in.getInt();
        long created = in.getLong();
        int stored = in.getInt();
        CRC32C crc = new CRC32C();
        crc.update(buf, 0, OFF_CRC);
        if ((int) crc.getValue() != stored) {
            throw new CorruptDataException("header checksum mismatch");
        }
        if (version < MIN_VERSION || version > VERSION || !name.equals(expected.formatName) || flags != 0) {
            throw new CorruptDataException("unsupported format " + name + " version " + version + " flags " + flags);
        }
        return new FileHeader(expected, start, seq, created);
    }
}
