package org.flowsec.detect.scan;

/**
 * What one unidirectional flow record looks like to the scan detector, from its protocol, cumulative TCP flags,
 * packets and bytes alone. Pure functions; the result packs a role, flags and a probe shape into one int so the
 * per-flow path allocates nothing.
 *
 * <ul>
 *   <li>{@link #PROBE}: a connection attempt that may go unanswered: TCP SYN without ACK (a completed handshake
 *       always puts ACK into the client's record, as rwscan assumes), crafted TCP (NULL, FIN, Xmas, SYN+FIN),
 *       ACK-only packets without payload ({@link #WEAK}: also what a stray last ACK looks like), UDP flows of one
 *       or two datagrams, ICMP echo / timestamp / address-mask / information requests, and one- or two-packet
 *       flows of other IP protocols (IP protocol scans).</li>
 *   <li>{@link #REPLY}: what a probed host answers: TCP RST (refused), a bare SYN-ACK (open), a small UDP
 *       datagram from a service port, ICMP echo and other replies.</li>
 *   <li>{@link #UNREACH}: ICMP destination unreachable, which refuses every probe of the host pair.</li>
 *   <li>{@link #ESTABLISHED}: a TCP connection that got past the handshake: evidence of a successful contact.</li>
 * </ul>
 */
final class FlowShape {
    static final int NONE = 0;
    static final int PROBE = 1;
    static final int REPLY = 2;
    static final int UNREACH = 3;
    static final int ESTABLISHED = 4;
    /** A longer UDP flow: answers a pending probe of its reverse direction, is never kept waiting itself. */
    static final int ANSWER_ONLY = 5;
    private static final int ROLE_MASK = 7;

    /** ACK-only probes: counted as failures only for sources without established connections. */
    static final int WEAK = 1 << 3;

    static final int OUTCOME_NONE = 0;
    static final int ANSWERED = 1;
    static final int REFUSED = 2;
    static final int UNANSWERED = 3;
    private static final int OUTCOME_SHIFT = 4;

    /** Crafted probe shapes (0 = an ordinary attempt). */
    static final int SYN_FIN = 1;
    static final int NULL_SCAN = 2;
    static final int FIN_SCAN = 3;
    static final int HALF_OPEN = 4;
    static final int CONNECT_ABORT = 5;
    static final int ICMP_TIMESTAMP = 6;
    static final int ICMP_INFO = 7;
    static final int ICMP_MASK = 8;
    static final int ICMP_ODD_ECHO = 9;
    static final int ICMP6_NODE_INFO = 10;
    private static final int ODD_SHIFT = 8;

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    static final int ICMP = 1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP6 = 58;

    private FlowShape() {}

    static int role(int shape) { return shape & ROLE_MASK; }

    static boolean weak(int shape) { return (shape & WEAK) != 0; }

    static int outcome(int shape) { return (shape >>> OUTCOME_SHIFT) & 3; }

    static int odd(int shape) { return (shape >>> ODD_SHIFT) & 0xFF; }

    private static int of(int role, int outcome, int odd) {
        return role | outcome << OUTCOME_SHIFT | odd << ODD_SHIFT;
    }

    /**
     * @param ignoreNull true when the exporter seems not to export TCP flags, so flags 0 mean "unknown"
     */
    static int classify(int proto, int flags, long packets, long bytes, int srcPort, int dstPort,
                        int icmpType, int icmpCode, boolean v6, boolean ignoreNull) {
        return switch (proto) {
            case TCP -> tcp(flags, packets, bytes, v6, ignoreNull, clientSide(srcPort, dstPort));
            case UDP -> udp(packets, bytes, srcPort, dstPort);
            case ICMP -> icmp(icmpType, icmpCode);
            case ICMP6 -> icmp6(icmpType, icmpCode);
            default -> packets <= 2 ? PROBE : NONE;
        };
    }

    /** Headers only: at most 64 bytes a packet (IPv4 20 + TCP 20 + options), 84 for IPv6. */
    static boolean noPayload(long packets, long bytes, boolean v6) {
        return packets > 0 && bytes <= packets * (v6 ? 84 : 64);
    }

    /**
     * Port heuristic for which side opened a connection (nfdump -B): the side talking to a well-known port,
     * else the side with the higher port.
     */
    static boolean clientSide(int srcPort, int dstPort) {
        if (dstPort < 1024) {
            return true;
        }
        return srcPort >= 1024 && srcPort > dstPort;
    }

    private static int tcp(int flags, long packets, long bytes, boolean v6, boolean ignoreNull, boolean client) {
        boolean syn = (flags & SYN) != 0;
        boolean ack = (flags & ACK) != 0;
        boolean rst = (flags & RST) != 0;
        boolean fin = (flags & FIN) != 0;
        boolean bare = noPayload(packets, bytes, v6);
        if (syn && !ack) {
            if (fin) {
                return of(PROBE, OUTCOME_NONE, SYN_FIN);
            }
            // SYN then RST from the same side: the SYN-ACK came back and the prober tore it down (nmap -sS, open port)
            return rst ? of(PROBE, ANSWERED, HALF_OPEN) : PROBE;
        }
        if (syn && rst && !fin && (flags & PSH) == 0 && packets <= 3 && bare && client) {
            // handshake completed and reset at once without a byte of data: connect() scans of open ports
            // (the server's own record of such a connection looks the same, hence the port heuristic)
            return of(PROBE, ANSWERED, CONNECT_ABORT);
        }
        if (!syn && !ack && !rst) {
            if (!bare || packets > 4) {
                return NONE;
            }
            if (fin) {
                return of(PROBE, OUTCOME_NONE, FIN_SCAN);
            }
            return ignoreNull ? NONE : of(PROBE, OUTCOME_NONE, NULL_SCAN);
        }
        if ((flags & (SYN | RST | FIN | PSH | URG | ACK)) == ACK && packets <= 2 && bare) {
            return PROBE | WEAK;
        }
        if (rst && !syn && packets <= 3) {
            return of(REPLY, REFUSED, 0);
        }
        if (syn && ack && !rst && !fin && (flags & PSH) == 0 && packets <= 3 && bare) {
            return of(REPLY, ANSWERED, 0);
        }
        if (ack && (syn || packets >= 3)) {
            return ESTABLISHED;
        }
        return NONE;
    }

    private static int udp(long packets, long bytes, int srcPort, int dstPort) {
        // a datagram from a well-known port to an ephemeral one is a service answering (DNS, NTP replies)
        boolean fromService = srcPort < 1024 && dstPort >= 1024;
        if (fromService) {
            return packets <= 3 ? of(REPLY, ANSWERED, 0) : of(ANSWER_ONLY, ANSWERED, 0);
        }
        // one or two datagrams, or a few tiny ones (a probe and its retransmissions)
        boolean attempt = (packets <= 2 && bytes <= packets * 1500) || (packets <= 6 && bytes <= packets * 128);
        return attempt ? PROBE : of(ANSWER_ONLY, ANSWERED, 0);
    }

    private static int icmp(int type, int code) {
        return switch (type) {
            case 8 -> code == 0 ? PROBE : of(PROBE, OUTCOME_NONE, ICMP_ODD_ECHO);
            case 13 -> of(PROBE, OUTCOME_NONE, ICMP_TIMESTAMP);
            case 15 -> of(PROBE, OUTCOME_NONE, ICMP_INFO);
            case 17 -> of(PROBE, OUTCOME_NONE, ICMP_MASK);
            case 0, 14, 16, 18 -> of(REPLY, ANSWERED, 0);
            case 3 -> UNREACH;
            default -> NONE;
        };
    }

    private static int icmp6(int type, int code) {
        return switch (type) {
            case 128 -> code == 0 ? PROBE : of(PROBE, OUTCOME_NONE, ICMP_ODD_ECHO);
            case 139 -> of(PROBE, OUTCOME_NONE, ICMP6_NODE_INFO);
            case 129, 140 -> of(REPLY, ANSWERED, 0);
            case 1 -> UNREACH;
            default -> NONE;
        };
    }

    /** The outcome a reply gives the probe it answers. */
    static int replyOutcome(int shape) {
        int o = outcome(shape);
        return o == OUTCOME_NONE ? ANSWERED : o;
    }

    /** Echo requests and replies are paired with their ports ignored (exporters put type/code there). */
    static boolean pairsWithoutPorts(int proto) { return proto == ICMP || proto == ICMP6; }

    /**
     * The pairing "port" of an ICMP message: the request type it is or answers, so an echo reply finds its echo
     * request, and a timestamp request is not mistaken for the same flow as an echo request of the same pair.
     * A request's non-zero code is kept (crafted echo requests stay apart); replies carry code 0.
     */
    static int icmpPairPort(int proto, int type, int code) {
        int request = proto == ICMP
                ? switch (type) { case 0 -> 8; case 14 -> 13; case 16 -> 15; case 18 -> 17; default -> type; }
                : switch (type) { case 129 -> 128; case 140 -> 139; default -> type; };
        return request << 8 | (request == type ? code : 0);
    }

    /** ICMP echo requests (the probes of a ping sweep). */
    static boolean isEcho(int proto, int icmpType) {
        return (proto == ICMP && icmpType == 8) || (proto == ICMP6 && icmpType == 128);
    }
}
