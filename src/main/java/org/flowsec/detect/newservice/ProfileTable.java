package org.flowsec.detect.newservice;

import java.util.Arrays;

/**
 * The primitive store of a {@link ServiceProfile}: one open-addressing table (linear probing, load at most
 * 1/2, backward-shift deletion) keyed by (address high, address low, code). A host's own row has code
 * {@link #HOST}; its services have {@code role << 24 | proto << 16 | port}. Columns: flows, bytes, first
 * and last seen (event time), and for host rows the number of services. No allocation on lookups or
 * updates; growth doubles the arrays.
 */
final class ProfileTable {
    static final int HOST = -1;

    private int mask;
    private int size;
    boolean[] used;
    long[] hi;
    long[] lo;
    int[] code;
    long[] flows;
    long[] bytes;
    long[] first;
    long[] last;
    /** Host rows: services of the host in the table. */
    int[] services;

    ProfileTable() {
        allocate(1024);
    }

    int size() { return size; }

    int capacity() { return used.length; }

    int find(long h, long l, int c) {
        int i = hash(h, l, c) & mask;
        while (used[i]) {
            if (code[i] == c && hi[i] == h && lo[i] == l) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Adds a row that {@link #find} did not find; may move every row (returns the new row's slot). */
    int insert(long h, long l, int c, long firstSeen) {
        if (2 * (size + 1) > used.length) {
            grow();
        }
        int i = hash(h, l, c) & mask;
        while (used[i]) {
            i = (i + 1) & mask;
        }
        used[i] = true;
        hi[i] = h;
        lo[i] = l;
        code[i] = c;
        flows[i] = 0;
        bytes[i] = 0;
        first[i] = firstSeen;
        last[i] = firstSeen;
        services[i] = 0;
        size++;
        return i;
    }

    void touch(int i, long f, long b, long firstSeen, long lastSeen) {
        flows[i] += f;
        bytes[i] += b;
        first[i] = Math.min(first[i], firstSeen);
        last[i] = Math.max(last[i], lastSeen);
    }

    void remove(int slot) {
        int gap = slot;
        int i = (slot + 1) & mask;
        while (used[i]) {
            int home = hash(hi[i], lo[i], code[i]) & mask;
            boolean stays = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (!stays) {
                copy(i, gap);
                gap = i;
            }
            i = (i + 1) & mask;
        }
        used[gap] = false;
        size--;
    }

    private void copy(int from, int to) {
        used[to] = true;
        hi[to] = hi[from];
        lo[to] = lo[from];
        code[to] = code[from];
        flows[to] = flows[from];
        bytes[to] = bytes[from];
        first[to] = first[from];
        last[to] = last[from];
        services[to] = services[from];
        used[from] = false;
    }

    private void grow() {
        boolean[] oUsed = used;
        long[] oHi = hi;
        long[] oLo = lo;
        int[] oCode = code;
        long[] oFlows = flows;
        long[] oBytes = bytes;
        long[] oFirst = first;
        long[] oLast = last;
        int[] oServices = services;
        allocate(oUsed.length * 2);
        size = 0;
        for (int j = 0; j < oUsed.length; j++) {
            if (oUsed[j]) {
                int i = insert(oHi[j], oLo[j], oCode[j], oFirst[j]);
                flows[i] = oFlows[j];
                bytes[i] = oBytes[j];
                last[i] = oLast[j];
                services[i] = oServices[j];
            }
        }
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        used = new boolean[capacity];
        hi = new long[capacity];
        lo = new long[capacity];
        code = new int[capacity];
        flows = new long[capacity];
        bytes = new long[capacity];
        first = new long[capacity];
        last = new long[capacity];
        services = new int[capacity];
        Arrays.fill(code, 0);
    }

    private static int hash(long h, long l, int c) {
        long x = (h * 0x9E3779B97F4A7C15L ^ l) * 0xC2B2AE3D27D4EB4FL ^ c;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) x;
    }
}
