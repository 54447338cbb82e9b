package org.flowsec.decode;

import java.nio.ByteBuffer;
import org.flowsec.decode.legacy.NetflowV5Decoder;
import org.flowsec.flow.FlowBatch;

/** Dispatches a datagram to the decoder of its version (the first two bytes). */
public final class NetflowDecoder implements DatagramDecoder {
    private final NetflowV5Decoder v5;

    public NetflowDecoder(SamplingPolicy sampling) {
        this.v5 = new NetflowV5Decoder(sampling);
    }

    @Override
    public void decode(ByteBuffer datagram, long exporterHi, long exporterLo, long receivedMillis,
                       FlowBatch out, DatagramInfo info) throws DecodeException {
        int base = datagram.position();
        if (datagram.limit() - base < 2) {
            throw new DecodeException(DecodeError.TRUNCATED, "datagram shorter than a version field");
        }
        int version = datagram.getShort(base) & 0xFFFF;
        info.version = version;
        switch (version) {
            case NetflowV5Decoder.VERSION -> v5.decode(datagram, exporterHi, exporterLo, out, info);
            default -> throw new DecodeException(DecodeError.UNKNOWN_VERSION, "unknown export version " + version);
        }
    }
}
