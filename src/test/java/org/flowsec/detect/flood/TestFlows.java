package org.flowsec.detect.flood;

import java.net.InetAddress;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Builds test flows straight into a {@link FlowBatch} and runs a detector over them. */
final class TestFlows {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    /** 2026-01-01T00:00:00Z, a round start for event time. */
    static final long T0 = 1_767_225_600_000L;

    final FlowBatch batch = new FlowBatch(1024);

    /** Adds one flow; returns its row. */
    int add(String src, int srcPort, String dst, int dstPort, int proto, int flags, long packets, long bytes,
            long first, long last) {
        InetAddress s = Addresses.parse(src);
        InetAddress d = Addresses.parse(dst);
        return add(Addresses.hi(s), Addresses.lo(s), srcPort, Addresses.hi(d), Addresses.lo(d), dstPort, proto, flags,
                packets, bytes, first, last);
    }

    int addV4(int src, int srcPort, int dst, int dstPort, int proto, int flags, long packets, long bytes,
              long first, long last) {
        return add(0, Addresses.v4Low(src), srcPort, 0, Addresses.v4Low(dst), dstPort, proto, flags, packets, bytes,
                first, last);
    }

    /** a.b.c.d as an int. */
    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    int add(long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, int proto, int flags,
            long packets, long bytes, long first, long last) {
        int r = batch.addRow();
        batch.set(Field.FIRST, r, first);
        batch.set(Field.LAST, r, last);
        batch.setAddress(Field.SRC_ADDR, r, srcHi, srcLo);
        batch.setAddress(Field.DST_ADDR, r, dstHi, dstLo);
        batch.set(Field.SRC_PORT, r, srcPort);
        batch.set(Field.DST_PORT, r, dstPort);
        batch.set(Field.PROTO, r, proto);
        batch.set(Field.TCP_FLAGS, r, flags);
        batch.set(Field.PACKETS, r, packets);
        batch.set(Field.BYTES, r, bytes);
        return r;
    }

    /** An IPv4 address from a number, e.g. spoofed sources {@code v4(0x5000_0000 + i)}. */
    static String v4(int address) {
        return Addresses.formatV4(address);
    }

    /** Every row in order, then the watermark to the end and finish(). */
    void run(Detector d) {
        feed(d);
        d.advance(Long.MAX_VALUE);
        d.finish();
    }

    /** A detector with default parameters (changed by {@code tune}) and private-range home, raising into {@code alerts}. */
    static FloodDetector detector(List<Alert> alerts, java.util.function.Consumer<FloodParams> tune) {
        FloodParams p = new FloodParams();
        tune.accept(p);
        return new FloodDetector(p, HomeNetworks.of(List.of()), alerts::add);
    }

    /** The last raise of each key: what the pipeline would show once updates are merged. */
    static java.util.Map<String, Alert> latest(List<Alert> alerts) {
        java.util.Map<String, Alert> m = new java.util.LinkedHashMap<>();
        for (Alert a : alerts) {
            m.put(a.key(), a);
        }
        return m;
    }

    void feed(Detector d) {
        for (int r = 0; r < batch.size(); r++) {
            d.accept(batch, r);
        }
    }
}
