package org.flowsec.detect.bigtalker;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Detector;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Builds synthetic flows straight into a {@link FlowBatch} for detector tests:
 * {@code flows.tcp("10.0.0.5", 40000, "192.0.2.1", 443).at(t, t + 1000).volume(10, 5000).flags("SAPF")}.
 * Public so the other detector test packages of this branch can use it.
 */
public final class TestFlows {
    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int RST = 4;
    public static final int PSH = 8;
    public static final int ACK = 16;

    private final FlowBatch batch = new FlowBatch(64);

    public FlowBatch batch() { return batch; }

    public int size() { return batch.size(); }

    public Row tcp(String src, int srcPort, String dst, int dstPort) { return flow(6, src, srcPort, dst, dstPort); }

    public Row udp(String src, int srcPort, String dst, int dstPort) { return flow(17, src, srcPort, dst, dstPort); }

    public Row flow(int proto, String src, int srcPort, String dst, int dstPort) {
        int r = batch.addRow();
        set(Field.SRC_ADDR, r, src);
        set(Field.DST_ADDR, r, dst);
        batch.set(Field.SRC_PORT, r, srcPort);
        batch.set(Field.DST_PORT, r, dstPort);
        batch.set(Field.PROTO, r, proto);
        batch.set(Field.PACKETS, r, 1);
        batch.set(Field.BYTES, r, 64);
        return new Row(r);
    }

    private void set(Field f, int row, String address) {
        InetAddress a = Addresses.parse(address);
        batch.setAddress(f, row, Addresses.hi(a), Addresses.lo(a));
    }

    /** One row being built. */
    public final class Row {
        private final int row;

        Row(int row) { this.row = row; }

        public Row at(long first, long last) {
            batch.set(Field.FIRST, row, first);
            batch.set(Field.LAST, row, last);
            return this;
        }

        public Row volume(long packets, long bytes) {
            batch.set(Field.PACKETS, row, packets);
            batch.set(Field.BYTES, row, bytes);
            return this;
        }

        /** Flags as letters: F S R P A. */
        public Row flags(String letters) {
            int f = 0;
            for (char c : letters.toCharArray()) {
                f |= switch (c) {
                    case 'F' -> FIN;
                    case 'S' -> SYN;
                    case 'R' -> RST;
                    case 'P' -> PSH;
                    case 'A' -> ACK;
                    default -> throw new IllegalArgumentException("flag " + c);
                };
            }
            batch.set(Field.TCP_FLAGS, row, f);
            return this;
        }
    }

    /** Feeds every row of the batch to the detector, in batch order. */
    public static void feed(Detector d, FlowBatch b) {
        for (int r = 0; r < b.size(); r++) {
            d.accept(b, r);
        }
    }

    /** Collects raised alerts. */
    public static final class Alerts implements org.flowsec.detect.AlertEmitter {
        public final List<Alert> raised = new ArrayList<>();

        @Override
        public void raise(Alert alert) { raised.add(alert); }
    }
}
