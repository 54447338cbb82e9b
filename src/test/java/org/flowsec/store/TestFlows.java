package org.flowsec.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Random batches that hit every column encoding, and a canonical row order for comparing them. */
public final class TestFlows {
    private TestFlows() {}

    /**
     * {@code n} rows; each column gets a random style (constant, tiny, ports, sorted times, repeated wide
     * values, full-range random, extremes), so all encodings and their edge cases are exercised.
     */
    public static FlowBatch random(long seed, int n, long timeBase) {
        Random r = new Random(seed);
        FlowBatch b = new FlowBatch(n);
        for (int i = 0; i < n; i++) {
            b.addRow();
        }
        for (int s = 0; s < Field.SLOTS; s++) {
            long[] col = b.slot(s);
            int style = r.nextInt(8);
            long c = r.nextLong();
            long[] pool = new long[1 + r.nextInt(300)];
            for (int k = 0; k < pool.length; k++) {
                pool[k] = r.nextBoolean() ? r.nextLong() : 0x0000_FFFF_0A00_0000L | r.nextInt(1 << 20);
            }
            long t = timeBase + r.nextInt(1000);
            for (int i = 0; i < n; i++) {
                col[i] = switch (style) {
                    case 0 -> c;
                    case 1 -> r.nextInt(4);
                    case 2 -> r.nextBoolean() ? 443 : 32768 + r.nextInt(28000);
                    case 3 -> t += r.nextInt(50);
                    case 4 -> pool[r.nextInt(pool.length)];
                    case 5 -> r.nextLong();
                    case 6 -> switch (r.nextInt(4)) {
                        case 0 -> Long.MIN_VALUE;
                        case 1 -> Long.MAX_VALUE;
                        case 2 -> -1;
                        default -> 0;
                    };
                    default -> (long) (Math.pow(r.nextDouble(), -2)) - r.nextInt(3);
                };
            }
        }
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        for (int i = 0; i < n; i++) {
            // the store keys on flow time, so keep times in a sane window: first in [base, base + 1h), last >= first
            first[i] = timeBase + Math.floorMod(first[i], 3_600_000L);
            last[i] = first[i] + Math.floorMod(last[i], 600_000L);
        }
        return b;
    }

    /** A copy with rows sorted by every slot in order, so batches holding the same rows compare equal. */
    public static FlowBatch canonical(FlowBatch b) {
        Integer[] idx = new Integer[b.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Comparator<Integer> cmp = (x, y) -> {
            for (int s = 0; s < Field.SLOTS; s++) {
                int c = Long.compare(b.slot(s)[x], b.slot(s)[y]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        Arrays.sort(idx, cmp);
        FlowBatch out = new FlowBatch(b.size());
        for (int i : idx) {
            out.appendRow(b, i);
        }
        return out;
    }

    /** Rows of several batches in one batch. */
    public static FlowBatch concat(Iterable<FlowBatch> batches) {
        FlowBatch out = new FlowBatch(16);
        for (FlowBatch b : batches) {
            out.appendAll(b);
        }
        return out;
    }
}
