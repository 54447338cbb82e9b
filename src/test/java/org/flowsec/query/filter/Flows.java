package org.flowsec.query.filter;

import java.util.List;
import org.flowsec.base.TimeParser;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Test flows written with catalog names, e.g. {@code "src_addr=10.0.0.1 dst_port=80 proto=6"}. Fields
 * left out keep FlowBatch's defaults; a flow starts as a 10 s TCP flow between two IPv4 hosts, so
 * primitives not under test do not match by accident.
 */
final class Flows {
    static final String BASE = "src_addr=192.0.2.1 dst_addr=198.51.100.1 src_port=40000 dst_port=8080 proto=17 "
            + "first=2026-11-26T10:00:00Z last=2026-11-26T10:00:10Z packets=10 bytes=1000";

    private Flows() {}

    /** Appends one row per spec to a new batch. */
    static FlowBatch batch(List<String> specs) {
        FlowBatch b = new FlowBatch(specs.size());
        for (String spec : specs) {
            add(b, spec);
        }
        return b;
    }

    static int add(FlowBatch b, String spec) {
        int row = b.addRow();
        apply(b, row, BASE);
        apply(b, row, spec);
        return row;
    }

    private static void apply(FlowBatch b, int row, String spec) {
        for (String kv : spec.trim().split("\\s+")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            Field f = Field.byName(kv.substring(0, eq));
            if (f == null) {
                throw new IllegalArgumentException("no field " + kv);
            }
            String v = kv.substring(eq + 1);
            if (f.isAddress()) {
                var a = Addresses.parse(v);
                b.setAddress(f, row, Addresses.hi(a), Addresses.lo(a));
            } else if (f.kind() == Field.Kind.TIME) {
                b.set(f, row, TimeParser.parseMillis(v));
            } else {
                b.set(f, row, Long.parseLong(v));
            }
        }
    }
}
