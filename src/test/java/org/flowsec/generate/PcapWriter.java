package org.flowsec.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes UDP datagrams as a classic libpcap file (Ethernet, IPv4, UDP), so tools such as tshark can read
 * what the encoders produce. Test scope: just enough of the formats to be valid.
 * <pre>
 * file header: magic a1b2c3d4, version 2.4, thiszone 0, sigfigs 0, snaplen 65535, linktype 1 (Ethernet)
 * per packet:  ts_sec, ts_usec, incl_len, orig_len (4 bytes each, little-endian here)
 *              Ethernet (14) | IPv4 (20, checksum filled in) | UDP (8, checksum 0 = none) | payload
 * </pre>
 */
final class PcapWriter implements AutoCloseable {
    private static final int ETHERNET = 14;
    private static final int IPV4 = 20;
    private static final int UDP = 8;

    private final OutputStream out;
    private final int srcIp;
    private final int dstIp;
    private final int dstPort;
    private int ipId;

    PcapWriter(Path file, int srcIp, int dstIp, int dstPort) throws IOException {
        this.out = Files.newOutputStream(file);
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.dstPort = dstPort;
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
    }

    /** Appends the bytes between the payload's position and limit as one UDP datagram. */
    void write(ByteBuffer payload, long timeMillis) throws IOException {
        int n = payload.remaining();
        int frame = ETHERNET + IPV4 + UDP + n;
        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt((int) (timeMillis / 1000)).putInt((int) (timeMillis % 1000) * 1000).putInt(frame).putInt(frame);
        out.write(rec.array());

        ByteBuffer f = ByteBuffer.allocate(frame); // network order
        f.put(new byte[] {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01}).putShort((short) 0x0800);
        int ip = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4 + UDP + n)).putShort((short) ipId++).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        f.putShort(ip + 10, (short) checksum(f.array(), ip, IPV4));
        f.putShort((short) 50000).putShort((short) dstPort).putShort((short) (UDP + n)).putShort((short) 0);
        f.put(payload.duplicate());
        out.write(f.array());
    }

    private static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
