package org.flowsec.generate.scenario;

import static org.flowsec.generate.scenario.FlowTable.ACK;
import static org.flowsec.generate.scenario.FlowTable.SYN;
import static org.flowsec.generate.scenario.FlowTable.TCP;
import static org.flowsec.generate.scenario.FlowTable.UDP;
import static org.flowsec.generate.scenario.Net.ip;
import static org.flowsec.generate.scenario.Net.text;

import java.util.ArrayList;
import java.util.List;

/** Denial of service against one inside host: a spoofed SYN flood and a DNS/NTP reflection flood. */
final class FloodScenarios {
    /** SYN-only flows per second of the flood. */
    static final int SYN_RATE = 1000;
    static final int SYN_SECONDS = 15;
    static final int DNS_REFLECTORS = 150;
    static final int NTP_REFLECTORS = 80;
    static final long AMPLIFICATION_MILLIS = 60_000;

    private FloodScenarios() {}

    /**
     * syn-flood: {@value #SYN_RATE} SYNs a second for {@value #SYN_SECONDS} s (hping3 --flood --rand-source)
     * to tcp/80 of 10.10.200.(80+n), each from a random spoofed address and port: one 40-byte SYN-only flow
     * per SYN. The victim's SYN|ACKs (1-3 packets with retransmissions) go back to the spoofed addresses for
     * the 40% it still answers, the backscatter a real flood produces.
     */
    static void synFlood(ScenarioContext c) {
        int victim = ip(10, 10, 200, 80 + c.ordinal);
        int total = SYN_RATE * SYN_SECONDS;
        List<Integer> sources = new ArrayList<>(total);
        int[] src = new int[total];
        for (int i = 0; i < total; i++) {
            src[i] = Net.randomPublic(c.random);
            sources.add(src[i]);
        }
        int tag = c.label(ScenarioKind.SYN_FLOOD,
                "spoofed SYN flood, 1000 SYN-only flows per second from random sources to tcp/80 for 15 s",
                sources, text(victim), "host " + text(victim) + " and port 80 and proto tcp");
        long t = c.start;
        for (int i = 0; i < total; i++) {
            int sport = 1024 + c.random.nextInt(64512);
            c.out.add(tag, t, t, src[i], victim, sport, 80, TCP, SYN, 1, 40);
            if (c.random.nextInt(10) < 4) {
                int retries = c.random.nextInt(3);
                long at = t + 1;
                c.out.add(tag, at, at + (retries == 0 ? 0 : retries == 1 ? 1000 : 3000), victim, src[i], 80, sport, TCP,
                        SYN | ACK, retries + 1, 44L * (retries + 1));
            }
            t += c.expGap(1000.0 / SYN_RATE);
        }
    }

    /**
     * udp-amplification: for 60 s, {@value #DNS_REFLECTORS} open DNS resolvers (source port 53, ANY answers
     * of 1200-1500 bytes a packet) and {@value #NTP_REFLECTORS} NTP servers (source port 123, monlist
     * answers of 482 bytes) send the answers to queries spoofed from 10.20.200.(90+n): each reflector 1-4
     * flows of 20-400 packets to random victim ports. The victim has nothing listening and answers a third
     * of the flows with ICMP port unreachable, rate-limited to one a second.
     */
    static void udpAmplification(ScenarioContext c) {
        int victim = ip(10, 20, 200, 90 + c.ordinal);
        int n = DNS_REFLECTORS + NTP_REFLECTORS;
        int[] reflectors = new int[n];
        List<Integer> listed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reflectors[i] = Net.randomPublic(c.random);
            listed.add(reflectors[i]);
        }
        String v = text(victim);
        int tag = c.label(ScenarioKind.UDP_AMPLIFICATION,
                "DNS and NTP reflection flood: 230 reflectors send large answers from ports 53 and 123 for 60 s",
                listed, v, "host " + v + " and (proto udp and (src port 53 or src port 123) or proto icmp)");
        for (int i = 0; i < n; i++) {
            boolean dns = i < DNS_REFLECTORS;
            int flows = 1 + c.random.nextInt(4);
            for (int f = 0; f < flows; f++) {
                long first = c.start + c.random.nextLong(AMPLIFICATION_MILLIS - 5_000);
                long last = Math.min(c.start + AMPLIFICATION_MILLIS, first + c.between(2_000, 30_000));
                long packets = c.between(20, 400);
                long bytes = dns ? packets * c.between(1200, 1500) : packets * 482;
                int dport = 1024 + c.random.nextInt(64512);
                c.out.add(tag, first, last, reflectors[i], victim, dns ? 53 : 123, dport, UDP, 0, packets, bytes);
                if (c.random.nextInt(3) == 0) {
                    long unreachables = Math.max(1, Math.min(packets, (last - first) / 1000));
                    c.out.icmp(tag, first + 1, last + 1, victim, reflectors[i], 3, 3, unreachables, unreachables * 70);
                }
            }
        }
    }
}
