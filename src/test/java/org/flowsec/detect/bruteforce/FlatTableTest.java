package org.flowsec.detect.bruteforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlatTableTest {
    @Test
    void insertsFindsAndRemovesLikeAHashMapUnderChurn() {
        FlatTable t = new FlatTable(2, 1, 5000);
        Map<Long, Long> ref = new HashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int step = 0; step < 200_000; step++) {
            long k = random.nextInt(3000);
            int op = random.nextInt(3);
            if (op < 2) {
                int r = t.insert(k, ~k, 0, 0, 0);
                t.add(r, 0, 1);
                ref.merge(k, 1L, Long::sum);
            } else {
                int r = t.find(k, ~k, 0, 0, 0);
                assertThat(r >= 0).isEqualTo(ref.containsKey(k));
                if (r >= 0) {
                    assertThat(t.get(r, 0)).isEqualTo(ref.remove(k));
                    t.remove(r);
                }
            }
        }
        assertThat(t.size()).isEqualTo(ref.size());
        for (Map.Entry<Long, Long> e : ref.entrySet()) {
            int r = t.find(e.getKey(), ~e.getKey(), 0, 0, 0);
            assertThat(t.get(r, 0)).isEqualTo(e.getValue());
        }
    }

    @Test
    void removingWhileScanningVisitsEveryEntry() {
        FlatTable t = new FlatTable(1, 1, 10_000);
        for (long k = 0; k < 5000; k++) {
            t.set(t.insert(k, 0, 0, 0, 0), 0, k);
        }
        for (int r = 0; r < t.rows(); r++) {
            if (t.isUsed(r) && t.get(r, 0) % 2 == 0) {
                t.remove(r);
                r--;
            }
        }
        assertThat(t.size()).isEqualTo(2500);
        for (long k = 0; k < 5000; k++) {
            assertThat(t.find(k, 0, 0, 0, 0) >= 0).isEqualTo(k % 2 == 1);
        }
    }

    @Test
    void refusesKeysBeyondItsBound() {
        FlatTable t = new FlatTable(1, 0, 3);
        for (long k = 0; k < 3; k++) {
            assertThat(t.insert(k, 0, 0, 0, 0)).isNotNegative();
        }
        assertThat(t.insert(99, 0, 0, 0, 0)).isEqualTo(-1);
        assertThat(t.insert(1, 0, 0, 0, 0)).isNotNegative();
    }
}
