package org.flowsec.generate.scenario;

import static org.flowsec.generate.scenario.FlowTable.ACK;
import static org.flowsec.generate.scenario.FlowTable.BACKGROUND;
import static org.flowsec.generate.scenario.FlowTable.FIN;
import static org.flowsec.generate.scenario.FlowTable.PSH;
import static org.flowsec.generate.scenario.FlowTable.SYN;
import static org.flowsec.generate.scenario.FlowTable.TCP;
import static org.flowsec.generate.scenario.FlowTable.UDP;
import static org.flowsec.generate.scenario.Net.ip;
import static org.flowsec.generate.scenario.Net.text;

import java.util.List;

/** What one inside host does wrong: file sharing, password guessing at it, or a sudden huge upload. */
final class HostScenarios {
    static final int SESSION = SYN | ACK | PSH | FIN;
    static final int P2P_PEERS = 60;
    static final int DHT_NODES = 40;
    static final int BRUTEFORCE_SESSIONS = 300;
    static final int BIG_STREAMS = 8;

    private HostScenarios() {}

    /**
     * p2p: 10.20.200.(60+n) announces itself to the BitTorrent tracker 192.0.2.(90+n):6969 (an HTTP GET
     * /announce and its peer list), again 15 minutes later, and meanwhile exchanges pieces with
     * {@value #P2P_PEERS} remote peers, half on 6881-6889 and half on high ports: 70% of the connections it
     * opens, 30% come in to its port 6881. Most connections are a handshake and a bitfield, a third carry
     * megabytes and some last over half an hour. It also talks DHT (udp/6881) with {@value #DHT_NODES} nodes.
     */
    static void p2p(ScenarioContext c) {
        int local = ip(10, 20, 200, 60 + c.ordinal);
        int tracker = ip(192, 0, 2, 90 + c.ordinal);
        int tag = c.label(ScenarioKind.P2P,
                "BitTorrent: announces to a tracker on tcp/6969, then peer-wire flows with 60 peers and DHT",
                List.of(local), text(tracker), "host " + text(local));
        for (long announce : new long[] {c.start, c.start + 15 * 60_000}) {
            int sport = Net.ephemeral(c.random);
            long rtt = c.rtt();
            c.out.add(tag, announce, announce + 400, local, tracker, sport, 6969, TCP, SESSION, 6, 720);
            c.out.add(tag, announce + rtt, announce + 400, tracker, local, 6969, sport, TCP, SESSION, 5, 1_460);
        }
        long t = c.start + 2_000;
        for (int i = 0; i < P2P_PEERS; i++) {
            int peer = Net.randomPublic(c.random);
            int peerPort = i % 2 == 0 ? 6881 + c.random.nextInt(9) : 10_000 + c.random.nextInt(55_000);
            boolean outbound = c.random.nextInt(10) < 7;
            int localPort = outbound ? Net.ephemeral(c.random) : 6881;
            int r = c.random.nextInt(3);
            long duration = r == 0 ? c.between(10 * 60_000, 40 * 60_000) : c.between(2_000, 120_000);
            long down = r == 0 ? c.between(5_000, 60_000) : c.between(6, 30);
            long up = Math.max(3, r == 0 ? down / 2 + c.between(0, down / 2) : down - c.random.nextInt(4));
            long rtt = c.rtt();
            if (outbound) {
                c.out.add(tag, t, t + duration, local, peer, localPort, peerPort, TCP, SESSION, up, up * c.between(100, 900));
                c.out.add(tag, t + rtt, t + duration, peer, local, peerPort, localPort, TCP, SESSION, down,
                        down * c.between(900, 1440));
            } else {
                c.out.add(tag, t, t + duration, peer, local, peerPort, localPort, TCP, SESSION, down, down * c.between(900, 1440));
                c.out.add(tag, t + rtt, t + duration, local, peer, localPort, peerPort, TCP, SESSION, up,
                        up * c.between(100, 900));
            }
            t += c.expGap(5_000);
        }
        long d = c.start + 1_000;
        for (int i = 0; i < DHT_NODES; i++) {
            int node = Net.randomPublic(c.random);
            int nodePort = 1024 + c.random.nextInt(64512);
            long rtt = c.rtt();
            long packets = 1 + c.random.nextInt(3);
            c.out.add(tag, d, d + (packets - 1) * 5_000, local, node, 6881, nodePort, UDP, 0, packets, packets * c.between(90, 140));
            if (c.random.nextInt(4) != 0) {
                c.out.add(tag, d + rtt, d + rtt + (packets - 1) * 5_000, node, local, nodePort, 6881, UDP, 0, packets,
                        packets * c.between(150, 330));
            }
            d += c.expGap(10_000);
        }
    }

    /**
     * bruteforce: 192.0.2.(80+n) tries passwords on ssh of 10.10.200.(22+n): {@value #BRUTEFORCE_SESSIONS}
     * sessions, one every 1.6 s on average (hydra with a few tasks), each a complete TCP session of 2.5-4.5 s:
     * handshake, key exchange and a failed login, 14-18 packets and 2.4-2.9 kB from the client, 12-15
     * packets and 3-3.6 kB back. The client's ports count up, as an operating system hands them out.
     */
    static void bruteforce(ScenarioContext c) {
        int attacker = ip(192, 0, 2, 80 + c.ordinal);
        int victim = ip(10, 10, 200, 22 + c.ordinal);
        int tag = c.label(ScenarioKind.BRUTEFORCE,
                "ssh password guessing: 300 short, similar sessions from one source to tcp/22 of one host",
                List.of(attacker), text(victim), "host " + text(attacker) + " and host " + text(victim) + " and port 22");
        long t = c.start;
        int sport = Net.ephemeral(c.random);
        for (int i = 0; i < BRUTEFORCE_SESSIONS; i++) {
            long duration = c.between(2_500, 4_500);
            long rtt = c.rtt();
            long out = c.between(14, 18);
            long back = c.between(12, 15);
            c.out.add(tag, t, t + duration, attacker, victim, sport, 22, TCP, SESSION, out, c.between(2_400, 2_900));
            c.out.add(tag, t + rtt, t + duration, victim, attacker, 22, sport, TCP, SESSION, back, c.between(3_000, 3_600));
            sport = sport >= 60_999 ? 32_768 : sport + 1 + c.random.nextInt(3);
            t += c.expGap(1_600);
        }
    }

    /**
     * bigtalker: 10.20.200.(70+n) is quiet, a DNS query and a small HTTPS fetch now and then from the run's
     * start (background, not labelled), until it uploads about 20 GB to 192.0.2.(100+n):443 in twenty minutes
     * over {@value #BIG_STREAMS} parallel TCP streams of 2.3-2.7 GB (each under the 4 GB a 32-bit counter of
     * NetFlow v5/v9 holds), with the ACK flows coming back; then it is quiet again.
     */
    static void bigTalker(ScenarioContext c, long runStart) {
        int local = ip(10, 20, 200, 70 + c.ordinal);
        int sink = ip(192, 0, 2, 100 + c.ordinal);
        int tag = c.label(ScenarioKind.BIGTALKER,
                "a quiet host uploads about 20 GB in twenty minutes over eight parallel TCP streams to one address",
                List.of(local), text(sink), "host " + text(local) + " and host " + text(sink));
        quiet(c, local, runStart, c.start + 40 * 60_000);
        for (int s = 0; s < BIG_STREAMS; s++) {
            long first = c.start + c.between(0, 3_000);
            long last = first + c.between(1_170_000, 1_200_000); // four 5-minute intervals: exfiltration, not one download
            long bytes = c.between(2_300_000_000L, 2_700_000_000L);
            long packets = bytes / 1500 + 1;
            int sport = Net.ephemeral(c.random);
            long rtt = c.rtt();
            c.out.add(tag, first, last, local, sink, sport, 443, TCP, SESSION, packets, bytes);
            c.out.add(tag, first + rtt, last, sink, local, 443, sport, TCP, SESSION, packets / 2, packets / 2 * 52);
        }
    }

    /** A quiet host's own traffic: a DNS lookup and a small HTTPS fetch about every two minutes. */
    private static void quiet(ScenarioContext c, int host, long from, long to) {
        int resolver = ip(8, 8, 8, 8);
        for (long t = from + c.expGap(60_000); t < to; t += c.expGap(120_000)) {
            int server = Net.randomPublic(c.random);
            int dnsPort = Net.ephemeral(c.random);
            long rtt = c.rtt();
            c.out.add(BACKGROUND, t, t, host, resolver, dnsPort, 53, UDP, 0, 1, 74);
            c.out.add(BACKGROUND, t + rtt, t + rtt, resolver, host, 53, dnsPort, UDP, 0, 1, 190);
            int sport = Net.ephemeral(c.random);
            long d = c.between(300, 3_000);
            long packets = c.between(8, 30);
            c.out.add(BACKGROUND, t + 100, t + 100 + d, host, server, sport, 443, TCP, SESSION, packets, packets * c.between(60, 200));
            c.out.add(BACKGROUND, t + 100 + rtt, t + 100 + d, server, host, 443, sport, TCP, SESSION, packets,
                    packets * c.between(600, 1400));
        }
    }
}
