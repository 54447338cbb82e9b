package org.flowsec.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The obvious HashMap aggregation the flat table must agree with. */
final class Reference {
    final Accumulator[] kinds;
    final Map<List<Long>, long[]> groups = new HashMap<>();

    Reference(Accumulator... kinds) {
        this.kinds = kinds;
    }

    void add(long[] key, long... values) {
        long[] row = groups.computeIfAbsent(keyOf(key), k -> {
            long[] r = new long[kinds.length];
            for (int c = 0; c < kinds.length; c++) {
                r[c] = kinds[c].identity();
            }
            return r;
        });
        for (int c = 0; c < kinds.length; c++) {
            row[c] = kinds[c].combine(row[c], values[c]);
        }
    }

    static List<Long> keyOf(long[] key) {
        List<Long> k = new ArrayList<>(key.length);
        for (long w : key) {
            k.add(w);
        }
        return k;
    }

    static List<Long> keyOf(LongKeyAggregator t, int slot) {
        List<Long> k = new ArrayList<>(t.keyWords());
        for (int w = 0; w < t.keyWords(); w++) {
            k.add(t.key(slot, w));
        }
        return k;
    }

    /** Every entry of the table as key -> values. */
    static Map<List<Long>, List<Long>> contents(LongKeyAggregator t) {
        Map<List<Long>, List<Long>> m = new HashMap<>();
        for (int s = t.first(); s >= 0; s = t.next(s)) {
            List<Long> v = new ArrayList<>();
            for (int c = 0; c < t.columns(); c++) {
                v.add(t.value(s, c));
            }
            if (m.put(keyOf(t, s), v) != null) {
                throw new AssertionError("key listed twice: " + keyOf(t, s));
            }
        }
        return m;
    }

    Map<List<Long>, List<Long>> contents() {
        Map<List<Long>, List<Long>> m = new HashMap<>();
        groups.forEach((k, v) -> {
            List<Long> l = new ArrayList<>();
            for (long x : v) {
                l.add(x);
            }
            m.put(k, l);
        });
        return m;
    }
}
