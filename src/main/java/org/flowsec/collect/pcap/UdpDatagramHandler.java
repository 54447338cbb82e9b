package org.flowsec.collect.pcap;

import java.nio.ByteBuffer;

/** Receives the UDP datagrams found in a capture, in file order. */
@FunctionalInterface
public interface UdpDatagramHandler {
    /**
     * @param timestampMillis capture time of the (last fragment of the) packet, UTC ms
     * @param srcHi high 64 bits of the source address (0 for IPv4)
     * @param srcLo low 64 bits of the source address (IPv4-mapped for IPv4, see {@code flow.Addresses})
     * @param payload the UDP payload between position and limit; a view reused for the next datagram,
     *                so copy what you keep
     */
    void datagram(long timestampMillis, long srcHi, long srcLo, int srcPort, int dstPort, ByteBuffer payload);
}
