package org.flowsec.query.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Membership of an address in a set of prefixes, for {@code ip in [...]} lists of thousands of entries.
 * Prefixes are grouped by length; each group is a sorted array of 128-bit keys (hi, lo interleaved), so a
 * lookup costs one binary search per distinct length: O(L log n), with L = 1 for plain address lists
 * and at most a handful for typical prefix lists. Host addresses (length 128), the bulk of long lists, go
 * into an open-addressing hash table instead: O(1) per lookup.
 */
public final class PrefixSet {
    private final int[] lengths;
    /** keys[g] holds the masked prefixes of length lengths[g] as hi0, lo0, hi1, lo1, ... ascending. */
    private final long[][] keys;
    /** Host addresses: slots of (hi, lo) pairs, power-of-two many; {@link #hostUsed} marks the filled ones. */
    private final long[] hostTable;
    private final boolean[] hostUsed;
    private final int hostMask;

    public PrefixSet(Collection<Prefix> prefixes) {
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
        long[] hosts = byLength.remove(128);
        int slots = Integer.highestOneBit(Math.max(2, hosts == null ? 2 : hosts.length) * 2); // load <= 1/2
        hostTable = new long[2 * slots];
        hostUsed = new boolean[slots];
        hostMask = slots - 1;
        if (hosts != null) {
            for (int i = 0; i < hosts.length; i += 2) {
                int at = slot(hosts[i], hosts[i + 1]);
                hostUsed[at] = true;
                hostTable[2 * at] = hosts[i];
                hostTable[2 * at + 1] = hosts[i + 1];
            }
        }
        lengths = new int[byLength.size()];
        keys = new long[byLength.size()][];
        int g = 0;
        for (var e : byLength.descendingMap().entrySet()) {
            lengths[g] = e.getKey();
            keys[g] = sortPairs(e.getValue());
            g++;
        }
    }

    public boolean contains(long hi, long lo) {
        if (hostUsed[slot(hi, lo)]) {
            return true;
        }
        for (int g = 0; g < lengths.length; g++) {
            int len = lengths[g];
            if (find(keys[g], hi & Prefix.maskHi(len), lo & Prefix.maskLo(len))) {
                return true;
            }
        }
        return false;
    }

    /** The slot holding (hi, lo), or the empty slot where it would go (linear probing). */
    private int slot(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L + lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        int at = (int) h & hostMask;
        while (hostUsed[at] && (hostTable[2 * at] != hi || hostTable[2 * at + 1] != lo)) {
            at = (at + 1) & hostMask;
        }
        return at;
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
