package org.flowsec.detect.scan;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.flowsec.stats.KeyHash;

/**
 * Per (source, destination host): the ports (for protocols without ports: the IP protocol or ICMP type) it
 * probed there, failed and answered, and the distinct crafted probes it sent (OS fingerprinting). Keeps the
 * first {@value #PORTS_SHOWN} failed ports for the alert, 2 bytes each in one flat array.
 */
final class VerticalScans extends ScanEntries {
    static final int PORTS_SHOWN = 20;

    long[] dstHi = new long[0];
    long[] dstLo = new long[0];
    /** Bit 0 TCP, 1 UDP, 2 ICMP/ICMPv6, 3 other protocols. */
    int[] protos = new int[0];
    int[] failedPorts = new int[0];
    int[] answeredPorts = new int[0];
    int[] oddProbes = new int[0];
    char[] shownPorts = new char[0];

    /** @param retire called with an entry about to be evicted, so its alert gets a final update */
    VerticalScans(int maxEntries, IntConsumer retire) {
        super(maxEntries, retire);
        growFields(Math.min(maxEntries, 1024));
    }

    @Override
    protected void growOwnFields(int c) {
        dstHi = Arrays.copyOf(dstHi, c);
        dstLo = Arrays.copyOf(dstLo, c);
        protos = Arrays.copyOf(protos, c);
        failedPorts = Arrays.copyOf(failedPorts, c);
        answeredPorts = Arrays.copyOf(answeredPorts, c);
        oddProbes = Arrays.copyOf(oddProbes, c);
        shownPorts = Arrays.copyOf(shownPorts, c * PORTS_SHOWN);
    }

    static long key(long sHi, long sLo, long dHi, long dLo) {
        return KeyHash.hash(KeyHash.hash(sHi, sLo), dHi, dLo, 0x5600);
    }

    /** The key's entry, or -1 when missing and {@code create} is false. */
    int get(long key, long sHi, long sLo, long dHi, long dLo, long f, long l, boolean create) {
        int id = entry(key, sHi, sLo, f, l, create);
        if (id >= 0 && created()) {
            dstHi[id] = dHi;
            dstLo[id] = dLo;
            protos[id] = 0;
            failedPorts[id] = 0;
            answeredPorts[id] = 0;
            oddProbes[id] = 0;
        }
        return id;
    }

    /** Remembers a newly failed port for the alert while fewer than {@value #PORTS_SHOWN} are kept. */
    void notePort(int id, int port) {
        int n = failedPorts[id];
        if (n <= PORTS_SHOWN) {
            shownPorts[id * PORTS_SHOWN + n - 1] = (char) port;
        }
    }

    int shownPort(int id, int i) { return shownPorts[id * PORTS_SHOWN + i]; }

    static int protoBit(int proto) {
        return switch (proto) {
            case FlowShape.TCP -> 1;
            case FlowShape.UDP -> 2;
            case FlowShape.ICMP, FlowShape.ICMP6 -> 4;
            default -> 8;
        };
    }
}
