package org.flowsec.detect.scan;

import java.util.Arrays;
import org.flowsec.stats.KeyHash;

/**
 * Per source: the Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan 2004; SiLK rwscan) over the
 * outcomes of its first contacts with distinct hosts, and what the other rules need to know about it.
 *
 * <p>The walk keeps the log-likelihood ratio of "scanner" against "benign": a failed first contact adds
 * ln((1-θ1)/(1-θ0)), a successful one adds ln(θ1/θ0). Crossing ln(β/α) names the source a scanner, falling to
 * ln((1-β)/(1-α)) clears it. Both verdicts are sticky while the source is tracked: a cleared busy client (a
 * resolver, a proxy) is not tested again with every new host, which would give a rare failure streak many
 * chances; scans it starts later are still caught by the fixed thresholds.
 *
 * <p>A small counting filter (one byte per slot) answers "might this source be under test?" without touching
 * the table, so established connections of untracked or already judged sources cost one array read: of a
 * bit set that mirrors "count above 0" (128 KiB, eight times denser than the counts, so it stays cached).
 */
final class SourceTable extends LruTable {
    static final byte TESTING = 0;
    static final byte SCANNER = 1;
    static final byte BENIGN = 2;

    private static final byte ESTABLISHED = 1;
    private static final byte SAW_ANSWERS = 2;
    private static final byte HAS_KEYS = 4;
    private static final int FILTER_BITS = 20;

    private final double failStep;
    private final double successStep;
    private final double upper;
    private final double lower;
    private final double upperRatio;
    private final byte[] filter = new byte[1 << FILTER_BITS];
    private final long[] filterBits = new long[(1 << FILTER_BITS) / 64];
    private long[] hi = new long[0];
    private long[] lo = new long[0];
    private double[] llr = new double[0];
    private byte[] verdict = new byte[0];
    private byte[] flags = new byte[0];
    private int[] failedContacts = new int[0];
    private int[] alertKeys = new int[0];
    private long evictions;

    SourceTable(int maxEntries, double theta0, double theta1, double alpha, double beta) {
        super(maxEntries);
        if (!(theta0 > theta1 && theta1 > 0 && theta0 < 1 && alpha > 0 && beta > alpha && beta < 1)) {
            throw new IllegalArgumentException("scan TRW needs 0 < theta1 < theta0 < 1 and 0 < alpha < beta < 1");
        }
        failStep = Math.log((1 - theta1) / (1 - theta0));
        successStep = Math.log(theta1 / theta0);
        upperRatio = Math.round(beta / alpha * 1e9) / 1e9; // 0.99 / 0.01 is 98.99999999999999 in binary
        upper = Math.log(upperRatio);
        lower = Math.log((1 - beta) / (1 - alpha));
        growFields(Math.min(maxEntries, 1024));
    }

    @Override
    protected void growFields(int capacity) {
        hi = Arrays.copyOf(hi, capacity);
        lo = Arrays.copyOf(lo, capacity);
        llr = Arrays.copyOf(llr, capacity);
        verdict = Arrays.copyOf(verdict, capacity);
        flags = Arrays.copyOf(flags, capacity);
        failedContacts = Arrays.copyOf(failedContacts, capacity);
        alertKeys = Arrays.copyOf(alertKeys, capacity);
    }

    static long key(long h, long l) { return KeyHash.hash(h, l); }

    private int filterSlot(long key) { return (int) (key >>> (64 - FILTER_BITS)); }

    /** False when the source is certainly not tracked with its sequential test still open. */
    boolean mayBeTesting(long key) {
        int f = filterSlot(key);
        return (filterBits[f >>> 6] & (1L << f)) != 0;
    }

    /** The source's entry, created (evicting the least recently active source if full) when missing. */
    int findOrAdd(long key, long h, long l, long time) {
        int id = find(key);
        if (id >= 0) {
            touch(id, time);
            return id;
        }
        if (isFull()) {
            evict(oldest());
            evictions++;
        }
        id = add(key, time);
        hi[id] = h;
        lo[id] = l;
        llr[id] = 0;
        verdict[id] = TESTING;
        flags[id] = 0;
        failedContacts[id] = 0;
        alertKeys[id] = 0;
        int f = filterSlot(key);
        if (filter[f] != (byte) 0xFF) {
            filter[f]++;
        }
        filterBits[f >>> 6] |= 1L << f;
        return id;
    }

    /** Drops sources without activity since {@code before} (event time). Returns how many. */
    int expire(long before) {
        int n = 0;
        for (int id = oldest(); id >= 0 && touchedAt(id) < before; id = oldest()) {
            evict(id);
            n++;
        }
        return n;
    }

    private void evict(int id) {
        if (verdict[id] == TESTING) {
            leaveFilter(id);
        }
        remove(id);
    }

    /** Saturated slots stay saturated: a false "maybe" costs a lookup, a false "no" would lose evidence. */
    private void leaveFilter(int id) {
        int f = filterSlot(key(hi[id], lo[id]));
        if (filter[f] != (byte) 0xFF) {
            filter[f]--;
            if (filter[f] == 0) {
                filterBits[f >>> 6] &= ~(1L << f);
            }
        }
    }

    /** One first contact with a new host; returns true when this observation names the source a scanner. */
    boolean observe(int id, boolean success) {
        if (!success) {
            failedContacts[id]++;
        }
        if (verdict[id] != TESTING) {
            return false;
        }
        llr[id] += success ? successStep : failStep;
        if (llr[id] >= upper) {
            verdict[id] = SCANNER;
            leaveFilter(id);
            return true;
        }
        if (llr[id] <= lower) {
            verdict[id] = BENIGN;
            leaveFilter(id);
        }
        return false;
    }

    boolean isScanner(int id) { return verdict[id] == SCANNER; }

    boolean isTesting(int id) { return verdict[id] == TESTING; }

    boolean isBenign(int id) { return verdict[id] == BENIGN; }

    double likelihoodRatio(int id) { return Math.exp(llr[id]); }

    int failedContacts(int id) { return failedContacts[id]; }

    void markEstablished(int id) { flags[id] |= ESTABLISHED; }

    boolean hasEstablished(int id) { return (flags[id] & ESTABLISHED) != 0; }

    void markAnswered(int id) { flags[id] |= SAW_ANSWERS; }

    /** The source has (or had) horizontal or vertical keys, so its answered probes must update them. */
    void markHasKeys(int id) { flags[id] |= HAS_KEYS; }

    boolean hasKeys(int id) { return (flags[id] & HAS_KEYS) != 0; }

    boolean sawAnswers(int id) { return (flags[id] & SAW_ANSWERS) != 0; }

    /** Counts one more alert key of this source; false when it already has {@code max}. */
    boolean claimAlertKey(int id, int max) {
        if (alertKeys[id] >= max) {
            return false;
        }
        alertKeys[id]++;
        return true;
    }

    long evictions() { return evictions; }

    /** The ln(β/α) bound TRW names scanners at, as a likelihood ratio (99 with the defaults). */
    double upperBound() { return upperRatio; }
}
