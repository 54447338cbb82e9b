package org.flowsec.generate;

import java.util.SplittableRandom;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The address plan of {@link RealisticFlowModel}: maps host numbers to addresses, interfaces, next hops,
 * AS numbers and masks, deterministically and without allocating. Host numbers below
 * {@link RealisticFlowModel#INTERNAL_HOSTS} are internal clients; {@link #SERVER_BASE} and up internal
 * servers; numbers below {@link RealisticFlowModel#EXTERNAL_HOSTS} passed as external are external hosts,
 * ranked by popularity; {@link #RESOLVER_BASE} the public DNS resolvers, {@link #SCANNER_BASE} scanners.
 */
final class Hosts {
    static final int SERVER_BASE = 1 << 20;
    static final int RESOLVER_BASE = 2 << 20;
    static final int SCANNER_BASE = 3 << 20;

    private static final int[] INTERNAL_NETS = {ip(10, 10, 0, 0), ip(10, 20, 0, 0), ip(172, 20, 0, 0)};
    private static final int[] RESOLVERS = {ip(8, 8, 8, 8), ip(1, 1, 1, 1), ip(9, 9, 9, 9), ip(208, 67, 222, 222)};
    private static final int[] RESOLVER_AS = {15169, 13335, 19281, 36692};
    /** Content and transit networks that the most popular external hosts belong to. */
    private static final int[] BIG_AS = {15169, 13335, 20940, 16509, 8075, 32934, 2906, 54113, 14618, 3356, 1299, 174};
    private static final int[] UPLINK_IF = {10, 11};
    private static final int[] UPLINK_HOP = {ip(203, 0, 113, 1), ip(198, 51, 100, 1)};
    private static final int[] SCAN_PORTS = {22, 23, 80, 443, 445, 3389, 8080, 1433, 3306, 5900, 25, 21};
    private static final int[] HIGH_PORTS = {8443, 8080, 5222, 5228, 1935, 3478, 7000, 9000};

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /** Sets address, interface, next hop, AS and mask columns for a flow from {@code src} to {@code dst}. */
    void endpoints(FlowBatch b, int row, int src, int dst, boolean srcInside, boolean v6) {
        int inside = srcInside ? src : dst;
        int outside = srcInside ? dst : src;
        int net = network(inside);
        int outsideAs = as(outside);
        int uplink = outsideAs & 1;
        if (srcInside) {
            b.set(Field.IN_IF, row, 1 + net);
            b.set(Field.OUT_IF, row, UPLINK_IF[uplink]);
            b.set(Field.DST_AS, row, outsideAs);
            b.set(Field.DST_MASK, row, outsideMask(outside, v6));
            b.set(Field.SRC_MASK, row, v6 ? 64 : 24);
        } else {
            b.set(Field.IN_IF, row, UPLINK_IF[uplink]);
            b.set(Field.OUT_IF, row, 1 + net);
            b.set(Field.SRC_AS, row, outsideAs);
            b.set(Field.SRC_MASK, row, outsideMask(outside, v6));
            b.set(Field.DST_MASK, row, v6 ? 64 : 24);
        }
        if (v6) {
            b.setAddress(Field.SRC_ADDR, row, srcInside ? insideHi(inside) : outsideHi(outside), srcInside ? insideLo(inside) : outsideLo(outside));
            b.setAddress(Field.DST_ADDR, row, srcInside ? outsideHi(outside) : insideHi(inside), srcInside ? outsideLo(outside) : insideLo(inside));
            // next hops: the uplink router's or the core's global address
            b.setAddress(Field.NEXT_HOP, row, srcInside ? 0x2001_0db8_ffff_0000L | uplink : 0x2001_0db8_fffe_0000L | net, 1);
        } else {
            b.setIpv4(Field.SRC_ADDR, row, srcInside ? insideV4(inside) : outsideV4(outside));
            b.setIpv4(Field.DST_ADDR, row, srcInside ? outsideV4(outside) : insideV4(inside));
            b.setIpv4(Field.NEXT_HOP, row, srcInside ? UPLINK_HOP[uplink] : ip(10, 255, 0, 1 + net));
        }
    }

    static int scanPort(SplittableRandom random) {
        return random.nextInt(4) == 0 ? 1 + random.nextInt(65535) : SCAN_PORTS[random.nextInt(SCAN_PORTS.length)];
    }

    static int highPort(SplittableRandom random) {
        return HIGH_PORTS[random.nextInt(HIGH_PORTS.length)];
    }

    /** Linux clients use 32768-60999, Windows clients 49152-65535; which a host is follows its number. */
    static int ephemeralPort(SplittableRandom random, int host) {
        return (host & 1) == 0 ? 32768 + random.nextInt(28232) : 49152 + random.nextInt(16384);
    }

    private static int network(int inside) {
        return inside >= SERVER_BASE ? 0 : inside % INTERNAL_NETS.length;
    }

    static int insideV4(int host) {
        if (host >= SERVER_BASE) {
            return INTERNAL_NETS[0] | 10 + (host - SERVER_BASE); // 10.10.0.10-25, the server subnet
        }
        int q = host / INTERNAL_NETS.length;
        int subnet = 1 + q % 63;
        int addr = 10 + q / 63; // hosts fill each /24 from .10 up, like a DHCP pool
        return INTERNAL_NETS[network(host)] | subnet << 8 | addr;
    }

    static int outsideV4(int host) {
        if (host >= SCANNER_BASE) {
            return ip(45, 155, 205, 0) | (host - SCANNER_BASE) * 7 + 3;
        }
        if (host >= RESOLVER_BASE) {
            return RESOLVERS[host - RESOLVER_BASE];
        }
        int h = mix(host + 0x5bd1e995);
        int first = 1 + ((h >>> 24) % 223);
        if (first == 10 || first == 100 || first == 127 || first == 169 || first == 172 || first == 192) {
            first++;
        }
        return first << 24 | (h & 0x00FF_FFFF);
    }

    static int as(int outside) {
        if (outside >= SCANNER_BASE) {
            return 49505;
        }
        if (outside >= RESOLVER_BASE) {
            return RESOLVER_AS[outside - RESOLVER_BASE];
        }
        if (outside >= SERVER_BASE || outside < 0) {
            return 0;
        }
        if (outside < 4000) {
            return BIG_AS[Math.floorMod(mix(outside >>> 3), BIG_AS.length)];
        }
        return 1000 + Math.floorMod(mix(outsideV4(outside) >>> 16), 60_000);
    }

    private static int outsideMask(int outside, boolean v6) {
        int m = Math.floorMod(mix(outside ^ 0x27d4eb2d), 9);
        return v6 ? 32 + 2 * m : 16 + m;
    }

    private static long insideHi(int host) {
        int net = network(host);
        int subnet = host >= SERVER_BASE ? 0 : 1 + (host / INTERNAL_NETS.length) % 63;
        return 0x2001_0db8_0000_0000L | (long) (net + 1) << 16 | subnet;
    }

    private static long insideLo(int host) {
        long m = mix(host) & 0xFFFF_FFFFL;
        return host >= SERVER_BASE ? 0x10 + (host - SERVER_BASE) : m << 32 | mix(host + 1) & 0xFFFF_FFFFL;
    }

    private static long outsideHi(int host) {
        return 0x2a00_0000_0000_0000L | (outsideV4(host) & 0xFFFF_FFFFL) << 16;
    }

    private static long outsideLo(int host) {
        return 1 + (host & 0xF);
    }

    /** Murmur3's 32-bit finalizer: a cheap, well-spread hash so host numbers scatter over the space. */
    static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x85eb_ca6b;
        x ^= x >>> 13;
        x *= 0xc2b2_ae35;
        x ^= x >>> 16;
        return x;
    }
}
