package org.flowsec.generate.scenario;

import static org.flowsec.generate.scenario.FlowTable.ACK;
import static org.flowsec.generate.scenario.FlowTable.FIN;
import static org.flowsec.generate.scenario.FlowTable.PSH;
import static org.flowsec.generate.scenario.FlowTable.RST;
import static org.flowsec.generate.scenario.FlowTable.SYN;
import static org.flowsec.generate.scenario.FlowTable.TCP;
import static org.flowsec.generate.scenario.FlowTable.UDP;
import static org.flowsec.generate.scenario.Net.ip;
import static org.flowsec.generate.scenario.Net.text;

import java.util.List;

/** Compromised inside hosts and worms that flow signatures recognise. */
final class SignatureScenarios {
    static final int SESSION = SYN | ACK | PSH | FIN;

    private SignatureScenarios() {}

    /**
     * backdoor, two labels:
     * <ol>
     *   <li>Back Orifice: 192.0.2.(40+n) opens four short sessions to tcp/31337 on 10.20.200.(30+n) a minute
     *       or two apart, then an interactive one of 40-45 minutes, which the active timeout splits. The
     *       inside host answers from source port 31337: it runs the server.</li>
     *   <li>Blaster: 192.0.2.(45+n) exploits tcp/135 of 10.20.200.(35+n), uses the shell the exploit opened
     *       on tcp/4444 for about a minute, and the victim fetches msblast.exe (6176 bytes) by TFTP from the
     *       attacker (udp/69).</li>
     * </ol>
     */
    static void backdoor(ScenarioContext c) {
        int controller = ip(192, 0, 2, 40 + c.ordinal);
        int inside = ip(10, 20, 200, 30 + c.ordinal);
        int tag = c.label(ScenarioKind.BACKDOOR,
                "an inside host answers on tcp/31337 (Back Orifice): four short sessions, then a 40-minute one",
                List.of(controller), text(inside), "host " + text(inside) + " and port 31337 and proto tcp");
        long t = c.start;
        for (int s = 0; s < 5; s++) {
            boolean interactive = s == 4;
            long duration = interactive ? c.between(40 * 60_000, 45 * 60_000) : c.between(2_000, 20_000);
            long packets = interactive ? c.between(1500, 3000) : c.between(8, 40);
            int sport = Net.ephemeral(c.random);
            long rtt = c.rtt();
            c.out.add(tag, t, t + duration, controller, inside, sport, 31337, TCP, SESSION, packets, packets * c.between(60, 120));
            long back = Math.max(1, packets - c.random.nextInt(4));
            c.out.add(tag, t + rtt, t + duration, inside, controller, 31337, sport, TCP, SESSION, back,
                    back * c.between(80, 400));
            t += c.between(60_000, 120_000);
        }

        int attacker = ip(192, 0, 2, 45 + c.ordinal);
        int victim = ip(10, 20, 200, 35 + c.ordinal);
        int blaster = c.label(ScenarioKind.BACKDOOR,
                "Blaster: DCOM exploit on tcp/135, then a shell session on tcp/4444 and a TFTP download of msblast.exe",
                List.of(attacker), text(victim),
                "host " + text(attacker) + " and host " + text(victim) + " and (port 135 or port 4444 or proto udp)");
        t = c.start + c.between(10_000, 30_000);
        int sport = Net.ephemeral(c.random);
        long rtt = c.rtt();
        c.out.add(blaster, t, t + 1_500, attacker, victim, sport, 135, TCP, SESSION, 9, 2_108);
        c.out.add(blaster, t + rtt, t + 1_500, victim, attacker, 135, sport, TCP, SESSION | RST, 6, 476);
        t += 2_000;
        int shellPort = Net.ephemeral(c.random);
        long shell = c.between(40_000, 80_000);
        c.out.add(blaster, t, t + shell, attacker, victim, shellPort, 4444, TCP, SESSION, 14, 812);
        c.out.add(blaster, t + rtt, t + shell, victim, attacker, 4444, shellPort, TCP, SESSION, 12, 1_894);
        // TFTP: the request goes to port 69, the data comes from the server's new port to the client's
        long tftp = t + 5_000;
        int client = Net.ephemeral(c.random);
        int serverPort = Net.ephemeral(c.random);
        c.out.add(blaster, tftp, tftp + 3_000, victim, attacker, client, 69, UDP, 0, 1, 46);
        c.out.add(blaster, tftp + rtt, tftp + 3_000, attacker, victim, serverPort, client, UDP, 0, 13, 6_176 + 13 * 32);
        c.out.add(blaster, tftp + rtt, tftp + 3_000, victim, attacker, client, serverPort, UDP, 0, 13, 13 * 32);
    }

    /**
     * codered: three infected outside hosts 192.0.2.(50+3n..52+3n) each send 80 probes to tcp/80 of random
     * addresses in 10.10.0.0-10.10.199.255, about 20 a second. A probe to an absent host is three SYNs in 9 s (48 bytes
     * each: 3 packets, 144 bytes, the failed Code Red probe); a fifth of the targets reset; every tenth probe
     * hits one of the web servers 10.10.200.(120..123), which receives the worm itself: 7 packets, 4327
     * bytes, FIN set, and answers with 4 packets.
     */
    static void codeRed(ScenarioContext c) {
        int base = 50 + 3 * c.ordinal;
        int[] worms = {ip(192, 0, 2, base), ip(192, 0, 2, base + 1), ip(192, 0, 2, base + 2)};
        int tag = c.label(ScenarioKind.CODERED,
                "Code Red: three infected hosts probe tcp/80 across 10.10.0.0/16 and infect web servers "
                        + "(7 packets, 4327 bytes, FIN)",
                List.of(worms[0], worms[1], worms[2]), "10.10.0.0/16",
                "proto tcp and port 80 and ip in [" + text(worms[0]) + " " + text(worms[1]) + " " + text(worms[2]) + "]");
        for (int w = 0; w < worms.length; w++) {
            long t = c.start + w * c.between(1_000, 5_000);
            for (int p = 0; p < 80; p++) {
                int sport = 1024 + c.random.nextInt(4000); // Windows 2000 clients count up from 1024
                long rtt = c.rtt();
                if (p % 10 == 9) {
                    int server = ip(10, 10, 200, 120 + c.random.nextInt(4));
                    c.out.add(tag, t, t + 1_200, worms[w], server, sport, 80, TCP, SESSION, 7, 4327);
                    c.out.add(tag, t + rtt, t + 1_200, server, worms[w], 80, sport, TCP, SESSION, 4, 556);
                } else {
                    // 10.10.200.x and up hold the other scenarios' hosts: stay below, where the background lives
                    int target = ip(10, 10, c.random.nextInt(200), 1 + c.random.nextInt(254));
                    if (c.random.nextInt(5) == 0) {
                        c.out.add(tag, t, t, worms[w], target, sport, 80, TCP, SYN, 1, 48);
                        c.out.add(tag, t + rtt, t + rtt, target, worms[w], 80, sport, TCP, RST | ACK, 1, 40);
                    } else {
                        c.out.add(tag, t, t + 9_000, worms[w], target, sport, 80, TCP, SYN, 3, 144);
                    }
                }
                t += c.expGap(50);
            }
        }
    }
}
