package org.flowsec.store;

import java.util.Random;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * A deterministic generator of realistic flow records for size and speed measurements: Zipf-distributed
 * hosts in a few /16s (plus some IPv6), common service ports against ephemeral client ports, a TCP/UDP/ICMP
 * mix, heavy-tailed packet and byte counts, flows exported in arrival order with jittered start times,
 * three exporters with a handful of interfaces.
 */
final class RealisticFlows {
    private static final int[] INTERNAL_NETS = {0x0A01_0000, 0x0A02_0000, 0xAC10_0000, 0xC0A8_0000};
    private static final int[] EXTERNAL_NETS = {0x0808_0000, 0x9765_0000, 0x3454_0000, 0x6810_0000, 0x8EFA_0000, 0x1F0D_0000};
    private static final int[] EXTERNAL_AS = {15169, 54113, 16509, 13335, 15169, 32934};
    private static final int[] TCP_PORTS = {443, 80, 22, 25, 993, 3389, 8080, 445, 8443, 5222};
    private static final double[] TCP_WEIGHTS = {0.55, 0.17, 0.05, 0.03, 0.04, 0.03, 0.04, 0.04, 0.03, 0.02};
    private static final int[] UDP_PORTS = {53, 123, 443, 161, 514, 5353, 1900};
    private static final double[] UDP_WEIGHTS = {0.6, 0.08, 0.2, 0.04, 0.04, 0.02, 0.02};
    private static final int[] TCP_FLAGS = {0x1B, 0x1A, 0x1F, 0x02, 0x12, 0x18, 0x10, 0x11, 0x14, 0x04};
    private static final double[] FLAG_WEIGHTS = {0.45, 0.15, 0.08, 0.08, 0.04, 0.08, 0.05, 0.04, 0.02, 0.01};

    private final Random rnd;
    private final int internalHosts = 20_000;
    private final int externalHosts = 50_000;
    private final int[] internal;
    private final int[] external;
    private final double[] zipfInternal;
    private final double[] zipfExternal;
    private final double flowsPerMilli;
    private double arrival;

    RealisticFlows(long seed, long startMillis, double flowsPerSecond) {
        rnd = new Random(seed);
        arrival = startMillis;
        flowsPerMilli = flowsPerSecond / 1000.0;
        internal = new int[internalHosts];
        for (int i = 0; i < internalHosts; i++) {
            internal[i] = INTERNAL_NETS[rnd.nextInt(INTERNAL_NETS.length)] | rnd.nextInt(1 << 16);
        }
        external = new int[externalHosts];
        for (int i = 0; i < externalHosts; i++) {
            external[i] = EXTERNAL_NETS[rnd.nextInt(EXTERNAL_NETS.length)] | rnd.nextInt(1 << 16);
        }
        zipfInternal = zipf(internalHosts, 1.0);
        zipfExternal = zipf(externalHosts, 1.1);
    }

    private static double[] zipf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private int pick(double[] cdf) {
        int i = java.util.Arrays.binarySearch(cdf, rnd.nextDouble());
        return Math.min(cdf.length - 1, i < 0 ? -i - 1 : i);
    }

    private int pickWeighted(int[] values, double[] weights) {
        double x = rnd.nextDouble();
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** Heavy-tailed (Pareto, alpha 1.2) count of at least 1. */
    private long pareto(double scale, double alpha) {
        return (long) Math.min(1e9, scale / Math.pow(1 - rnd.nextDouble(), 1 / alpha));
    }

    FlowBatch batch(int n) {
        FlowBatch b = new FlowBatch(n);
        fill(b, n);
        return b;
    }

    void fill(FlowBatch b, int n) {
        for (int k = 0; k < n; k++) {
            row(b, b.addRow());
        }
    }

    private void row(FlowBatch b, int r) {
        arrival += -Math.log(1 - rnd.nextDouble()) / flowsPerMilli;
        int exporter = rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(3);
        double pr = rnd.nextDouble();
        int proto = pr < 0.70 ? 6 : pr < 0.96 ? 17 : 1;
        int in = internal[pick(zipfInternal)];
        int exIdx = pick(zipfExternal);
        int ex = external[exIdx];
        boolean outbound = rnd.nextBoolean();
        int service = proto == 6 ? pickWeighted(TCP_PORTS, TCP_WEIGHTS) : proto == 17 ? pickWeighted(UDP_PORTS, UDP_WEIGHTS) : 0;
        int ephemeral = 32768 + rnd.nextInt(28232);
        long packets;
        long bytes;
        int flags = 0;
        if (proto == 6) {
            flags = pickWeighted(TCP_FLAGS, FLAG_WEIGHTS);
            packets = flags == 0x02 || flags == 0x04 ? 1 + rnd.nextInt(2) : 2 + pareto(3, 1.2);
            bytes = packets * (40 + (rnd.nextInt(4) == 0 ? rnd.nextInt(1460) : rnd.nextInt(200)));
        } else if (proto == 17) {
            packets = service == 53 || service == 123 ? 1 : pareto(1, 1.3);
            bytes = packets * (60 + rnd.nextInt(service == 443 ? 1300 : 200));
        } else {
            packets = 1 + rnd.nextInt(4);
            bytes = packets * 84;
        }
        long duration = packets <= 2 ? rnd.nextInt(packets == 1 ? 1 : 200) : Math.min(120_000, pareto(200, 1.1));
        long last = (long) arrival - rnd.nextInt(1000);
        long first = last - duration;
        b.set(Field.FIRST, r, first);
        b.set(Field.LAST, r, last);
        b.setIpv4(Field.EXPORTER, r, 0x0AFF_0001 + exporter);
        b.set(Field.DOMAIN, r, exporter);
        boolean v6 = rnd.nextInt(100) < 5;
        int src = outbound ? in : ex;
        int dst = outbound ? ex : in;
        if (v6) {
            b.setAddress(Field.SRC_ADDR, r, 0x2001_0DB8_0001_0000L | (src >>> 16 & 0xF), src & 0xFFFF);
            b.setAddress(Field.DST_ADDR, r, 0x2001_0DB8_0002_0000L | (dst >>> 16 & 0xF), dst & 0xFFFF);
        } else {
            b.setIpv4(Field.SRC_ADDR, r, src);
            b.setIpv4(Field.DST_ADDR, r, dst);
        }
        boolean clientIsSrc = outbound == (rnd.nextInt(10) < 8);
        if (proto == 1) {
            int type = rnd.nextInt(3) == 0 ? 0 : 8;
            b.set(Field.DST_PORT, r, type * 256L);
            b.set(Field.ICMP_TYPE, r, type);
        } else {
            b.set(Field.SRC_PORT, r, clientIsSrc ? ephemeral : service);
            b.set(Field.DST_PORT, r, clientIsSrc ? service : ephemeral);
        }
        b.set(Field.PROTO, r, proto);
        b.set(Field.TCP_FLAGS, r, flags);
        b.set(Field.TOS, r, rnd.nextInt(20) == 0 ? 0x28 : 0);
        b.set(Field.PACKETS, r, packets);
        b.set(Field.BYTES, r, bytes);
        int inIf = 1 + exporter * 10 + (outbound ? 1 : 2);
        int outIf = 1 + exporter * 10 + (outbound ? 2 : 1 + rnd.nextInt(3));
        b.set(Field.IN_IF, r, inIf);
        b.set(Field.OUT_IF, r, outIf);
        b.setIpv4(Field.NEXT_HOP, r, outbound ? 0xC633_6401 + exporter : 0x0A00_0001 + rnd.nextInt(4));
        int as = EXTERNAL_AS[(ex >>> 16) % EXTERNAL_AS.length];
        b.set(Field.SRC_AS, r, outbound ? 0 : as);
        b.set(Field.DST_AS, r, outbound ? as : 0);
        b.set(Field.SRC_MASK, r, outbound ? 16 : 24);
        b.set(Field.DST_MASK, r, outbound ? 24 : 16);
        b.set(Field.DIRECTION, r, 0);
        b.set(Field.END_REASON, r, packets <= 2 ? 1 : rnd.nextInt(5) == 0 ? 2 : 3);
        b.set(Field.SAMPLING, r, 1);
    }
}
