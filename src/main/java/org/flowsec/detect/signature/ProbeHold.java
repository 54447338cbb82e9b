package org.flowsec.detect.signature;

/**
 * The probe attempts (SYN attempts without a session, single UDP datagrams) one outside source made on the
 * backdoor-rule ports of one local host, held back until the hold window closes. A source that reached more
 * than {@code max} distinct rule ports is a vertical port scan (the scan detector's job): its probes are
 * dropped and it stays marked until it goes quiet. Otherwise, at the end of the window, each held (rule, port)
 * becomes an ATTEMPT. Created only for probe flows on rule ports, so it may be an object.
 */
final class ProbeHold {
    final long srcHi;
    final long srcLo;
    final long hostHi;
    final long hostLo;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    /** More than the allowed number of distinct rule ports: a vertical scan; nothing is held any more. */
    boolean scanner;
    /** Distinct ports held so far (at most {@code max}); each with its rule and aggregated counts. */
    int size;
    final int[] ports;
    final int[] rules;
    final long[] flows;
    final long[] packets;
    final long[] bytes;
    final long[] firsts;
    final long[] lasts;

    ProbeHold(long srcHi, long srcLo, long hostHi, long hostLo, int max) {
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.hostHi = hostHi;
        this.hostLo = hostLo;
        ports = new int[max];
        rules = new int[max];
        flows = new long[max];
        packets = new long[max];
        bytes = new long[max];
        firsts = new long[max];
        lasts = new long[max];
    }

    /** Holds one probe flow of {@code rule} on {@code port}; turns into a scanner past {@code max} ports. */
    void add(int rule, int port, long pk, long by, long firstMs, long lastMs) {
        first = Math.min(first, firstMs);
        last = Math.max(last, lastMs);
        if (scanner) {
            return;
        }
        int i = 0;
        while (i < size && !(ports[i] == port && rules[i] == rule)) {
            i++;
        }
        if (i == size) {
            if (distinctPorts() >= ports.length && !hasPort(port)) {
                scanner = true;
                size = 0;
                return;
            }
            if (size == ports.length) {
                return; // the same port under more rules than slots: keep the first ones
            }
            ports[i] = port;
            rules[i] = rule;
            firsts[i] = Long.MAX_VALUE;
            lasts[i] = Long.MIN_VALUE;
            size++;
        }
        flows[i]++;
        packets[i] += pk;
        bytes[i] += by;
        firsts[i] = Math.min(firsts[i], firstMs);
        lasts[i] = Math.max(lasts[i], lastMs);
    }

    private boolean hasPort(int port) {
        for (int i = 0; i < size; i++) {
            if (ports[i] == port) {
                return true;
            }
        }
        return false;
    }

    private int distinctPorts() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            boolean seen = false;
            for (int j = 0; j < i; j++) {
                seen |= ports[j] == ports[i];
            }
            n += seen ? 0 : 1;
        }
        return n;
    }
}
