package org.flowsec.detect.flood;

import java.util.List;

/**
 * UDP source ports of services abused as amplifiers or reflectors (US-CERT alert TA14-017A and later
 * memcached, WS-Discovery advisories), as a 64 Ki-entry lookup so the flow path is one array read.
 */
final class AmplificationPorts {
    static final List<Integer> DEFAULT_PORTS =
            List.of(17, 19, 53, 111, 123, 161, 389, 500, 1900, 3702, 4500, 11211);

    private final boolean[] amplifier = new boolean[65536];

    AmplificationPorts(List<Integer> ports) {
        for (Integer p : ports == null ? List.<Integer>of() : ports) {
            if (p == null || p < 0 || p > 65535) {
                throw new IllegalArgumentException("flood.amplification_ports: " + p + " is not a port (0-65535)");
            }
            amplifier[p] = true;
        }
    }

    boolean contains(long port) {
        return port >= 0 && port < 65536 && amplifier[(int) port];
    }

    /** What a person calls the attack: "DNS amplification". */
    static String service(int port) {
        return switch (port) {
            case 17 -> "QOTD";
            case 19 -> "chargen";
            case 53 -> "DNS";
            case 111 -> "portmap";
            case 123 -> "NTP";
            case 137 -> "NetBIOS";
            case 161 -> "SNMP";
            case 389 -> "CLDAP";
            case 500, 4500 -> "ISAKMP/IKE";
            case 1900 -> "SSDP";
            case 3702 -> "WS-Discovery";
            case 5353 -> "mDNS";
            case 11211 -> "memcached";
            default -> "UDP port " + port;
        };
    }
}
