package org.flowsec.detect.newservice;

import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Which end of a one-way flow record is the server, by the rules of detection.md section 7 in order:
 * <ol>
 *   <li>TCP flags: a record with SYN and without ACK is the client's opening (its sender is the client).</li>
 *   <li>Service knowledge: an end whose (host, protocol, port) is a service the profile already knows is the
 *       server, which also classifies the reverse record of a known service.</li>
 *   <li>Ports: a well-known port (below 1024) facing a higher one is the server (the lower of two well-known
 *       ports); above 1023, a port below the ephemeral range facing one inside it is the server.</li>
 * </ol>
 * Otherwise it is undecided (two ephemeral ports, equal ports, port 0): such records never make a service,
 * so ephemeral client ports cannot look like services.
 */
final class ServerSide {
    static final int UNDECIDED = 0;
    static final int SRC = 1;
    static final int DST = 2;

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    private ServerSide() {}

    /**
     * @param srcOffers whether the profile knows (src, proto, src port) as an offered service
     * @param dstOffers whether the profile knows (dst, proto, dst port) as an offered service
     */
    static int decide(FlowBatch batch, int row, int proto, boolean srcOffers, boolean dstOffers, int ephemeralMin) {
        if (proto == 6) {
            long flags = batch.get(Field.TCP_FLAGS, row);
            if ((flags & SYN) != 0 && (flags & ACK) == 0) {
                return DST;
            }
        }
        if (srcOffers != dstOffers) {
            return srcOffers ? SRC : DST;
        }
        return byPorts((int) batch.get(Field.SRC_PORT, row), (int) batch.get(Field.DST_PORT, row), ephemeralMin);
    }

    static int byPorts(int src, int dst, int ephemeralMin) {
        if (src == dst || src <= 0 || dst <= 0) {
            return UNDECIDED;
        }
        boolean srcWellKnown = src < 1024;
        boolean dstWellKnown = dst < 1024;
        if (srcWellKnown || dstWellKnown) {
            return src < dst ? SRC : DST;
        }
        boolean srcEphemeral = src >= ephemeralMin;
        boolean dstEphemeral = dst >= ephemeralMin;
        if (srcEphemeral == dstEphemeral) {
            return UNDECIDED;
        }
        return srcEphemeral ? DST : SRC;
    }
}
