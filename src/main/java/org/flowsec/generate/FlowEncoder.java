package org.flowsec.generate;

import java.nio.ByteBuffer;
import org.flowsec.flow.FlowBatch;

/**
 * Turns flow rows into export datagrams, byte for byte as a router would send them. An encoder keeps the
 * exporter's state (sequence numbers, template refresh schedule) and writes into a caller's buffer without
 * allocating per record. One instance per exporter stream; not thread-safe.
 */
public interface FlowEncoder {
    /** Largest datagram any encoder writes: fits a 1500-byte MTU with IPv4/IPv6 and UDP headers to spare. */
    int MAX_DATAGRAM = 1464;

    /** The export version in the header: 5, 9 or 10. */
    int version();

    /**
     * Writes one datagram at {@code out.position()} holding rows {@code from..} (as many as fit, at most up
     * to {@code to}), stamped as exported at {@code exportMillis}, and advances the position past it.
     *
     * @return the index of the first row not encoded ({@code from} itself only if {@code from == to})
     * @throws IllegalArgumentException if {@code out} has less than {@link #MAX_DATAGRAM} bytes remaining
     */
    int encode(FlowBatch flows, int from, int to, long exportMillis, ByteBuffer out);

    /**
     * Rewrites a datagram this encoder produced, lying between {@code datagram.position()} and its limit, so
     * that it can be sent again as a later one: its sequence number becomes the one due after
     * {@code datagramsBefore} datagrams and {@code flowsBefore} flows, its export time and every flow
     * time move forward by {@code shiftMillis}, and ephemeral ports rotate ({@link EphemeralPorts}), so a
     * replayed connection is a new one rather than a byte-identical copy. Lets a sender replay a
     * pre-encoded ring as fresh traffic, even when the shift is 0 because a lap took under a second.
     */
    void restamp(ByteBuffer datagram, long datagramsBefore, long flowsBefore, long shiftMillis);

    /** The encoder for an export version, stamped with an exporter's observation domain. */
    static FlowEncoder forVersion(int version, long domain, TemplateRefresh refresh) {
        return switch (version) {
            case 5 -> new NetflowV5Encoder((int) (domain >>> 8) & 0xFF, (int) domain & 0xFF);
            case 9 -> new NetflowV9Encoder(domain, refresh);
            case 10 -> new IpfixEncoder(domain, refresh);
            default -> throw new IllegalArgumentException("export version must be 5, 9 or 10, was " + version);
        };
    }
}
