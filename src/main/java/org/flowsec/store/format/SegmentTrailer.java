package org.flowsec.store.format;

import java.util.zip.CRC32C;

/**
 * The fixed 20 bytes that end a sealed segment and locate its footer. A file whose last bytes are not a
 * trailer (truncated, still being written) is rejected before anything else is read.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  footer offset (u64)                          |  0
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                  footer length (u32)                          |  8
 * +---------------------------------------------------------------+
 * |                  CRC32C of the footer bytes                   | 12
 * +---------------------------------------------------------------+
 * |                  trailer magic "GESF"                         | 16
 * +---------------------------------------------------------------+
 * </pre>
 * Invariant: footer offset + footer length + 20 = file size.
 */
public record SegmentTrailer(long footerOffset, int footerLength, int footerCrc) {
    public static final int OFF_FOOTER_OFFSET = 0;
    public static final int OFF_FOOTER_LENGTH = OFF_FOOTER_OFFSET + 8;
    public static final int OFF_FOOTER_CRC = OFF_FOOTER_LENGTH + 4;
    public static final int OFF_MAGIC = OFF_FOOTER_CRC + 4;
    public static final int LENGTH = OFF_MAGIC + 4;
    public static final int MAGIC = 0x47455346;

    public static SegmentTrailer of(long footerOffset, byte[] footer, int len) {
        CRC32C crc = new CRC32C();
        crc.update(footer, 0, len);
        return new SegmentTrailer(footerOffset, len, (int) crc.getValue());
    }

    public void write(ByteSink out) {
        out.putLong(footerOffset);
        out.putInt(footerLength);
        out.putInt(footerCrc);
        out.putInt(MAGIC);
    }

    public static SegmentTrailer read(byte[] buf, long fileSize) throws CorruptDataException {
        ByteSource in = new ByteSource(buf, 0, LENGTH);
        long off = in.getLong();
        int len = in.getInt();
        int crc = in.getInt();
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new CorruptDataException("no trailer (truncated or unsealed file)");
        }
        if (len < 0 || off < FileHeader.LENGTH || off + len + LENGTH != fileSize) {
            throw new CorruptDataException("trailer points to footer [" + off + ", +" + len + ") in a file of " + fileSize + " bytes");
        }
        return new SegmentTrailer(off, len, crc);
    }

    /** Checks the footer bytes against the trailer's checksum. */
    public void verify(byte[] footer, int len) throws CorruptDataException {
        CRC32C c = new CRC32C();
        c.update(footer, 0, len);
        if ((int) c.getValue() != footerCrc) {
            throw new CorruptDataException("footer checksum mismatch");
        }
    }
}
