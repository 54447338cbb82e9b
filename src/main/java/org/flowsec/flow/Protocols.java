package org.flowsec.flow;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** IP protocol numbers and the names people use for them (IANA protocol-numbers registry). */
public final class Protocols {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private static final String[] NAMES = new String[256];
    private static final Map<String, Integer> NUMBERS = new HashMap<>();

    static {
        name(1, "ICMP"); name(2, "IGMP"); name(4, "IPIP"); name(6, "TCP"); name(17, "UDP"); name(41, "IPv6");
        name(46, "RSVP"); name(47, "GRE"); name(50, "ESP"); name(51, "AH"); name(58, "ICMP6"); name(88, "EIGRP");
        name(89, "OSPF"); name(103, "PIM"); name(112, "VRRP"); name(132, "SCTP"); name(137, "MPLS");
    }

    private Protocols() {}

    private static void name(int n, String name) {
        NAMES[n] = name;
        NUMBERS.put(name.toLowerCase(Locale.ROOT), n);
    }

    /** The protocol's name, or its number as text. */
    public static String name(int number) {
        if (number >= 0 && number < 256 && NAMES[number] != null) {
            return NAMES[number];
        }
        return Integer.toString(number);
    }

    /** The number for a name (case-insensitive) or a decimal number; -1 when unknown. */
    public static int number(String nameOrNumber) {
        String s = nameOrNumber.toLowerCase(Locale.ROOT);
        Integer n = NUMBERS.get(s);
        if (n != null) {
            return n;
        }
        if (s.equals("icmpv6")) {
            return ICMPV6;
        }
        try {
            int v = Integer.parseInt(s);
            return v >= 0 && v < 256 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static boolean isIcmp(int proto) { return proto == ICMP || proto == ICMPV6; }
}
