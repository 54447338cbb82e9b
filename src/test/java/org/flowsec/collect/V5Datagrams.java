package org.flowsec.collect;

import java.nio.ByteBuffer;

/**
 * Builds NetFlow v5 datagrams byte by byte in Cisco's layout (24-byte header, 48-byte records; see
 * NetflowV5Decoder's javadoc). Record {@code i} gets source 10.0.{stream}.{i}, destination 192.0.2.1,
 * ports 1024+i → 80, TCP, and {@code bytes = sequence + i} so a receiver can tell every flow apart.
 */
final class V5Datagrams {
    static final int HEADER = 24;
    static final int RECORD = 48;

    private V5Datagrams() {}

    static byte[] datagram(long sequence, int count, int engineType, int engineId, int stream) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + count * RECORD);
        b.putShort((short) 5);                 // version
        b.putShort((short) count);             // count
        b.putInt(3_600_000);                   // sysUptime ms
        b.putInt(1_790_000_000);               // unix_secs (2026)
        b.putInt(0);                           // unix_nsecs
        b.putInt((int) sequence);              // flow_sequence
        b.put((byte) engineType);
        b.put((byte) engineId);
        b.putShort((short) 0);                 // sampling: none
        for (int i = 0; i < count; i++) {
            b.putInt(0x0A00_0000 | (stream & 0xFF) << 8 | (i & 0xFF)); // srcaddr 10.0.stream.i
            b.putInt(0xC000_0201);             // dstaddr 192.0.2.1
            b.putInt(0);                       // nexthop
            b.putShort((short) 1);             // input
            b.putShort((short) 2);             // output
            b.putInt(3);                       // dPkts
            b.putInt((int) (sequence + i));    // dOctets: tells flows apart
            b.putInt(3_590_000);               // First (uptime ms)
            b.putInt(3_599_000);               // Last
            b.putShort((short) (1024 + i));    // srcport
            b.putShort((short) 80);            // dstport
            b.put((byte) 0);                   // pad1
            b.put((byte) 0x1B);                // tcp_flags
            b.put((byte) 6);                   // prot
            b.put((byte) 0);                   // tos
            b.putShort((short) 0);             // src_as
            b.putShort((short) 0);             // dst_as
            b.put((byte) 24);                  // src_mask
            b.put((byte) 24);                  // dst_mask
            b.putShort((short) 0);             // pad2
        }
        return b.array();
    }
}
