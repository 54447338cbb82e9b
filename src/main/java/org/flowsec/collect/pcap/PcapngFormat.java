package org.flowsec.collect.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * pcapng (draft-ietf-opsawg-pcapng): a sequence of sections, each a Section Header Block that fixes the
 * byte order, Interface Description Blocks (link type, timestamp resolution) and packet blocks.
 * <pre>
 * Every block:                        Enhanced Packet Block body (type 6):
 * +-------------------------------+   +-------------------------------+
 * | block type                    |   | interface id                  |
 * | block total length            |   | timestamp (high 32)           |
 * | body ... (padded to 32 bits)  |   | timestamp (low 32)            |
 * | block total length            |   | captured length               |
 * +-------------------------------+   | original length               |
 *                                     | frame ... options             |
 * SHB body: byte-order magic 1a2b3c4d, major, minor, section length, options
 * IDB body: link type(16) reserved(16) snaplen(32) options (if_tsresol = 9, if_tsoffset = 14)
 * SPB body (type 3): original length, frame (interface 0, no timestamp)
 * PB body (type 2, obsolete): interface(16) drops(16) ts high, ts low, captured, original, frame
 * </pre>
 */
final class PcapngFormat {
    static final int SHB = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int BLOCK_HEADER = 8;
    private static final int MIN_BLOCK = 12;
    /** Bound on one block so a corrupt length cannot make us read the whole file into memory. */
    private static final int MAX_BLOCK = 16 << 20;
    private static final int MAX_INTERFACES = 1 << 16;
    private static final int OPT_TSRESOL = 9;
    private static final int OPT_TSOFFSET = 14;

    private final FileWindow w;
    private final PacketDissector dissector;
    private final CaptureStats stats;
    private boolean swap;
    private int interfaces;
    private int[] linkTypes = new int[4];
    /** Timestamp units per second, as 10^n (pow2 false) or 2^n (pow2 true) with n in {@link #resolution}. */
    private int[] resolution = new int[4];
    private boolean[] pow2 = new boolean[4];
    private long[] offsetSeconds = new long[4];
    private long lastMillis;

    private PcapngFormat(FileWindow w, PacketDissector dissector, CaptureStats stats) {
        this.w = w;
        this.dissector = dissector;
        this.stats = stats;
    }

    static void read(FileWindow w, PacketDissector dissector, CaptureStats stats) throws IOException {
        new PcapngFormat(w, dissector, stats).run();
    }

    private void run() throws IOException {
        while (w.ensure(1)) {
            long blockOffset = w.offset();
            if (!w.ensure(BLOCK_HEADER + 4)) {
                stats.truncatedRecords++;
                return;
            }
            ByteBuffer b = w.buffer();
            int p = w.pos();
            int type = b.getInt(p);
            if (type == SHB) {
                int order = b.getInt(p + BLOCK_HEADER);
                if (order != BYTE_ORDER_MAGIC && order != Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                    throw new CaptureFormatException(w.path(), blockOffset, "pcapng section header without byte-order magic");
                }
                swap = order != BYTE_ORDER_MAGIC;
                interfaces = 0; // interface ids are per section
            } else {
                type = u32(b, p);
            }
            int length = u32(b, p + 4);
            if (length < MIN_BLOCK || (length & 3) != 0 || length > MAX_BLOCK) {
                throw new CaptureFormatException(w.path(), blockOffset,
                        "pcapng block length " + (length & 0xFFFF_FFFFL) + " is not a multiple of 4 in 12.." + MAX_BLOCK);
            }
            if (!w.ensure(length)) {
                stats.truncatedRecords++;
                return;
            }
            b = w.buffer();
            p = w.pos();
            if (u32(b, p + length - 4) != length) {
                throw new CaptureFormatException(w.path(), blockOffset, "pcapng block's trailing length differs from its leading one");
            }
            int body = p + BLOCK_HEADER;
            int bodyEnd = p + length - 4;
            switch (type) {
                case SHB -> { }
                case IDB -> interfaceBlock(b, body, bodyEnd, blockOffset);
                case EPB -> packet(b, u32(b, body), ((long) u32(b, body + 4) << 32) | (u32(b, body + 8) & 0xFFFF_FFFFL),
                        u32(b, body + 12), body + 20, bodyEnd, blockOffset);
                case PB -> packet(b, u16(b, body), ((long) u32(b, body + 4) << 32) | (u32(b, body + 8) & 0xFFFF_FFFFL),
                        u32(b, body + 12), body + 20, bodyEnd, blockOffset);
                case SPB -> {
                    stats.packets++;
                    int captured = Math.min(u32(b, body), bodyEnd - body - 4);
                    if (interfaces == 0 || captured < 0) {
                        stats.malformed++;
                    } else {
                        dissector.frame(b, body + 4, captured, linkTypes[0], lastMillis);
                    }
                }
                default -> stats.otherBlocks++;
            }
            w.skip(length);
        }
    }

    private void interfaceBlock(ByteBuffer b, int body, int end, long blockOffset) throws CaptureFormatException {
        if (end - body < 8) {
            throw new CaptureFormatException(w.path(), blockOffset, "pcapng interface block too short");
        }
        if (interfaces == MAX_INTERFACES) {
            throw new CaptureFormatException(w.path(), blockOffset, "more than " + MAX_INTERFACES + " interfaces in a section");
        }
        if (interfaces == linkTypes.length) {
            int n = interfaces * 2;
            linkTypes = Arrays.copyOf(linkTypes, n);
            resolution = Arrays.copyOf(resolution, n);
            pow2 = Arrays.copyOf(pow2, n);
            offsetSeconds = Arrays.copyOf(offsetSeconds, n);
        }
        int i = interfaces++;
        linkTypes[i] = u16(b, body);
        resolution[i] = 6;
        pow2[i] = false;
        offsetSeconds[i] = 0;
        for (int o = body + 8; o + 4 <= end; ) {
            int code = u16(b, o);
            int len = u16(b, o + 2);
            if (code == 0 || o + 4 + len > end) {
                break;
            }
            if (code == OPT_TSRESOL && len >= 1) {
                int v = b.get(o + 4) & 0xFF;
                pow2[i] = (v & 0x80) != 0;
                resolution[i] = v & 0x7F;
                if ((!pow2[i] && resolution[i] > 18) || (pow2[i] && resolution[i] > 62)) {
                    throw new CaptureFormatException(w.path(), blockOffset, "pcapng if_tsresol " + v + " is out of range");
                }
            } else if (code == OPT_TSOFFSET && len >= 8) {
                offsetSeconds[i] = swap ? Long.reverseBytes(b.getLong(o + 4)) : b.getLong(o + 4);
            }
            o += 4 + ((len + 3) & ~3);
        }
    }

    private void packet(ByteBuffer b, int iface, long ts, int captured, int data, int bodyEnd, long blockOffset)
            throws CaptureFormatException {
        stats.packets++;
        if (iface < 0 || iface >= interfaces) {
            throw new CaptureFormatException(w.path(), blockOffset, "packet block names interface " + iface
                    + " but the section describes " + interfaces);
        }
        if (captured < 0 || data + captured > bodyEnd) {
            stats.malformed++;
            return;
        }
        lastMillis = toMillis(iface, ts);
        dissector.frame(b, data, captured, linkTypes[iface], lastMillis);
    }

    private long toMillis(int iface, long ts) {
        int n = resolution[iface];
        long millis;
        if (pow2[iface]) {
            millis = (ts >>> n) * 1000 + (((ts & ((1L << n) - 1)) >>> Math.max(0, n - 20)) * 1000 >>> Math.min(n, 20));
        } else if (n >= 3) {
            millis = Long.divideUnsigned(ts, POW10[n - 3]);
        } else {
            millis = ts * POW10[3 - n];
        }
        return millis + offsetSeconds[iface] * 1000;
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private int u32(ByteBuffer b, int off) {
        int v = b.getInt(off);
        return swap ? Integer.reverseBytes(v) : v;
    }

    private int u16(ByteBuffer b, int off) {
        short v = b.getShort(off);
        return (swap ? Short.reverseBytes(v) : v) & 0xFFFF;
    }
}
