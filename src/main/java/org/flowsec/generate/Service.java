package org.flowsec.generate;

/**
 * The service mix of {@link RealisticFlowModel}: what a busy enterprise or campus border router exports,
 * by share of connections. Packets per request flow are log-normal around {@code requestPackets} with
 * spread {@code sigma}; the response carries {@code responseRatio} times as many packets; each direction
 * has its own bytes-per-packet range (ACK-heavy requests are small, downloads fill the MTU). Durations are
 * log-normal around {@code durationMillis}. {@code inbound} is the share of connections that come from
 * outside to an internal server rather than from an internal client going out.
 */
enum Service {
    //        proto port  share inbound reqPkts sigma respRatio reqBpp    respBpp     durationMs
    HTTPS(6, 443, 300, 0.04, 10, 1.3, 1.8, 52, 350, 900, 1500, 1_500),
    QUIC(17, 443, 110, 0.00, 14, 1.2, 1.9, 80, 700, 1000, 1350, 2_500),
    DNS(17, 53, 180, 0.08, 1, 0.15, 1.0, 58, 95, 80, 480, 15),
    HTTP(6, 80, 70, 0.10, 7, 1.1, 1.6, 52, 500, 600, 1500, 1_000),
    NTP(17, 123, 25, 0.10, 1, 0.0, 1.0, 76, 76, 76, 76, 3),
    SSH(6, 22, 20, 0.40, 40, 1.6, 1.2, 52, 250, 52, 700, 40_000),
    SMTP(6, 25, 20, 0.70, 14, 1.0, 0.6, 60, 1500, 52, 180, 1_800),
    IMAPS(6, 993, 12, 0.00, 18, 1.0, 1.4, 52, 300, 150, 1500, 8_000),
    SMB(6, 445, 15, 0.60, 25, 1.5, 1.5, 90, 1500, 90, 1500, 4_000),
    RDP(6, 3389, 10, 0.50, 150, 1.2, 1.8, 60, 300, 100, 1400, 60_000),
    ICMP_ECHO(1, 0x0800, 40, 0.30, 3, 0.8, 1.0, 84, 84, 84, 84, 3_000),
    HIGH_TCP(6, 8443, 40, 0.20, 9, 1.4, 1.5, 52, 900, 52, 1400, 2_000),
    /** Single SYN probes from a handful of scanners to random internal hosts and ports. */
    SCAN(6, 0, 45, 1.00, 1, 0.0, 1.0, 44, 44, 40, 40, 0);

    final int proto;
    /** Server port; for ICMP the type*256+code of the request; 0 for scans, which pick their own. */
    final int port;
    /** Relative share of connections, per mille. */
    final int share;
    final double inbound;
    final double requestPackets;
    final double sigma;
    final double responseRatio;
    final int requestBppMin;
    final int requestBppMax;
    final int responseBppMin;
    final int responseBppMax;
    final double durationMillis;

    Service(int proto, int port, int share, double inbound, double requestPackets, double sigma,
            double responseRatio, int requestBppMin, int requestBppMax, int responseBppMin, int responseBppMax,
            double durationMillis) {
        this.proto = proto;
        this.port = port;
        this.share = share;
        this.inbound = inbound;
        this.requestPackets = requestPackets;
        this.sigma = sigma;
        this.responseRatio = responseRatio;
        this.requestBppMin = requestBppMin;
        this.requestBppMax = requestBppMax;
        this.responseBppMin = responseBppMin;
        this.responseBppMax = responseBppMax;
        this.durationMillis = durationMillis;
    }

    boolean isTcp() { return proto == 6; }

    boolean isIcmp() { return proto == 1; }

    private static final Service[] VALUES = values();
    private static final int TOTAL_SHARE;
    /** SHARE_TABLE[i] is the service of the i-th per-mille slot, so a draw is one array read. */
    private static final Service[] SHARE_TABLE;

    static {
        int total = 0;
        for (Service s : VALUES) {
            total += s.share;
        }
        TOTAL_SHARE = total;
        SHARE_TABLE = new Service[total];
        int i = 0;
        for (Service s : VALUES) {
            for (int k = 0; k < s.share; k++) {
                SHARE_TABLE[i++] = s;
            }
        }
    }

    static Service pick(int draw) { return SHARE_TABLE[draw]; }

    static int totalShare() { return TOTAL_SHARE; }
}
