package org.flowsec.generate.scenario;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The flow records of the scenarios (and of the long background sessions), as a router exports them:
 * each flow is cut by the active timeout ({@link ActiveTimeoutSplitter}) and each record gets the time
 * the router exports it. A TCP flow closed by FIN or RST is exported within 1.5 s of its end; a flow
 * that just stops (UDP, ICMP, unanswered SYNs) waits for the {@value #INACTIVE_TIMEOUT_MS} ms inactive
 * timeout; a record cut by the active timeout goes within a second of the cut. Each record carries a
 * tag: the index of its {@link Label}, or {@link #BACKGROUND}.
 *
 * <p>Interfaces, next hop, AS and masks follow the address plan of the background model: inside
 * addresses (10/8, 172.16/12, 192.168/16) sit behind ifIndex 1..3, the uplink is ifIndex 10.
 */
final class FlowTable {
    static final long INACTIVE_TIMEOUT_MS = 15_000;
    static final int BACKGROUND = -1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    final FlowBatch flows = new FlowBatch(1024);
    private long[] export = new long[1024];
    private int[] tags = new int[1024];
    private final SplittableRandom random;
    private final long activeTimeout;
    /** Records exported before this time are dropped: the run starts here. */
    private final long notBefore;

    FlowTable(SplittableRandom random, long activeTimeoutMillis, long notBefore) {
        this.random = random;
        this.activeTimeout = activeTimeoutMillis;
        this.notBefore = notBefore;
    }

    int size() { return flows.size(); }

    long exportMillis(int row) { return export[row]; }

    int tag(int row) { return tags[row]; }

    /** A TCP or UDP flow; returns the records it became. */
    int add(int tag, long first, long last, int src, int dst, int srcPort, int dstPort, int proto, int flags,
            long packets, long bytes) {
        if (packets < 1 || last < first) {
            throw new IllegalArgumentException("a flow needs a packet and last >= first");
        }
        boolean closed = proto == TCP && (flags & (FIN | RST)) != 0;
        int n = ActiveTimeoutSplitter.pieces(first, last, activeTimeout);
        int added = 0;
        for (int k = 0; k < n; k++) {
            long p0 = ActiveTimeoutSplitter.cumulative(packets, first, last, k, n, activeTimeout);
            long p1 = ActiveTimeoutSplitter.cumulative(packets, first, last, k + 1, n, activeTimeout);
            if (p1 == p0) {
                continue; // no packet in this stretch, so no record
            }
            long b0 = bytes * p0 / packets;
            long b1 = k == n - 1 ? bytes : bytes * p1 / packets;
            long pf = ActiveTimeoutSplitter.pieceFirst(first, k, activeTimeout);
            long pl = ActiveTimeoutSplitter.pieceLast(first, last, k, activeTimeout);
            boolean lastPiece = k == n - 1;
            long exportAt;
            int endReason;
            if (!lastPiece) {
                exportAt = pl + random.nextInt(1000);
                endReason = 2;
            } else if (closed) {
                exportAt = pl + random.nextInt(1500);
                endReason = 3;
            } else {
                exportAt = pl + INACTIVE_TIMEOUT_MS + random.nextInt(1000);
                endReason = 1;
            }
            if (exportAt < notBefore) {
                continue;
            }
            int row = row(tag, exportAt);
            flows.set(Field.FIRST, row, pf);
            flows.set(Field.LAST, row, pl);
            endpoints(row, src, dst);
            flows.set(Field.SRC_PORT, row, srcPort);
            flows.set(Field.DST_PORT, row, dstPort);
            flows.set(Field.PROTO, row, proto);
            flows.set(Field.TCP_FLAGS, row, proto == TCP ? ActiveTimeoutSplitter.flags(flags, k, n) : 0);
            flows.set(Field.PACKETS, row, p1 - p0);
            flows.set(Field.BYTES, row, b1 - b0);
            flows.set(Field.END_REASON, row, endReason);
            added++;
        }
        return added;
    }

    /** An ICMP flow of {@code type}/{@code code}; the port columns carry type*256+code as v5 does. */
    int icmp(int tag, long first, long last, int src, int dst, int type, int code, long packets, long bytes) {
        int before = size();
        add(tag, first, last, src, dst, 0, type << 8 | code, ICMP, 0, packets, bytes);
        for (int row = before; row < size(); row++) {
            flows.set(Field.ICMP_TYPE, row, type);
            flows.set(Field.ICMP_CODE, row, code);
        }
        return size() - before;
    }

    private int row(int tag, long exportAt) {
        int row = flows.addRow();
        if (row >= export.length) {
            export = Arrays.copyOf(export, export.length * 2);
            tags = Arrays.copyOf(tags, tags.length * 2);
        }
        export[row] = exportAt;
        tags[row] = tag;
        return row;
    }

    private void endpoints(int row, int src, int dst) {
        boolean srcInside = Net.isHome(src);
        boolean dstInside = Net.isHome(dst);
        flows.setIpv4(Field.SRC_ADDR, row, src);
        flows.setIpv4(Field.DST_ADDR, row, dst);
        flows.set(Field.IN_IF, row, srcInside ? Net.interfaceOf(src) : Net.UPLINK_IF);
        flows.set(Field.OUT_IF, row, dstInside ? Net.interfaceOf(dst) : Net.UPLINK_IF);
        flows.setIpv4(Field.NEXT_HOP, row, dstInside ? Net.CORE_HOP | Net.interfaceOf(dst) : Net.UPLINK_HOP);
        flows.set(Field.SRC_AS, row, srcInside ? 0 : Net.asOf(src));
        flows.set(Field.DST_AS, row, dstInside ? 0 : Net.asOf(dst));
        flows.set(Field.SRC_MASK, row, 24);
        flows.set(Field.DST_MASK, row, 24);
        flows.set(Field.DIRECTION, row, 0); // ingress, as the background model exports
    }

    /**
     * Row numbers in export order (stable: equal export times keep insertion order). Sorted as packed
     * longs, export time in the high bits and row in the low 22, so no boxing.
     */
    int[] exportOrder() {
        int n = size();
        if (n >= 1 << 22) {
            throw new IllegalStateException("too many scenario flows: " + n);
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = export[i] << 22 | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & ((1 << 22) - 1));
        }
        return order;
    }
}
