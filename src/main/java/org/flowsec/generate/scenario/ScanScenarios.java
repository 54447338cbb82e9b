package org.flowsec.generate.scenario;

import static org.flowsec.generate.scenario.FlowTable.ACK;
import static org.flowsec.generate.scenario.FlowTable.RST;
import static org.flowsec.generate.scenario.FlowTable.SYN;
import static org.flowsec.generate.scenario.FlowTable.TCP;
import static org.flowsec.generate.scenario.Net.ip;
import static org.flowsec.generate.scenario.Net.text;

import java.util.List;

/**
 * TCP SYN scans as nmap runs them, with the answers a real network gives: a closed port answers RST|ACK
 * (one 40-byte packet), an open one SYN|ACK, which the scanner resets (its flow then has SYN and RST, two
 * packets); a filtered port or absent host stays silent (the probe flow is SYN only and expires idle),
 * and for some absent hosts the gateway sends ICMP host unreachable.
 */
final class ScanScenarios {
    private ScanScenarios() {}

    enum Answer { NONE, RESET, OPEN, UNREACHABLE }

    /**
     * vertical-scan: 192.0.2.(10+n) probes ports 1..1024 of 10.10.200.(10+n) in random order, about 200
     * probes a second (nmap -T4); 22, 80 and 443 are open, 5% of the rest filtered (no answer, and nmap
     * retransmits: two SYNs), the others closed.
     */
    static void vertical(ScenarioContext c) {
        int attacker = ip(192, 0, 2, 10 + c.ordinal);
        int victim = ip(10, 10, 200, 10 + c.ordinal);
        int tag = c.label(ScenarioKind.VERTICAL_SCAN,
                "SYN scan of ports 1-1024 on one host, about 200 probes per second", List.of(attacker), text(victim),
                "host " + text(attacker) + " and host " + text(victim));
        int[] ports = shuffled(c, 1, 1024);
        int sport = 40000 + c.random.nextInt(20000); // nmap uses one source port for a whole scan
        long t = c.start;
        for (int port : ports) {
            Answer a = port == 22 || port == 80 || port == 443 ? Answer.OPEN
                    : c.random.nextInt(20) == 0 ? Answer.NONE : Answer.RESET;
            probe(c, tag, t, attacker, victim, sport, port, a, a == Answer.NONE ? 2 : 1, victim);
            t += 2 + c.random.nextInt(7);
        }
    }

    /**
     * horizontal-scan: 192.0.2.(20+n) sweeps tcp/445 over the 507 host addresses of 10.20.(202+2n).0/23
     * (all but the gateway .1) in random order, about 50 a second. 30% of the addresses hold a host: of those 85% reset, 15% are open;
     * of the absent ones the gateway .1 answers a fifth with ICMP host unreachable.
     */
    static void horizontal(ScenarioContext c) {
        int attacker = ip(192, 0, 2, 20 + c.ordinal);
        int net = ip(10, 20, 202 + 2 * c.ordinal, 0);
        int gateway = net | 1;
        int tag = c.label(ScenarioKind.HORIZONTAL_SCAN,
                "SYN sweep of tcp/445 over a /23, about 50 probes per second", List.of(attacker),
                text(net) + "/23", "host " + text(attacker));
        int[] offsets = shuffled(c, 2, 511);
        long t = c.start;
        for (int off : offsets) {
            if ((off & 0xFF) == 0 || (off & 0xFF) == 255) {
                continue;
            }
            int target = net + off;
            Answer a;
            if (c.random.nextInt(100) < 30) {
                a = c.random.nextInt(100) < 85 ? Answer.RESET : Answer.OPEN;
            } else {
                a = c.random.nextInt(5) == 0 ? Answer.UNREACHABLE : Answer.NONE;
            }
            probe(c, tag, t, attacker, target, Net.ephemeral(c.random), 445, a, 1, a == Answer.UNREACHABLE ? gateway : target);
            t += c.expGap(20);
        }
    }

    /**
     * slow-scan: 192.0.2.(30+n) sends one SYN every 30 s (jitter ±3 s) to tcp/22, 23 or 3389 of 60
     * hosts of 10.10.(201+n).0/24, for half an hour: 60% of targets are absent, 35% reset, 5% open.
     */
    static void slow(ScenarioContext c) {
        int attacker = ip(192, 0, 2, 30 + c.ordinal);
        int net = ip(10, 10, 201 + c.ordinal, 0);
        int tag = c.label(ScenarioKind.SLOW_SCAN,
                "slow SYN scan, one probe every 30 s to ssh, telnet or rdp on 60 hosts of a /24", List.of(attacker),
                text(net) + "/24", "host " + text(attacker));
        int[] hosts = shuffled(c, 2, 254);
        int[] ports = {22, 23, 3389};
        long t = c.start;
        for (int i = 0; i < 60; i++) {
            int r = c.random.nextInt(100);
            Answer a = r < 60 ? Answer.NONE : r < 95 ? Answer.RESET : Answer.OPEN;
            probe(c, tag, t, attacker, net | hosts[i], Net.ephemeral(c.random), ports[c.random.nextInt(ports.length)],
                    a, 1, net | hosts[i]);
            t += 27_000 + c.random.nextInt(6_001);
        }
    }

    /** One probe and its answer; {@code answerer} sends the ICMP error (the gateway) or is the target. */
    private static void probe(ScenarioContext c, int tag, long t, int attacker, int target, int sport, int port,
                              Answer a, int synPackets, int answerer) {
        long rtt = c.rtt();
        switch (a) {
            case NONE -> c.out.add(tag, t, t + (synPackets - 1) * 1000L, attacker, target, sport, port, TCP, SYN,
                    synPackets, 44L * synPackets);
            case RESET -> {
                c.out.add(tag, t, t, attacker, target, sport, port, TCP, SYN, 1, 44);
                c.out.add(tag, t + rtt, t + rtt, target, attacker, port, sport, TCP, RST | ACK, 1, 40);
            }
            case OPEN -> {
                c.out.add(tag, t, t + rtt, attacker, target, sport, port, TCP, SYN | RST, 2, 84);
                c.out.add(tag, t + rtt / 2, t + rtt / 2, target, attacker, port, sport, TCP, SYN | ACK, 1, 44);
            }
            case UNREACHABLE -> {
                c.out.add(tag, t, t, attacker, target, sport, port, TCP, SYN, 1, 44);
                c.out.icmp(tag, t + rtt / 2, t + rtt / 2, answerer, attacker, 3, 1, 1, 72);
            }
        }
    }

    /** The numbers from..to in an order drawn from the scenario's random stream (Fisher-Yates). */
    static int[] shuffled(ScenarioContext c, int from, int to) {
        int[] a = new int[to - from + 1];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        for (int i = a.length - 1; i > 0; i--) {
            int j = c.random.nextInt(i + 1);
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
        return a;
    }
}
