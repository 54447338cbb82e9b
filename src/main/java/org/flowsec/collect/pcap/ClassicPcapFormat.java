package org.flowsec.collect.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The classic libpcap file format: a 24-byte file header, then records of a 16-byte header and the frame.
 * <pre>
 * +-------------------------------+  +-------------------------------+
 * | magic a1b2c3d4 (µs) or        |  | ts_sec                        |
 * |       a1b23c4d (ns),          |  | ts_usec or ts_nsec            |
 * |       in the writer's order   |  | incl_len (bytes that follow)  |
 * | version major(2) minor(2)     |  | orig_len (bytes on the wire)  |
 * | thiszone, sigfigs (unused)    |  +-------------------------------+
 * | snaplen                       |  | frame, incl_len bytes ...     |
 * | link type (low 16 bits)       |
 * +-------------------------------+
 * </pre>
 * Classic pcap has no framing to resynchronise on, so an impossible record length ends the read with a
 * {@link CaptureFormatException}.
 */
final class ClassicPcapFormat {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int FILE_HEADER = 24;
    private static final int F_LINKTYPE = 20;
    private static final int RECORD_HEADER = 16;
    private static final int R_SECS = 0;
    private static final int R_FRACTION = R_SECS + 4;
    private static final int R_INCL_LEN = R_FRACTION + 4;
    /** tcpdump's largest snap length is 256 KiB; anything beyond is corruption. */
    static final int MAX_FRAME = 256 * 1024;

    private ClassicPcapFormat() {}

    static boolean isMagic(int m) {
        return m == MAGIC_MICROS || m == MAGIC_NANOS
                || m == Integer.reverseBytes(MAGIC_MICROS) || m == Integer.reverseBytes(MAGIC_NANOS);
    }

    static void read(FileWindow w, PacketDissector dissector, CaptureStats stats) throws IOException {
        if (!w.ensure(FILE_HEADER)) {
            throw new CaptureFormatException(w.path(), w.offset(), "pcap file header cut short");
        }
        int magic = w.buffer().getInt(w.pos());
        boolean swap = magic == Integer.reverseBytes(MAGIC_MICROS) || magic == Integer.reverseBytes(MAGIC_NANOS);
        boolean nanos = magic == MAGIC_NANOS || magic == Integer.reverseBytes(MAGIC_NANOS);
        int linkType = u32(w.buffer(), w.pos() + F_LINKTYPE, swap) & 0xFFFF;
        w.skip(FILE_HEADER);
        while (w.ensure(1)) {
            long recordOffset = w.offset();
            if (!w.ensure(RECORD_HEADER)) {
                stats.truncatedRecords++;
                return;
            }
            ByteBuffer b = w.buffer();
            int p = w.pos();
            long secs = u32(b, p + R_SECS, swap) & 0xFFFF_FFFFL;
            long fraction = u32(b, p + R_FRACTION, swap) & 0xFFFF_FFFFL;
            int inclLen = u32(b, p + R_INCL_LEN, swap);
            if (inclLen < 0 || inclLen > MAX_FRAME) {
                throw new CaptureFormatException(w.path(), recordOffset,
                        "pcap record length " + (inclLen & 0xFFFF_FFFFL) + " exceeds " + MAX_FRAME);
            }
            if (!w.ensure(RECORD_HEADER + inclLen)) {
                stats.truncatedRecords++;
                return;
            }
            stats.packets++;
            long millis = secs * 1000 + (nanos ? fraction / 1_000_000 : fraction / 1000);
            dissector.frame(w.buffer(), w.pos() + RECORD_HEADER, inclLen, linkType, millis);
            w.skip(RECORD_HEADER + inclLen);
        }
    }

    private static int u32(ByteBuffer b, int off, boolean swap) {
        int v = b.getInt(off);
        return swap ? Integer.reverseBytes(v) : v;
    }
}
