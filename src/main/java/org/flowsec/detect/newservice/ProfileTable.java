package org.flowsec.detect.newservice;

/**
 * The primitive store of a {@link ServiceProfile}: one open-addressing table (linear probing, load at most
 * 1/2, backward-shift deletion) keyed by (address high, address low, code). A host's own row has code
 * {@link #HOST}; its services have {@code role << 24 | proto << 16 | port}. Columns: flows, bytes, first
 * and last seen (event time), and for host rows the number of services. No allocation on lookups or
 * updates; growth doubles the table.
 *
 * <p>A row's columns sit side by side in one {@code long[]} ({@link #STRIDE} words, one or two cache lines):
 * a flow looks up and touches up to four rows of a table far larger than the CPU caches, and with a column
 * per array each row cost a miss in each of nine arrays. A byte per slot ({@code tags}: 0 free, else 7 bits
 * of the key's hash) stays small enough to be cached and answers most lookups of absent keys (a client's
 * ephemeral port is no offered service) without reading a row.
 */
final class ProfileTable {
    static final int HOST = -1;

    private static final int STRIDE = 8;
    private static final int HI = 0;
    private static final int LO = 1;
    /** 0 for a free slot, else USED | the code as an unsigned int. */
    private static final int META = 2;
    private static final int FLOWS = 3;
    private static final int BYTES = 4;
    private static final int FIRST = 5;
    private static final int LAST = 6;
    private static final int SERVICES = 7;
    private static final long USED = 1L << 32;

    private int mask;
    private int size;
    private long[] rows;
    private byte[] tags;

    ProfileTable() {
        allocate(1024);
    }

    int size() { return size; }

    int capacity() { return mask + 1; }

    int find(long h, long l, int c) {
        long meta = USED | (c & 0xFFFF_FFFFL);
        int x = hash(h, l, c);
        byte tag = tag(x);
        int i = x & mask;
        for (;;) {
            byte t = tags[i];
            if (t == 0) {
                return -1;
            }
            int w = i * STRIDE;
            if (t == tag && rows[w + META] == meta && rows[w + HI] == h && rows[w + LO] == l) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Bits of the hash above any mask's (the slot comes from the low bits), never 0. */
    private static byte tag(int hash) {
        return (byte) (hash >>> 25 | 0x80);
    }

    /** Adds a row that {@link #find} did not find; may move every row (returns the new row's slot). */
    int insert(long h, long l, int c, long firstSeen) {
        if (2 * (size + 1) > capacity()) {
            grow();
        }
        int x = hash(h, l, c);
        int i = x & mask;
        while (tags[i] != 0) {
            i = (i + 1) & mask;
        }
        tags[i] = tag(x);
        int w = i * STRIDE;
        rows[w + HI] = h;
        rows[w + LO] = l;
        rows[w + META] = USED | (c & 0xFFFF_FFFFL);
        rows[w + FLOWS] = 0;
        rows[w + BYTES] = 0;
        rows[w + FIRST] = firstSeen;
        rows[w + LAST] = firstSeen;
        rows[w + SERVICES] = 0;
        size++;
        return i;
    }

    void touch(int i, long f, long b, long firstSeen, long lastSeen) {
        int w = i * STRIDE;
        rows[w + FLOWS] += f;
        rows[w + BYTES] += b;
        rows[w + FIRST] = Math.min(rows[w + FIRST], firstSeen);
        rows[w + LAST] = Math.max(rows[w + LAST], lastSeen);
    }

    boolean used(int i) { return tags[i] != 0; }

    long hi(int i) { return rows[i * STRIDE + HI]; }

    long lo(int i) { return rows[i * STRIDE + LO]; }

    int code(int i) { return (int) rows[i * STRIDE + META]; }

    long flows(int i) { return rows[i * STRIDE + FLOWS]; }

    long bytes(int i) { return rows[i * STRIDE + BYTES]; }

    long first(int i) { return rows[i * STRIDE + FIRST]; }

    long last(int i) { return rows[i * STRIDE + LAST]; }

    /** Host rows: services of the host in the table. */
    int services(int i) { return (int) rows[i * STRIDE + SERVICES]; }

    void addServices(int i, int n) { rows[i * STRIDE + SERVICES] += n; }

    void setFlows(int i, long v) { rows[i * STRIDE + FLOWS] = v; }

    void setBytes(int i, long v) { rows[i * STRIDE + BYTES] = v; }

    void setLast(int i, long v) { rows[i * STRIDE + LAST] = v; }

    void remove(int slot) {
        int gap = slot;
        int i = (slot + 1) & mask;
        while (used(i)) {
            int home = hash(hi(i), lo(i), code(i)) & mask;
            boolean stays = gap <= i ? gap < home && home <= i : gap < home || home <= i;
            if (!stays) {
                System.arraycopy(rows, i * STRIDE, rows, gap * STRIDE, STRIDE);
                tags[gap] = tags[i];
                gap = i;
            }
            i = (i + 1) & mask;
        }
        tags[gap] = 0;
        rows[gap * STRIDE + META] = 0;
        size--;
    }

    private void grow() {
        long[] old = rows;
        byte[] oldTags = tags;
        int oldCapacity = capacity();
        allocate(oldCapacity * 2);
        size = 0;
        for (int j = 0; j < oldCapacity; j++) {
            int w = j * STRIDE;
            if (oldTags[j] != 0) {
                int i = insert(old[w + HI], old[w + LO], (int) old[w + META], old[w + FIRST]);
                System.arraycopy(old, w, rows, i * STRIDE, STRIDE);
            }
        }
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        rows = new long[capacity * STRIDE];
        tags = new byte[capacity];
    }

    private static int hash(long h, long l, int c) {
        long x = (h * 0x9E3779B97F4A7C15L ^ l) * 0xC2B2AE3D27D4EB4FL ^ c;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) x;
    }
}
