package org.flowsec.detect.scan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Builds flow records into a FlowBatch for scan detector tests, and runs a detector over them. */
final class TestFlows {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    final FlowBatch batch = new FlowBatch(256);

    int tcp(String src, int srcPort, String dst, int dstPort, int flags, long packets, long bytes, long first, long last) {
        int r = row(src, dst, 6, first, last, packets, bytes);
        batch.set(Field.SRC_PORT, r, srcPort);
        batch.set(Field.DST_PORT, r, dstPort);
        batch.set(Field.TCP_FLAGS, r, flags);
        return r;
    }

    /** A one-packet SYN from an ephemeral port: the usual probe. */
    int syn(String src, String dst, int dstPort, long time) {
        return tcp(src, 40000 + (dstPort & 0x3FFF), dst, dstPort, SYN, 1, 44, time, time);
    }

    /** The RST-ACK a closed port answers a SYN with. */
    int rst(String probeSrc, String probeDst, int dstPort, long time) {
        return tcp(probeDst, dstPort, probeSrc, 40000 + (dstPort & 0x3FFF), RST | ACK, 1, 40, time, time);
    }

    int udp(String src, int srcPort, String dst, int dstPort, long packets, long bytes, long first, long last) {
        int r = row(src, dst, 17, first, last, packets, bytes);
        batch.set(Field.SRC_PORT, r, srcPort);
        batch.set(Field.DST_PORT, r, dstPort);
        return r;
    }

    int icmp(String src, String dst, int type, int code, long packets, long time) {
        boolean v6 = src.contains(":");
        int r = row(src, dst, v6 ? 58 : 1, time, time, packets, packets * 84);
        batch.set(Field.ICMP_TYPE, r, type);
        batch.set(Field.ICMP_CODE, r, code);
        return r;
    }

    int other(String src, String dst, int proto, long time) {
        return row(src, dst, proto, time, time, 1, 40);
    }

    private int row(String src, String dst, int proto, long first, long last, long packets, long bytes) {
        int r = batch.addRow();
        InetAddress s = Addresses.parse(src);
        InetAddress d = Addresses.parse(dst);
        batch.setAddress(Field.SRC_ADDR, r, Addresses.hi(s), Addresses.lo(s));
        batch.setAddress(Field.DST_ADDR, r, Addresses.hi(d), Addresses.lo(d));
        batch.set(Field.PROTO, r, proto);
        batch.set(Field.FIRST, r, first);
        batch.set(Field.LAST, r, last);
        batch.set(Field.PACKETS, r, packets);
        batch.set(Field.BYTES, r, bytes);
        return r;
    }

    /** A detector with a list emitter. */
    static final class Run {
        final List<Alert> alerts = new ArrayList<>();
        final ScanDetector detector;

        Run(ScanParams params) {
            detector = new ScanDetector(params, HomeNetworks.of(List.of()), alerts::add);
        }

        Run() { this(new ScanParams()); }

        /** Feeds every row in batch order, then ends the input. */
        Run all(FlowBatch batch) {
            for (int r = 0; r < batch.size(); r++) {
                detector.accept(batch, r);
            }
            detector.advance(Long.MAX_VALUE);
            detector.finish();
            return this;
        }

        /** The latest version of each alert, by suppression key. */
        Map<String, Alert> latest() {
            Map<String, Alert> m = new LinkedHashMap<>();
            for (Alert a : alerts) {
                m.put(a.key(), a);
            }
            return m;
        }

        List<String> keys() { return List.copyOf(latest().keySet()); }
    }
}
