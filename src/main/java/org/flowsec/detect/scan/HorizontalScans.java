package org.flowsec.detect.scan;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.flowsec.stats.KeyHash;

/**
 * Per (source, protocol, port): the hosts it probed there. For TCP and UDP the port is the destination port,
 * for ICMP the request type, for other protocols 0. Distinct hosts are counted through the shared
 * {@link SeenSet}; besides failed and answered hosts, an ICMP echo key counts the hosts of the first target's
 * /24 (IPv6 /64) whatever the outcome, which is what a LAN ping sweep looks like.
 */
final class HorizontalScans extends ScanEntries {
    int[] proto = new int[0];
    int[] port = new int[0];
    int[] failedHosts = new int[0];
    int[] answeredHosts = new int[0];
    int[] sweepHosts = new int[0];
    long[] sweepNet = new long[0];

    /** @param retire called with an entry about to be evicted, so its alert gets a final update */
    HorizontalScans(int maxEntries, IntConsumer retire) {
        super(maxEntries, retire);
        growFields(Math.min(maxEntries, 1024));
    }

    @Override
    protected void growOwnFields(int c) {
        proto = Arrays.copyOf(proto, c);
        port = Arrays.copyOf(port, c);
        failedHosts = Arrays.copyOf(failedHosts, c);
        answeredHosts = Arrays.copyOf(answeredHosts, c);
        sweepHosts = Arrays.copyOf(sweepHosts, c);
        sweepNet = Arrays.copyOf(sweepNet, c);
    }

    static long key(long sHi, long sLo, int proto, int port) {
        return KeyHash.hash(sHi, sLo, 0x4800_0000_0000_0000L | (long) proto << 16 | port);
    }

    /** The key's entry, or -1 when missing and {@code create} is false. */
    int get(long key, long sHi, long sLo, int p, int pt, long f, long l, boolean create) {
        int id = entry(key, sHi, sLo, f, l, create);
        if (id >= 0 && created()) {
            proto[id] = p;
            port[id] = pt;
            failedHosts[id] = 0;
            answeredHosts[id] = 0;
            sweepHosts[id] = 0;
            sweepNet[id] = Long.MIN_VALUE;
        }
        return id;
    }
}
