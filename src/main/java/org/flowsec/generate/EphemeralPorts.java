package org.flowsec.generate;

/**
 * Moves a client's ephemeral port to another one when a pre-encoded flow is replayed, so that laps of a
 * replayed ring are new connections: same hosts and services, different 5-tuples, and no byte-identical
 * repeats to flatter a store's compression. Ports 32768 and up (the Linux and Windows ephemeral ranges)
 * step by an odd amount within 32768..65535, which returns to the start only after 32768 laps; server
 * ports, ICMP type/code and 0 stay as they are.
 */
final class EphemeralPorts {
    static final int FIRST = 32768;
    /** Odd, so successive rotations visit all 32768 ephemeral ports. */
    static final int STEP = 7919;

    private EphemeralPorts() {}

    /** ICMP and ICMPv6 carry type*256+code where ports go; that must not move. */
    static boolean isIcmp(int proto) {
        return proto == 1 || proto == 58;
    }

    static int rotate(int port) {
        return port < FIRST ? port : FIRST + (port - FIRST + STEP) % FIRST;
    }
}
