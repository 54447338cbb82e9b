package org.flowsec.collect;

/**
 * Sequence-number loss accounting for one exporter and observation domain.
 *
 * <p>Every datagram carries a 32-bit sequence number {@code s} and advances the sequence by
 * {@code n} units (v5/v7: flows, v9: one datagram, IPFIX: data records), so it covers the units
 * {@code [s, s + n)}. Sequence numbers are unwrapped into a 64-bit space relative to the highest end
 * seen so far, which makes the 32-bit wrap-around invisible.
 *
 * <ul>
 *   <li>In order ({@code s == highest}): nothing lost.
 *   <li>Ahead by {@code d <= maxGap}: the units {@code [highest, s)} are missing; they are counted as
 *       lost now and remembered as an open gap while they stay inside the reorder window.
 *   <li>Behind by at most {@code window} units: a late (reordered) datagram. The part of it that falls
 *       into an open gap is taken back from the lost count; the rest is a duplicate.
 *   <li>Ahead by more than {@code maxGap}, or behind by more than {@code window}: the exporter restarted
 *       or reset its counter. Counted as a reset; the tracker starts over from this datagram, so a
 *       restart never shows up as billions of lost flows.
 * </ul>
 *
 * <p>Invariant while no reset happened and no gap was evicted: {@code lost == (highest - lowest) -
 * received}, the units missing between the first and the last unit seen. Open gaps are bounded by
 * {@link #MAX_OPEN_GAPS}; when more are open, the oldest one is closed for good (its units stay lost and
 * a later fill of it counts as a duplicate). Heap: about 400 bytes per tracker. Not thread-safe.
 */
public final class SequenceTracker {
    /** Open gaps remembered for late datagrams; beyond this the oldest is closed for good. */
    public static final int MAX_OPEN_GAPS = 16;
    private static final long MASK32 = 0xFFFF_FFFFL;

    private final long window;
    private final long maxGap;

    private boolean started;
    private long lowest;
    private long highest;
    private final long[] gapStart = new long[MAX_OPEN_GAPS];
    private final long[] gapEnd = new long[MAX_OPEN_GAPS];
    private int openGaps;

    private long receivedUnits;
    private long lostUnits;
    private long gaps;
    private long lateDatagrams;
    private long duplicateDatagrams;
    private long resets;

    /**
     * @param window how far behind the highest unit a late datagram may start and still fill a gap
     * @param maxGap the largest forward jump still counted as loss rather than an exporter restart
     */
    public SequenceTracker(long window, long maxGap) {
        if (window < 0 || maxGap < 1 || maxGap >= (1L << 31) || window >= (1L << 31)) {
            throw new IllegalArgumentException("window " + window + " and maxGap " + maxGap + " must be in 0..2^31");
        }
        this.window = window;
        this.maxGap = maxGap;
    }

    /** Accounts for one datagram with 32-bit sequence number {@code sequence} advancing it by {@code advance}. */
    public void accept(long sequence, long advance) {
        long n = Math.max(0, advance);
        if (!started) {
            started = true;
            restart(sequence & MASK32, n);
            return;
        }
        int delta = (int) ((sequence & MASK32) - (highest & MASK32)); // signed 32-bit distance
        long s = highest + delta;
        if (delta >= 0) {
            if (delta > maxGap) {
                resets++;
                restart(s, n);
                return;
            }
            if (delta > 0) {
                addGapAtTop(highest, s);
                lostUnits += delta;
                gaps++;
            }
            highest = s + n;
            receivedUnits += n;
            closeGapsOutsideWindow();
            return;
        }
        if (highest - s > window) {
            resets++;
            restart(s, n);
            return;
        }
        acceptLate(s, s + n);
    }

    private void acceptLate(long s, long e) {
        if (s == e) {
            return; // advances nothing (e.g. an IPFIX datagram of templates only): nothing to fill
        }
        if (s < lowest) {
            // Starts before the first datagram seen: the units up to that one were missing all along.
            if (e < lowest) {
                gaps++;
            }
            insertGap(0, s, lowest);
            lostUnits += lowest - s;
            lowest = s;
        }
        long filled = fill(s, Math.min(e, highest));
        if (filled > 0) {
            lateDatagrams++;
        } else {
            duplicateDatagrams++;
        }
        extendTop(e);
    }

    /** A late datagram reaching past the highest unit (overlapping counters): the excess is new. */
    private void extendTop(long e) {
        if (e > highest) {
            receivedUnits += e - highest;
            highest = e;
            closeGapsOutsideWindow();
        }
    }

    /** Removes {@code [s, e)} from the open gaps; returns how many units were filled. */
    private long fill(long s, long e) {
        long filled = 0;
        for (int i = 0; i < openGaps && s < e; i++) {
            long gs = gapStart[i];
            long ge = gapEnd[i];
            long os = Math.max(gs, s);
            long oe = Math.min(ge, e);
            if (os >= oe) {
                continue;
            }
            filled += oe - os;
            if (os == gs && oe == ge) {
                removeGap(i);
                i--;
            } else if (os == gs) {
                gapStart[i] = oe;
            } else if (oe == ge) {
                gapEnd[i] = os;
            } else {
                gapEnd[i] = os; // split: [gs, os) stays, [oe, ge) is inserted after it
                insertGap(i + 1, oe, ge);
                i++;
            }
        }
        lostUnits -= filled;
        receivedUnits += filled;
        return filled;
    }

    private void restart(long s, long n) {
        lowest = s;
        highest = s + n;
        openGaps = 0;
        receivedUnits += n;
    }

    private void closeGapsOutsideWindow() {
        long limit = highest - window;
        int keep = 0;
        while (keep < openGaps && gapEnd[keep] <= limit) {
            keep++;
        }
        if (keep > 0) {
            System.arraycopy(gapStart, keep, gapStart, 0, openGaps - keep);
            System.arraycopy(gapEnd, keep, gapEnd, 0, openGaps - keep);
            openGaps -= keep;
        }
    }

    private void addGapAtTop(long s, long e) {
        if (openGaps == MAX_OPEN_GAPS) {
            removeGap(0);
        }
        gapStart[openGaps] = s;
        gapEnd[openGaps] = e;
        openGaps++;
    }

    private void insertGap(int at, long s, long e) {
        if (openGaps == MAX_OPEN_GAPS) {
            removeGap(0);
            at = Math.max(0, at - 1);
        }
        System.arraycopy(gapStart, at, gapStart, at + 1, openGaps - at);
        System.arraycopy(gapEnd, at, gapEnd, at + 1, openGaps - at);
        gapStart[at] = s;
        gapEnd[at] = e;
        openGaps++;
    }

    private void removeGap(int i) {
        System.arraycopy(gapStart, i + 1, gapStart, i, openGaps - i - 1);
        System.arraycopy(gapEnd, i + 1, gapEnd, i, openGaps - i - 1);
        openGaps--;
    }

    /** Units (flows, datagrams or records, by version) received, duplicates excluded. */
    public long receivedUnits() { return receivedUnits; }

    /** Units missing so far, net of those filled in by late datagrams. */
    public long lostUnits() { return lostUnits; }

    /** Forward jumps that opened a gap. */
    public long gaps() { return gaps; }

    /** Datagrams that arrived late and filled (part of) a gap. */
    public long lateDatagrams() { return lateDatagrams; }

    /** Datagrams inside the window whose units had all been seen already. */
    public long duplicateDatagrams() { return duplicateDatagrams; }

    /** Jumps beyond the window or {@code maxGap}: exporter restarts or counter resets. */
    public long resets() { return resets; }

    /** Gaps still open for late datagrams to fill. */
    public int openGaps() { return openGaps; }
}
