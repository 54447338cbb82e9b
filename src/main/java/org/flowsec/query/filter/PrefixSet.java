package org.flowsec.query.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Membership of an address in a set of prefixes, for {@code ip in [...]} lists of thousands of entries.
 * Prefixes are grouped by length; each group is a sorted array of 128-bit keys (hi, lo interleaved), so a
 * lookup costs one binary search per distinct length: O(L log n), with L = 1 for plain address lists
 * and at most a handful for typical prefix lists.
 */
final class PrefixSet {
    private final int[] lengths;
    /** keys[g] holds the masked prefixes of length lengths[g] as hi0, lo0, hi1, lo1, ... ascending. */
    private final long[][] keys;

    PrefixSet(Collection<Prefix> prefixes) {
        TreeMap<Integer, long[]> byLength = new TreeMap<>();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (Prefix p : prefixes) {
            counts.merge(p.length(), 1, Integer::sum);
        }
        for (var e : counts.entrySet()) {
            byLength.put(e.getKey(), new long[2 * e.getValue()]);
        }
        TreeMap<Integer, Integer> fill = new TreeMap<>();
        for (Prefix p : prefixes) {
            int i = fill.merge(p.length(), 1, Integer::sum) - 1;
            long[] k = byLength.get(p.length());
            k[2 * i] = p.hi();
            k[2 * i + 1] = p.lo();
        }
        lengths = new int[byLength.size()];
        keys = new long[byLength.size()][];
        int g = 0;
        // longest first: a host list is matched in the first group
        for (var e : byLength.descendingMap().entrySet()) {
            lengths[g] = e.getKey();
            keys[g] = sortPairs(e.getValue());
            g++;
        }
    }

    boolean contains(long hi, long lo) {
        for (int g = 0; g < lengths.length; g++) {
            int len = lengths[g];
            if (find(keys[g], hi & Prefix.maskHi(len), lo & Prefix.maskLo(len))) {
                return true;
            }
        }
        return false;
    }

    private static boolean find(long[] k, long hi, long lo) {
        int low = 0;
        int high = k.length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = compare(k[2 * mid], k[2 * mid + 1], hi, lo);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static int compare(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    private static long[] sortPairs(long[] pairs) {
        int n = pairs.length / 2;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> compare(pairs[2 * x], pairs[2 * x + 1], pairs[2 * y], pairs[2 * y + 1]));
        long[] out = new long[pairs.length];
        for (int i = 0; i < n; i++) {
            out[2 * i] = pairs[2 * order[i]];
            out[2 * i + 1] = pairs[2 * order[i] + 1];
        }
        return out;
    }
}
