package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The writer numbers a block's addresses from their values in a sorted row order; a reader numbers them from the
 * decoded values or from the low words' dictionary codes in block order. A DEPENDENT column is only read back right
 * when all three give every row the same number, so they are compared here against the definition: numbers
 * 0, 1, 2... given to addresses (both words) as they first appear.
 */
class AddressNumberingTest {

    @Property(tries = 500)
    void everyWayOfNumberingGivesTheFirstAppearanceNumbers(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n,
                                                         @ForAll @IntRange(min = 1, max = 2000) int hosts) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] hi = new long[n];
        long[] lo = new long[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(hosts);
            // a few high words and low words shared between them: addresses differ in either word
            hi[i] = k % 3 == 0 ? 0x20010DB800000000L + k % 7 : 0x0000FFFFL;
            lo[i] = k % 3 == 0 ? k % 11 : 0xC0A80000L + k;
        }
        int[] order = shuffled(n, r);
        long[] hiInOrder = new long[n];
        long[] loInOrder = new long[n];
        for (int i = 0; i < n; i++) {
            hiInOrder[i] = hi[order[i]];
            loInOrder[i] = lo[order[i]];
        }
        int[] expected = firstAppearance(hiInOrder, loInOrder);

        AddressNumbering numbering = new AddressNumbering();
        int d = numbering.number(hi, lo, order, n);
        assertThat(Arrays.copyOf(numbering.rows(), n)).as("through a row order").containsExactly(expected);
        assertThat(d).isEqualTo(Arrays.stream(expected).max().orElse(-1) + 1);
        assertThat(Arrays.copyOf(numbering.storedRows(), n)).as("storage order").containsExactly(firstAppearance(hi, lo));

        assertThat(numbering.number(hi, lo, order, n, d)).as("limit reached, not passed").isEqualTo(d);
        assertThat(numbering.number(hi, lo, order, n, d - 1)).as("limit passed").isEqualTo(-1);

        numbering.number(hiInOrder, loInOrder, null, n);
        assertThat(Arrays.copyOf(numbering.rows(), n)).as("in storage order").containsExactly(expected);

        int[] loCodes = new int[n];
        int loRange = codes(loInOrder, loCodes);
        // an instance that numbered other rows before (its table and arrays hold their leftovers)
        AddressNumbering byCodes = new AddressNumbering();
        byCodes.number(loInOrder, hiInOrder, null, n);
        byCodes.numberByLowCodes(hiInOrder, loInOrder, null, loCodes, loRange, n, false);
        assertThat(Arrays.copyOf(byCodes.rows(), n)).as("from the low words' codes").containsExactly(expected);
        assertThat(byCodes.distinct()).isEqualTo(d);
        byCodes.numberByLowCodes(hi, lo, order, loCodes, loRange, n, false);
        assertThat(Arrays.copyOf(byCodes.rows(), n)).as("from codes, through a row order").containsExactly(expected);
        int[] byStorageRow = new int[n];
        for (int i = 0; i < n; i++) {
            byStorageRow[order[i]] = expected[i];
        }
        assertThat(Arrays.copyOf(byCodes.storedRows(), n)).as("by storage row").containsExactly(byStorageRow);
    }

    private static int[] firstAppearance(long[] hi, long[] lo) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] out = new int[hi.length];
        for (int i = 0; i < hi.length; i++) {
            out[i] = numbers.computeIfAbsent(hi[i] + "/" + lo[i], k -> numbers.size());
        }
        return out;
    }

    /** Dictionary codes as a decoder leaves them: the value's rank among the distinct values. */
    private static int codes(long[] v, int[] codes) {
        long[] distinct = Arrays.stream(v).distinct().sorted().toArray();
        for (int i = 0; i < v.length; i++) {
            codes[i] = Arrays.binarySearch(distinct, v[i]);
        }
        return distinct.length;
    }

    private static int[] shuffled(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
