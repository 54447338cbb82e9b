package org.flowsec.decode;

import java.nio.ByteBuffer;
import org.flowsec.flow.FlowBatch;

/**
 * Decodes one export datagram into flow records. Implementations keep template state per exporter and
 * observation domain, so one instance serves many exporters, but only one thread at a time.
 */
public interface DatagramDecoder {
    /**
     * Decodes the bytes between {@code datagram.position()} and {@code limit()} (the buffer's position is
     * not relied upon afterwards), appending flows to {@code out} and describing the datagram in
     * {@code info}. Records decoded before an error stay in {@code out}.
     *
     * @param receivedMillis arrival time, UTC ms: drives template timeouts and pending-data expiry
     * @throws DecodeException with a typed reason when the datagram, or part of it, is malformed
     */
    void decode(ByteBuffer datagram, long exporterHi, long exporterLo, long receivedMillis,
                FlowBatch out, DatagramInfo info) throws DecodeException;
}
