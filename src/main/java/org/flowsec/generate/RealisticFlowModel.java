package org.flowsec.generate;

import java.util.SplittableRandom;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * A seeded, deterministic model of what a busy border router exports: the same seed and arguments always
 * give the same flows, however the caller chunks its {@link #fill} calls.
 *
 * <h2>The network</h2>
 * <ul>
 *   <li>Three internal /16 networks, {@code 10.10.0.0/16} (ifIndex 1), {@code 10.20.0.0/16} (2) and
 *       {@code 172.20.0.0/16} (3), exported with /24 masks and a core next hop {@code 10.255.0.N}.
 *       {@value #INTERNAL_HOSTS} client hosts live in 63 /24s per network, numbered from .10 up like DHCP
 *       pools; which client opens a connection is Zipf-distributed (exponent {@value #HOST_ZIPF}), so a few
 *       busy hosts carry most flows. {@value #SERVERS} servers sit in {@code 10.10.0.10-25} and receive the
 *       inbound share of each service (Zipf exponent 1.2 among them).</li>
 *   <li>{@value #EXTERNAL_HOSTS} external hosts, Zipf exponent {@value #EXTERNAL_ZIPF}: popular ones map to
 *       big content ASes (Google, Cloudflare, Akamai, Amazon...), the long tail to other 16-bit ASNs, with
 *       /16../24 masks. Two uplinks: ifIndex 10 via {@code 203.0.113.1} and 11 via {@code 198.51.100.1}, by
 *       AS. DNS goes to four public resolvers; {@value #SCANNERS} scanners probe random internal hosts.</li>
 *   <li>A share of flows ({@code ipv6Share}) is IPv6: {@code 2001:db8:N::/48} inside, {@code 2a00::/8}
 *       outside, ICMPv6 echo instead of ICMP.</li>
 * </ul>
 *
 * <h2>The traffic</h2>
 * Each connection picks a {@link Service} by share (HTTPS, QUIC, DNS, HTTP, NTP, SSH, SMTP, IMAPS, SMB,
 * RDP, ICMP echo, other TCP, SYN scans), a direction (outbound from a client, or inbound to a server, by
 * the service's inbound share) and an ephemeral client port (Linux 32768-60999 or Windows 49152-65535 by
 * host). It yields a request flow and, except for most scans, the response flow with addresses, ports,
 * interfaces, next hop, AS and masks swapped. Packets are log-normal per service; 3% of web downloads are
 * elephants with Pareto ({@value #ELEPHANT_ALPHA}) packet counts. Bytes are packets times a bytes-per-packet
 * drawn from the service's range, so they always lie in 40..1500 per packet. TCP flags follow the packets:
 * SYN alone for one-packet probes, SYN|ACK|PSH|FIN for completed connections, RST for 5% of them, ACK|PSH
 * for flows cut by the active timeout.
 *
 * <h2>Time</h2>
 * The simulated clock advances by {@code 1/flowsPerSecond} per flow from {@code startMillis}, so at the
 * target rate flow time tracks wall time. A flow ends ({@code last}) shortly before the clock when TCP
 * closed it, 15 s before (the inactive timeout) for UDP, ICMP and probes; it lasts log-normally around the
 * service's duration, capped at the 120 s active timeout (end reason 2). {@code first <= last <= now}.
 */
public final class RealisticFlowModel {
    static final int INTERNAL_HOSTS = 12_000;
    static final double HOST_ZIPF = 1.05;
    static final int SERVERS = 16;
    static final int EXTERNAL_HOSTS = 50_000;
    static final double EXTERNAL_ZIPF = 1.1;
    static final int SCANNERS = 20;
    static final double ELEPHANT_ALPHA = 1.1;
    static final long ACTIVE_TIMEOUT_MS = 120_000;
    static final long INACTIVE_TIMEOUT_MS = 15_000;
    static final int MAX_PACKETS = 2_000_000; // keeps bytes below 2^32 for 32-bit v5/v9 counters

    private static final int TCP = 6;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    private final SplittableRandom random;
    private final long startMillis;
    private final double millisPerFlow;
    private final double ipv6Share;
    private final ZipfSampler clients = new ZipfSampler(INTERNAL_HOSTS, HOST_ZIPF);
    private final ZipfSampler servers = new ZipfSampler(SERVERS, 1.2);
    private final ZipfSampler externals = new ZipfSampler(EXTERNAL_HOSTS, EXTERNAL_ZIPF);
    private final ZipfSampler resolvers = new ZipfSampler(4, 1.5);
    private final ZipfSampler scanners = new ZipfSampler(SCANNERS, 1.5);
    private final Hosts hosts = new Hosts();
    /** A response that did not fit the caller's count; written first by the next fill. */
    private final FlowBatch pending = new FlowBatch(1);
    private long generated;

    /**
     * @param flowsPerSecond how fast the simulated clock runs, in flows per second of flow time
     * @param ipv6Share      share of connections over IPv6, 0..1 (0 for NetFlow v5, which cannot carry them)
     */
    public RealisticFlowModel(long seed, long startMillis, double flowsPerSecond, double ipv6Share) {
        if (!(flowsPerSecond > 0)) {
            throw new IllegalArgumentException("flows per second must be positive, was " + flowsPerSecond);
        }
        if (!(ipv6Share >= 0 && ipv6Share <= 1)) {
            throw new IllegalArgumentException("IPv6 share must be within 0..1, was " + ipv6Share);
        }
        this.random = new SplittableRandom(seed);
        this.startMillis = startMillis;
        this.millisPerFlow = 1000.0 / flowsPerSecond;
        this.ipv6Share = ipv6Share;
    }

    /** Flows generated so far. */
    public long generated() { return generated; }

    /** The simulated clock: when the next flow is exported. */
    public long nowMillis() { return millisAt(generated); }

    /** The simulated clock when flow number {@code flowIndex} (counting from 0) is exported. */
    public long millisAt(long flowIndex) { return startMillis + (long) (flowIndex * millisPerFlow); }

    /** Appends exactly {@code count} flows to {@code batch}. */
    public void fill(FlowBatch batch, int count) {
        int target = batch.size() + count;
        if (count > 0 && !pending.isEmpty()) {
            batch.appendRow(pending, 0);
            pending.clear();
            generated++;
        }
        while (batch.size() < target) {
            connection(batch, batch.size() + 1 < target ? batch : null);
        }
    }

    /** Writes one connection's request to {@code out} and its response to {@code responseOut} or pending. */
    private void connection(FlowBatch out, FlowBatch responseOut) {
        long now = nowMillis();
        Service s = Service.pick(random.nextInt(Service.totalShare()));
        boolean v6 = s != Service.SCAN && random.nextDouble() < ipv6Share;
        boolean inbound = random.nextDouble() < s.inbound;

        int client;
        int server;
        if (s == Service.SCAN) {
            client = Hosts.SCANNER_BASE + scanners.next(random);
            server = random.nextInt(INTERNAL_HOSTS);
        } else if (inbound) {
            client = externals.next(random);
            server = Hosts.SERVER_BASE + servers.next(random);
        } else {
            client = clients.next(random);
            server = s == Service.DNS ? Hosts.RESOLVER_BASE + resolvers.next(random) : externals.next(random);
        }
        boolean clientInside = s != Service.SCAN && !inbound;
        int proto = s.isIcmp() && v6 ? 58 : s.proto;
        int serverPort = s == Service.SCAN ? Hosts.scanPort(random) : s.port;
        if (s.isIcmp()) {
            serverPort = v6 ? 128 << 8 : s.port; // echo request, as type*256+code
        } else if (s == Service.HIGH_TCP) {
            serverPort = Hosts.highPort(random);
        }
        int clientPort = s.isIcmp() ? 0 : Hosts.ephemeralPort(random, client);

        // packets and duration
        boolean elephant = (s == Service.HTTPS || s == Service.QUIC || s == Service.HTTP) && random.nextDouble() < 0.03;
        long reqPackets;
        long respPackets;
        double duration;
        if (s == Service.SCAN) {
            reqPackets = 1;
            respPackets = 1;
            duration = 0;
        } else if (elephant) {
            respPackets = Math.min(MAX_PACKETS, (long) (2000 / Math.pow(1 - random.nextDouble(), 1 / ELEPHANT_ALPHA)));
            reqPackets = Math.max(1, respPackets / 2);
            duration = logNormal(30_000, 1.0);
        } else {
            reqPackets = Math.min(MAX_PACKETS, Math.max(1, Math.round(logNormal(s.requestPackets, s.sigma))));
            respPackets = Math.min(MAX_PACKETS, Math.max(1, Math.round(reqPackets * s.responseRatio * logNormal(1, 0.3))));
            duration = reqPackets == 1 ? 0 : logNormal(s.durationMillis, 1.0);
        }
        boolean activeTimeout = duration > ACTIVE_TIMEOUT_MS;
        long durationMs = Math.min(ACTIVE_TIMEOUT_MS, (long) duration);
        boolean tcpClosed = s.isTcp() && s != Service.SCAN && reqPackets >= 3 && !activeTimeout;
        long exportDelay = activeTimeout ? random.nextInt(1000)
                : tcpClosed ? (long) (-300 * Math.log(1 - random.nextDouble())) % 5_000
                : INACTIVE_TIMEOUT_MS + random.nextInt(1000);
        long last = now - exportDelay;
        long first = last - durationMs;
        int endReason = activeTimeout ? 2 : tcpClosed ? 3 : 1;

        int reqFlags = 0;
        int respFlags = 0;
        if (proto == TCP) {
            if (s == Service.SCAN) {
                reqFlags = SYN;
                respFlags = RST | ACK;
            } else if (activeTimeout) {
                reqFlags = ACK | PSH;
                respFlags = ACK | PSH;
            } else if (reqPackets < 3) {
                reqFlags = reqPackets == 1 ? SYN : SYN | ACK;
                respFlags = SYN | ACK;
            } else {
                int close = random.nextInt(20) == 0 ? RST : FIN;
                reqFlags = SYN | ACK | PSH | close;
                respFlags = SYN | ACK | PSH | FIN;
            }
        }
        int tos = s == Service.SSH ? 0x48 : random.nextInt(50) == 0 ? 0xB8 : 0;

        int row = out.addRow();
        out.set(Field.FIRST, row, first);
        out.set(Field.LAST, row, last);
        hosts.endpoints(out, row, client, server, clientInside, v6);
        out.set(Field.SRC_PORT, row, clientPort);
        out.set(Field.DST_PORT, row, serverPort);
        out.set(Field.PROTO, row, proto);
        out.set(Field.TCP_FLAGS, row, reqFlags);
        out.set(Field.TOS, row, tos);
        out.set(Field.PACKETS, row, reqPackets);
        out.set(Field.BYTES, row, reqPackets * bytesPerPacket(s.isTcp() && reqPackets <= 2, s.requestBppMin, s.requestBppMax));
        icmp(out, row, proto, serverPort);
        out.set(Field.DIRECTION, row, 0);
        out.set(Field.END_REASON, row, endReason);
        generated++;

        boolean answered = s != Service.SCAN || random.nextInt(5) == 0;
        if (!answered) {
            return;
        }
        FlowBatch target = responseOut != null ? responseOut : pending;
        int r = target.addRow();
        long rtt = durationMs == 0 ? 0 : Math.min(durationMs, 1 + random.nextInt(60));
        target.set(Field.FIRST, r, first + rtt);
        target.set(Field.LAST, r, last);
        hosts.endpoints(target, r, server, client, !clientInside, v6);
        int replyPort = s.isIcmp() ? 0 : clientPort; // echo reply is type 0 code 0 (v6: 129)
        if (s.isIcmp() && v6) {
            replyPort = 129 << 8;
        }
        target.set(Field.SRC_PORT, r, s.isIcmp() ? 0 : serverPort);
        target.set(Field.DST_PORT, r, replyPort);
        target.set(Field.PROTO, r, proto);
        target.set(Field.TCP_FLAGS, r, respFlags);
        target.set(Field.TOS, r, tos);
        target.set(Field.PACKETS, r, respPackets);
        target.set(Field.BYTES, r, respPackets * bytesPerPacket(s.isTcp() && respPackets <= 2, s.responseBppMin, s.responseBppMax));
        icmp(target, r, proto, replyPort);
        target.set(Field.DIRECTION, r, 0);
        target.set(Field.END_REASON, r, endReason);
        if (target == out) {
            generated++;
        }
    }

    private static void icmp(FlowBatch b, int row, int proto, int dstPort) {
        if (proto == 1 || proto == 58) {
            b.set(Field.ICMP_TYPE, row, dstPort >>> 8);
            b.set(Field.ICMP_CODE, row, dstPort & 0xFF);
        }
    }

    /** Handshake-only TCP flows carry bare SYN/ACK/RST segments of 40..64 bytes, not payload. */
    private long bytesPerPacket(boolean handshakeOnly, int min, int max) {
        return handshakeOnly ? between(40, Math.min(64, max)) : between(min, max);
    }

    private long between(int min, int max) {
        return min == max ? min : min + random.nextInt(max - min + 1);
    }

    private double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }
}
