package org.flowsec.query;

import java.util.Arrays;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Pre-aggregation of one batch by dictionary codes: when the store decoded every slot of the key with its
 * dictionary codes ({@link FlowBatch#codes}), rows with the same codes have the same key, so the batch's
 * rows are summed into arrays indexed by the combined code, with no hashing and no key comparison. What
 * leaves is one entry per distinct key of the batch (a representative row and the summed values), a
 * fraction of the rows when the key is an address: a block's few thousand hosts make its 65,536 flows.
 *
 * <p>Sums, minimum and maximum are associative and commutative, so adding the entries instead of the rows
 * gives the same totals.
 */
final class CodedGroups {
    /** At most 2^15 groups: 5 longs each, 1.25 MiB, which stays in a core's L2 cache. */
    static final int MAX_GROUPS = 1 << 15;
    /** Per group: flows, packets, bytes, first (min), last (max). */
    private static final int STRIDE = 5;

    private final int[] keySlots;
    private final int[] effective;
    private final int[] ranges;
    private long[] acc = new long[0];
    private int[] representative = new int[0];
    private int[] groupOf = new int[0];
    private int[] entryRows = new int[0];
    /** Per entry: flows, packets, bytes, first, last. */
    private final long[][] values = new long[STRIDE][0];

    /** Whether first and last are summed up too (else left at their identities, for a later look). */
    private final boolean times;

    /**
     * Groups by the key as {@code side} reads it (side 1: the destination of an either-side key); with
     * {@code times}, takes the minimum first and maximum last of each group too.
     */
    CodedGroups(GroupKey key, int side, boolean times) {
        this.times = times;
        this.keySlots = key.fields(side).stream()
                .flatMapToInt(f -> java.util.stream.IntStream.range(f.slot(), f.slot() + f.width()))
                .toArray();
        this.effective = new int[keySlots.length];
        this.ranges = new int[keySlots.length];
    }

    /** The rows whose keys stand for the entries of the last {@link #group}. */
    int[] rows() {
        return entryRows;
    }

    /** Flows, packets, bytes, first and last of the entries of the last {@link #group}. */
    long[][] values() {
        return values;
    }

    /**
     * Sums rows {@code rows[0..m)} of {@code b} by key codes into entries.
     *
     * @return the number of entries, or -1 when the batch lacks codes for a slot of the key or has too many
     *         code combinations for the rows selected (the caller then adds rows one by one)
     */
    int group(FlowBatch b, int[] rows, int m) {
        long groups = groups(b, m);
        if (groups < 0) {
            return -1;
        }
        int g = (int) groups;
        ensure(g, m);
        combine(b, rows, m, effectiveSlots);
        accumulate(b, rows, m);
        return emit(g);
    }

    /** Slots of the key with more than one code in the last {@link #groups} call. */
    private int effectiveSlots;

    /**
     * How many code combinations {@code b} has for the key, or -1 when it lacks codes for a slot of the key or has
     * too many combinations for {@code m} rows selected; looks at the batch only.
     */
    long groups(FlowBatch b, int m) {
        long groups = 1;
        int e = 0;
        for (int slot : keySlots) {
            int r = b.codeRange(slot);
            if (r == 0) {
                return -1;
            }
            if (r > 1) {
                effective[e] = slot;
                ranges[e++] = r;
                groups *= r;
                if (groups > MAX_GROUPS) {
                    return -1;
                }
            }
        }
        if (groups > 4L * m + 64) {
            return -1; // few rows selected: visiting every group would cost more than it saves
        }
        effectiveSlots = e;
        return groups;
    }

    /** groupOf[j] = the combined code of row rows[j] over the key slots with more than one code. */
    private void combine(FlowBatch b, int[] rows, int m, int e) {
        int[] out = groupOf;
        switch (e) {
            case 0 -> Arrays.fill(out, 0, m, 0);
            case 1 -> {
                int[] c0 = b.codes(effective[0]);
                for (int j = 0; j < m; j++) {
                    out[j] = c0[rows[j]];
                }
            }
            case 2 -> {
                int[] c0 = b.codes(effective[0]);
                int[] c1 = b.codes(effective[1]);
                int r1 = ranges[1];
                for (int j = 0; j < m; j++) {
                    int r = rows[j];
                    out[j] = c0[r] * r1 + c1[r];
                }
            }
            default -> {
                Arrays.fill(out, 0, m, 0);
                for (int k = 0; k < e; k++) {
                    int[] c = b.codes(effective[k]);
                    int range = ranges[k];
                    for (int j = 0; j < m; j++) {
                        out[j] = out[j] * range + c[rows[j]];
                    }
                }
            }
        }
    }

    private void accumulate(FlowBatch b, int[] rows, int m) {
        if (!times) {
            accumulateCounts(b, rows, m);
            return;
        }
        long[] packets = b.slot(Field.PACKETS.slot());
        long[] bytes = b.slot(Field.BYTES.slot());
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        long[] a = acc;
        int[] rep = representative;
        int[] group = groupOf;
        for (int j = 0; j < m; j++) {
            int r = rows[j];
            int g = group[j];
            int at = g * STRIDE;
            a[at]++;
            a[at + 1] += packets[r];
            a[at + 2] += bytes[r];
            a[at + 3] = Math.min(a[at + 3], first[r]);
            a[at + 4] = Math.max(a[at + 4], last[r]);
            rep[g] = r; // any row of the group carries its key
        }
    }

    /** {@link #accumulate} of flows, packets and bytes alone. */
    private void accumulateCounts(FlowBatch b, int[] rows, int m) {
        long[] packets = b.slot(Field.PACKETS.slot());
        long[] bytes = b.slot(Field.BYTES.slot());
        long[] a = acc;
        int[] rep = representative;
        int[] group = groupOf;
        for (int j = 0; j < m; j++) {
            int r = rows[j];
            int at = group[j] * STRIDE;
            a[at]++;
            a[at + 1] += packets[r];
            a[at + 2] += bytes[r];
            rep[group[j]] = r;
        }
    }

    /** Moves the groups that got rows into the entries and resets them for the next batch. */
    private int emit(int groups) {
        long[] a = acc;
        long[] flows = values[0];
        long[] packets = values[1];
        long[] bytes = values[2];
        long[] first = values[3];
        long[] last = values[4];
        int e = 0;
        for (int g = 0; g < groups; g++) {
            int at = g * STRIDE;
            if (a[at] != 0) {
                entryRows[e] = representative[g];
                flows[e] = a[at];
                packets[e] = a[at + 1];
                bytes[e] = a[at + 2];
                first[e] = a[at + 3];
                last[e] = a[at + 4];
                e++;
                reset(a, at);
            }
        }
        return e;
    }

    private static void reset(long[] a, int at) {
        a[at] = 0;
        a[at + 1] = 0;
        a[at + 2] = 0;
        a[at + 3] = Long.MAX_VALUE;
        a[at + 4] = Long.MIN_VALUE;
    }

    private void ensure(int groups, int m) {
        if (acc.length < groups * STRIDE) {
            int old = acc.length / STRIDE;
            acc = Arrays.copyOf(acc, groups * STRIDE);
            for (int g = old; g < groups; g++) {
                reset(acc, g * STRIDE);
            }
            representative = new int[groups];
        }
        if (groupOf.length < m) {
            groupOf = new int[Math.max(m, 1024)];
        }
        if (entryRows.length < m) { // a batch has at most one entry per row
            int c = Math.max(m, 1024);
            entryRows = new int[c];
            for (int v = 0; v < STRIDE; v++) {
                values[v] = new long[c];
            }
        }
    }
}
