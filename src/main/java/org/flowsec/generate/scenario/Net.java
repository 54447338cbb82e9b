package org.flowsec.generate.scenario;

import java.util.SplittableRandom;
import org.flowsec.flow.Addresses;

/**
 * The address plan of the scenarios. The home network is the private ranges (10.0.0.0/8,
 * 172.16.0.0/12, 192.168.0.0/16), what detectors assume without a {@code home} setting and where the
 * background model keeps its hosts (10.10/16, 10.20/16, 172.20/16). Scenario hosts live where the
 * background never goes, so every flow an evidence filter selects belongs to its scenario:
 * <ul>
 *   <li>inside: 10.10.200.0/24 (servers), 10.20.200.0/24 (clients) and the scanned 10.10.201-209 and
 *       10.20.202-211 networks; background hosts use only the .1-.63 subnets and 10.10.0.x;</li>
 *   <li>attackers, controllers, trackers: 192.0.2.0/24 (TEST-NET-1), as the background never uses
 *       192.x.x.x outside;</li>
 *   <li>spoofed sources, reflectors, peers: random public addresses ({@link #randomPublic}).</li>
 * </ul>
 */
final class Net {
    static final int UPLINK_IF = 10;
    static final int UPLINK_HOP = ip(203, 0, 113, 1);
    static final int CORE_HOP = ip(10, 255, 0, 0);

    private Net() {}

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static boolean isHome(int a) {
        return a >>> 24 == 10 || (a & 0xFFF0_0000) == ip(172, 16, 0, 0) || a >>> 16 == (192 << 8 | 168);
    }

    /** Inside interface by network, as the background model numbers them: 10.10/16 → 1, 10.20/16 → 2, else 3. */
    static int interfaceOf(int inside) {
        int b = inside >>> 16 & 0xFF;
        return inside >>> 24 == 10 ? (b == 10 ? 1 : b == 20 ? 2 : 3) : 3;
    }

    static int asOf(int outside) {
        if (outside >>> 8 == ip(192, 0, 2, 0) >>> 8) {
            return 64496; // documentation AS for documentation addresses
        }
        return 1000 + Math.floorMod(outside >>> 16, 60_000);
    }

    static String text(int a) {
        return Addresses.formatV4(a);
    }

    /** A random unicast public IPv4 address: no private, loopback, link-local, CGN, multicast or 192/8. */
    static int randomPublic(SplittableRandom random) {
        while (true) {
            int first = 1 + random.nextInt(223);
            if (first == 10 || first == 100 || first == 127 || first == 169 || first == 172 || first == 192
                    || first == 198 || first == 203) {
                continue;
            }
            return first << 24 | random.nextInt(1 << 24);
        }
    }

    /** A Linux client port (32768-60999). */
    static int ephemeral(SplittableRandom random) {
        return 32768 + random.nextInt(28232);
    }
}
