package org.flowsec.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counters of decode outcomes per (exporter, domain): every error by {@link DecodeError} (each counted
 * exactly once, whether it was thrown to the caller or skipped past inside a datagram), templates, data
 * waiting for templates. Updated by the decoder's thread without allocation; read with {@link #get} or
 * {@link #snapshot()} from the same thread (or after handing over with a happens-before edge).
 * Bounded: at most {@link DecoderConfig#maxTrackedDomains()} rows, further pairs share one row.
 */
public final class DecodeStats {
    /** Domain used when the header could not be read. */
    public static final long NO_DOMAIN = -1;

    private static final int ERRORS = DecodeError.values().length;
    private static final int DATAGRAMS = ERRORS;
    private static final int FLOWS = DATAGRAMS + 1;
    private static final int OPTIONS_RECORDS = FLOWS + 1;
    private static final int TEMPLATES_RECEIVED = OPTIONS_RECORDS + 1;
    private static final int TEMPLATES_ACTIVE = TEMPLATES_RECEIVED + 1;
    private static final int TEMPLATES_EXPIRED = TEMPLATES_ACTIVE + 1;
    private static final int TEMPLATES_WITHDRAWN = TEMPLATES_EXPIRED + 1;
    private static final int TEMPLATES_REJECTED = TEMPLATES_WITHDRAWN + 1;
    private static final int PENDING_SETS = TEMPLATES_REJECTED + 1;
    private static final int PENDING_DECODED = PENDING_SETS + 1;
    private static final int COUNTERS = PENDING_DECODED + 1;

    private final int maxRows;
    private final KeyIndex index;
    private long[] counters;
    private long[] keys;
    private int rows;
    private int overflowRow = -1;
    // The pair of the previous call: a stream comes from few exporters, so most lookups repeat it. Rows are
    // never removed, so a remembered row stays valid.
    private long lastHi;
    private long lastLo;
    private long lastDomain;
    private int lastRow = -1;

    public DecodeStats(int maxRows) {
        this.maxRows = maxRows;
        this.index = new KeyIndex(Math.min(maxRows, 1024));
        this.counters = new long[16 * COUNTERS];
        this.keys = new long[16 * 3];
    }

    /** The row of an exporter/domain pair, created on first use. */
    public int row(long hi, long lo, long domain) {
        if (lastRow >= 0 && hi == lastHi && lo == lastLo && domain == lastDomain) {
            return lastRow;
        }
        int r = lookup(hi, lo, domain);
        lastHi = hi;
        lastLo = lo;
        lastDomain = domain;
        lastRow = r;
        return r;
    }

    private int lookup(long hi, long lo, long domain) {
        int r = index.get(hi, lo, domain, 0);
        if (r >= 0) {
            return r;
        }
        if (rows >= maxRows) {
            if (overflowRow < 0) {
                overflowRow = newRow(-1, -1, -1);
            }
            return overflowRow;
        }
        return newRow(hi, lo, domain);
    }

    private int newRow(long hi, long lo, long domain) {
        int r = rows++;
        if (r * COUNTERS >= counters.length) {
            counters = Arrays.copyOf(counters, counters.length * 2);
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[r * 3] = hi;
        keys[r * 3 + 1] = lo;
        keys[r * 3 + 2] = domain;
        index.put(hi, lo, domain, 0, r);
        return r;
    }

    public void error(int row, DecodeError e) { counters[row * COUNTERS + e.ordinal()]++; }

    public void datagram(int row) { counters[row * COUNTERS + DATAGRAMS]++; }

    public void flows(int row, int n) { counters[row * COUNTERS + FLOWS] += n; }

    public void optionsRecords(int row, int n) { counters[row * COUNTERS + OPTIONS_RECORDS] += n; }

    public void templateReceived(int row) { counters[row * COUNTERS + TEMPLATES_RECEIVED]++; }

    public void templatesActive(int row, int delta) { counters[row * COUNTERS + TEMPLATES_ACTIVE] += delta; }

    public long templatesActive(int row) { return counters[row * COUNTERS + TEMPLATES_ACTIVE]; }

    public void templateExpired(int row) { counters[row * COUNTERS + TEMPLATES_EXPIRED]++; }

    public void templateWithdrawn(int row) { counters[row * COUNTERS + TEMPLATES_WITHDRAWN]++; }

    public void templateRejected(int row) { counters[row * COUNTERS + TEMPLATES_REJECTED]++; }

    public void pendingSets(int row, int delta) { counters[row * COUNTERS + PENDING_SETS] += delta; }

    public void pendingDecoded(int row) { counters[row * COUNTERS + PENDING_DECODED]++; }

    /** Counters of one pair, or null when it was never seen (or shares the overflow row). */
    public DomainStats get(long hi, long lo, long domain) {
        int r = index.get(hi, lo, domain, 0);
        return r < 0 ? null : snapshot(r);
    }

    /** The rows of one exporter, one per domain it used (plus {@link #NO_DOMAIN} for unreadable headers). */
    public List<DomainStats> forExporter(long hi, long lo) {
        List<DomainStats> found = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            if (keys[r * 3] == hi && keys[r * 3 + 1] == lo) {
                found.add(snapshot(r));
            }
        }
        return found;
    }

    /** Every row, in the order the pairs were first seen. */
    public List<DomainStats> snapshot() {
        List<DomainStats> all = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            all.add(snapshot(r));
        }
        return all;
    }

    public void forEach(Consumer<DomainStats> visitor) { snapshot().forEach(visitor); }

    /** The sum of one error over all rows. */
    public long total(DecodeError e) {
        long sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += counters[r * COUNTERS + e.ordinal()];
        }
        return sum;
    }

    private DomainStats snapshot(int r) {
        int c = r * COUNTERS;
        return new DomainStats(keys[r * 3], keys[r * 3 + 1], keys[r * 3 + 2], counters[c + DATAGRAMS],
                counters[c + FLOWS], counters[c + OPTIONS_RECORDS], counters[c + TEMPLATES_RECEIVED],
                counters[c + TEMPLATES_ACTIVE], counters[c + TEMPLATES_EXPIRED], counters[c + TEMPLATES_WITHDRAWN],
                counters[c + TEMPLATES_REJECTED], counters[c + PENDING_SETS], counters[c + PENDING_DECODED],
                Arrays.copyOfRange(counters, c, c + ERRORS));
    }
}
