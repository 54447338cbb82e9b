package org.flowsec.generate.scenario;

import static org.flowsec.generate.scenario.FlowTable.ACK;
import static org.flowsec.generate.scenario.FlowTable.BACKGROUND;
import static org.flowsec.generate.scenario.FlowTable.FIN;
import static org.flowsec.generate.scenario.FlowTable.PSH;
import static org.flowsec.generate.scenario.FlowTable.SYN;
import static org.flowsec.generate.scenario.FlowTable.TCP;
import static org.flowsec.generate.scenario.FlowTable.UDP;
import static org.flowsec.generate.scenario.Net.ip;

import java.util.SplittableRandom;

/**
 * Long-lived background connections: the background model's own flows last at most two minutes, so
 * without these no background flow would reach a 30-minute active timeout. Six inside hosts of
 * 10.20.200.200-205 hold an interactive ssh session, an idle IMAP connection, an IPsec NAT-T tunnel, a
 * video stream, a remote desktop and a long download, each lasting 40 minutes to 3 hours and begun up to
 * an hour before the run, so their records arrive split, with start times far in the past. Volumes are
 * those of ordinary use (at most a few hundred MB an hour).
 */
final class LongSessions {
    private LongSessions() {}

    static void generate(FlowTable out, SplittableRandom random, long runStart, long runEnd) {
        //                     port  proto  packets/min   bytes/packet out, back
        int[][] kinds = {
            {22, TCP, 60, 90, 180},        // interactive ssh
            {993, TCP, 4, 80, 300},        // IMAP IDLE
            {4500, UDP, 3000, 700, 900},   // IPsec NAT-T tunnel
            {443, TCP, 2500, 60, 1400},    // video stream
            {3389, TCP, 1500, 120, 900},   // remote desktop
            {443, TCP, 4000, 60, 1450},    // long download
        };
        for (int i = 0; i < kinds.length; i++) {
            int[] k = kinds[i];
            int local = ip(10, 20, 200, 200 + i);
            int remote = Net.randomPublic(random);
            long first = runStart - random.nextLong(3_600_000);
            long last = Math.max(first + 40 * 60_000, Math.min(runEnd, first + 40 * 60_000 + random.nextLong(140 * 60_000)));
            long minutes = Math.max(1, (last - first) / 60_000);
            long packets = minutes * k[2];
            int sport = k[1] == UDP ? 4500 : Net.ephemeral(random);
            int flags = k[1] == TCP ? SYN | ACK | PSH | FIN : 0;
            out.add(BACKGROUND, first, last, local, remote, sport, k[0], k[1], flags, packets, packets * k[3]);
            out.add(BACKGROUND, first + 30, last, remote, local, k[0], sport, k[1], flags, packets, packets * k[4]);
        }
    }
}
