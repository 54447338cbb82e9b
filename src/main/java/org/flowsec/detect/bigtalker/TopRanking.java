package org.flowsec.detect.bigtalker;

import java.util.Arrays;

/**
 * Per network, the {@code top} hosts of a {@link TalkerTable} with the highest score in one interval:
 * one sorted run of table slots per network in preallocated arrays (insertion into a run of at most
 * {@code top}, which is small), ties broken by address so reports do not depend on the table's layout.
 */
final class TopRanking {
    static final int BYTES = 0;
    static final int PACKETS = 1;
    static final int FLOWS = 2;

    private final int top;
    private final int[] slots;
    private final long[] scores;
    private final int[] counts;

    TopRanking(int networks, int top) {
        this.top = top;
        this.slots = new int[networks * top];
        this.scores = new long[networks * top];
        this.counts = new int[networks];
    }

    /** Ranks every host of the table with a positive score in ring slot {@code r}. */
    void rank(TalkerTable table, int r, int order) {
        Arrays.fill(counts, 0);
        for (int s = 0; s < table.capacity(); s++) {
            if (!table.used(s)) {
                continue;
            }
            long score = switch (order) {
                case BYTES -> table.bytes(s, r);
                case PACKETS -> table.get(s, r, TalkerTable.PACKETS);
                default -> table.get(s, r, TalkerTable.FLOWS);
            };
            if (score > 0) {
                offer(table, table.network[s], s, score);
            }
        }
    }

    private void offer(TalkerTable table, int n, int s, long score) {
        int base = n * top;
        int count = counts[n];
        int at = count;
        while (at > 0 && before(table, score, s, scores[base + at - 1], slots[base + at - 1])) {
            at--;
        }
        if (at >= top) {
            return;
        }
        for (int j = Math.min(count, top - 1); j > at; j--) {
            scores[base + j] = scores[base + j - 1];
            slots[base + j] = slots[base + j - 1];
        }
        scores[base + at] = score;
        slots[base + at] = s;
        counts[n] = Math.min(top, count + 1);
    }

    /** Higher score first; equal scores by address. */
    private static boolean before(TalkerTable table, long score, int s, long otherScore, int other) {
        if (score != otherScore) {
            return score > otherScore;
        }
        int c = Long.compareUnsigned(table.hi(s), table.hi(other));
        return c != 0 ? c < 0 : Long.compareUnsigned(table.lo(s), table.lo(other)) < 0;
    }

    /** Hosts ranked in network n. */
    int count(int n) { return counts[n]; }

    /** The table slot of the host ranked {@code rank} (0-based) in network n. */
    int slot(int n, int rank) { return slots[n * top + rank]; }
}
