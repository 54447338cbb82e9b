package org.flowsec.detect.signature;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Detector;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FlowPredicate;

/**
 * Builds synthetic flows into a {@link FlowBatch} for detector tests, one call per flow:
 * {@code flows.tcp("10.0.0.5", 4444, "198.51.100.7", 1793).packets(6).bytes(328).flags("AP").at(t)}.
 * Also runs a detector over a batch and checks evidence filters. Shared by the signature, brute-force and P2P tests.
 */
public final class TestFlows {
    public final FlowBatch batch = new FlowBatch(64);
    private int row = -1;

    public TestFlows tcp(String src, int sport, String dst, int dport) { return flow(6, src, sport, dst, dport); }

    public TestFlows udp(String src, int sport, String dst, int dport) { return flow(17, src, sport, dst, dport); }

    public TestFlows flow(int proto, String src, int sport, String dst, int dport) {
        row = batch.addRow();
        var s = Addresses.parse(src);
        var d = Addresses.parse(dst);
        batch.setAddress(Field.SRC_ADDR, row, Addresses.hi(s), Addresses.lo(s));
        batch.setAddress(Field.DST_ADDR, row, Addresses.hi(d), Addresses.lo(d));
        batch.set(Field.SRC_PORT, row, sport);
        batch.set(Field.DST_PORT, row, dport);
        batch.set(Field.PROTO, row, proto);
        batch.set(Field.PACKETS, row, 1);
        batch.set(Field.BYTES, row, 60);
        batch.set(Field.TCP_FLAGS, row, proto == 6 ? 0x02 : 0);
        batch.set(Field.FIRST, row, 1_700_000_000_000L);
        batch.set(Field.LAST, row, 1_700_000_000_000L);
        return this;
    }

    public TestFlows packets(long p) { batch.set(Field.PACKETS, row, p); return this; }

    public TestFlows bytes(long b) { batch.set(Field.BYTES, row, b); return this; }

    /** TCP flags as nfdump letters: F S R P A U. */
    public TestFlows flags(String letters) {
        int f = 0;
        for (char c : letters.toCharArray()) {
            f |= switch (c) {
                case 'F' -> 1; case 'S' -> 2; case 'R' -> 4; case 'P' -> 8; case 'A' -> 16; case 'U' -> 32;
                default -> throw new IllegalArgumentException("flag " + c);
            };
        }
        batch.set(Field.TCP_FLAGS, row, f);
        return this;
    }

    /** Start time and duration (ms). */
    public TestFlows at(long first, long durationMs) {
        batch.set(Field.FIRST, row, first);
        batch.set(Field.LAST, row, first + durationMs);
        return this;
    }

    public int size() { return batch.size(); }

    /** Feeds every row in order, then advance(MAX) and finish(), as the engine does at the end of an archive. */
    public static void runAll(Detector d, FlowBatch b) {
        for (int r = 0; r < b.size(); r++) {
            d.accept(b, r);
        }
        d.advance(Long.MAX_VALUE);
        d.finish();
    }

    /** The latest alert per key (the pipeline turns repeats into updates). */
    public static List<Alert> latestPerKey(List<Alert> raised) {
        java.util.LinkedHashMap<String, Alert> m = new java.util.LinkedHashMap<>();
        for (Alert a : raised) {
            m.put(a.key(), a);
        }
        return new ArrayList<>(m.values());
    }

    /** Rows of {@code b} the evidence filter of {@code a} selects (parsing it must succeed). */
    public static List<Integer> selected(Alert a, FlowBatch b) {
        FlowPredicate p = Filter.parse(a.evidence()).predicate();
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < b.size(); r++) {
            if (p.test(b, r)) {
                rows.add(r);
            }
        }
        return rows;
    }
}
