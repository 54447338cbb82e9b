package org.flowsec.query;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Flows written in code, delivered as a source of batches of {@code batchSize} rows. */
final class Flows {
    static final long T0 = 1_794_999_960_000L; // 2026-11-18T11:06:00Z, a whole minute

    private final List<FlowBatch> rows = new ArrayList<>();

    Flows add(String src, int srcPort, String dst, int dstPort, int proto, long packets, long bytes, long first,
              long last) {
        FlowBatch b = new FlowBatch(1);
        int r = b.addRow();
        address(b, Field.SRC_ADDR, r, src);
        address(b, Field.DST_ADDR, r, dst);
        b.set(Field.SRC_PORT, r, srcPort);
        b.set(Field.DST_PORT, r, dstPort);
        b.set(Field.PROTO, r, proto);
        b.set(Field.PACKETS, r, packets);
        b.set(Field.BYTES, r, bytes);
        b.set(Field.FIRST, r, first);
        b.set(Field.LAST, r, last);
        rows.add(b);
        return this;
    }

    /** A TCP flow of 1 second starting at T0. */
    Flows tcp(String src, int srcPort, String dst, int dstPort, long packets, long bytes) {
        return add(src, srcPort, dst, dstPort, 6, packets, bytes, T0, T0 + 1000);
    }

    /** Sets a field of the last flow added. */
    Flows with(Field f, long value) {
        rows.get(rows.size() - 1).set(f, 0, value);
        return this;
    }

    private static void address(FlowBatch b, Field f, int r, String text) {
        var a = Addresses.parse(text);
        b.setAddress(f, r, Addresses.hi(a), Addresses.lo(a));
    }

    int size() {
        return rows.size();
    }

    FlowBatch row(int i) {
        return rows.get(i);
    }

    /** The flows in batches of {@code batchSize}, each batch a fresh one, as the store hands them out. */
    BatchSource source(int batchSize) {
        return visitor -> {
            FlowBatch b = new FlowBatch(batchSize);
            for (int i = 0; i < rows.size(); i++) {
                b.appendRow(rows.get(i), 0);
                if (b.size() == batchSize || i == rows.size() - 1) {
                    if (!visitor.visit(b)) {
                        return;
                    }
                    b = new FlowBatch(batchSize);
                }
            }
        };
    }

    BatchSource source() {
        return source(3);
    }
}
