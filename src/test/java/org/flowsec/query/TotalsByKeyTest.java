package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.stats.Prefixes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many segments' address totals summed per key: every key once, its sums equal to those of adding every entry one
 * by one, for plain addresses and for prefixes of mixed IPv4 and IPv6 lists.
 */
class TotalsByKeyTest {
    /** Ascending lists drawn from a shared pool, so that most keys appear in several lists. */
    private static List<AddressTotals> lists(long seed, int k) {
        Random rnd = new Random(seed);
        long[][] pool = new long[400][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i % 5 == 0
                    ? new long[] {0x2001_0db8_0000_0000L + rnd.nextInt(4), rnd.nextLong()}
                    : i % 7 == 0 ? new long[] {0, 1 + rnd.nextInt(1000)} // ::n, sorts among the IPv4 addresses' high word
                    : new long[] {0, Addresses.v4Low(0x0A00_0000 + rnd.nextInt(1 << 12))};
        }
        java.util.Arrays.sort(pool, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<AddressTotals> out = new ArrayList<>();
        for (int l = 0; l < k; l++) {
            List<long[]> chosen = new ArrayList<>();
            for (int i = 0; i < pool.length; i++) {
                if (rnd.nextInt(3) == 0 && (i == 0 || pool[i][0] != pool[i - 1][0] || pool[i][1] != pool[i - 1][1])) {
                    chosen.add(pool[i]);
                }
            }
            int n = chosen.size();
            long[][] c = new long[7][n];
            for (int e = 0; e < n; e++) {
                c[0][e] = chosen.get(e)[0];
                c[1][e] = chosen.get(e)[1];
                c[2][e] = 1 + rnd.nextInt(50);
                c[3][e] = c[2][e] * (1 + rnd.nextInt(9));
                c[4][e] = c[3][e] * 100;
                c[5][e] = 1_790_000_000_000L + rnd.nextInt(1_000_000);
                c[6][e] = c[5][e] + rnd.nextInt(60_000);
            }
            out.add(new AddressTotals(Field.SRC_ADDR, c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"src_addr", "srcip4/24", "srcip6/32", "srcip4/8"})
    void mergedSumsEqualAddingEveryEntry(String key) {
        KeyPart part = KeyPart.parse(key);
        List<AddressTotals> lists = lists(key.hashCode(), 37);
        Map<String, long[]> expected = new TreeMap<>();
        for (AddressTotals t : lists) {
            for (int e = 0; e < t.size(); e++) {
                long hi = part.kind() == KeyPart.Kind.PREFIX
                        ? Prefixes.maskHi(t.hi()[e], t.lo()[e], part.v4Bits(), part.v6Bits()) : t.hi()[e];
                long lo = part.kind() == KeyPart.Kind.PREFIX
                        ? Prefixes.maskLo(t.hi()[e], t.lo()[e], part.v4Bits(), part.v6Bits()) : t.lo()[e];
                long[] s = expected.computeIfAbsent(hi + "/" + lo, x -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
                s[0] += t.flows()[e];
                s[1] += t.packets()[e];
                s[2] += t.bytes()[e];
                s[3] = Math.min(s[3], t.first()[e]);
                s[4] = Math.max(s[4], t.last()[e]);
            }
        }
        TotalsByKey sums = new TotalsByKey(part);
        lists.forEach(sums::add);
        long[][][] c = sums.columns();
        Map<String, long[]> actual = new TreeMap<>();
        for (int i = 0; i < sums.size(); i++) {
            String k = c[0][0][i] + "/" + c[0][1][i];
            assertThat(actual).as("each key once").doesNotContainKey(k);
            actual.put(k, new long[] {c[1][0][i], c[1][1][i], c[1][2][i], c[1][3][i], c[1][4][i]});
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, s) -> assertThat(actual.get(k)).as(k).containsExactly(s));
    }
}
