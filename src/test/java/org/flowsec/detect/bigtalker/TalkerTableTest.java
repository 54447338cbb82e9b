package org.flowsec.detect.bigtalker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TalkerTableTest {
    @Test
    void hostsStayFindableWithTheirCountersThroughGrowthAndRemovals() {
        TalkerTable t = new TalkerTable(4, 10_000);
        Random random = new Random(1);
        long[] keys = new long[5000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong() & 0xFFFF; // many collisions in the low bits
            if (t.find(7, keys[i]) >= 0) {
                keys[i] = -1;
                continue;
            }
            int s = t.insert(7, keys[i], 0);
            t.add(s, i % 4, TalkerTable.BYTES_OUT, keys[i]);
        }
        for (int i = 0; i < keys.length; i += 2) {
            if (keys[i] >= 0) {
                t.remove(t.find(7, keys[i]));
            }
        }
        int left = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] < 0) {
                continue;
            }
            int s = t.find(7, keys[i]);
            if (i % 2 == 0) {
                assertThat(s).isNegative();
            } else {
                assertThat(s).isNotNegative();
                assertThat(t.get(s, i % 4, TalkerTable.BYTES_OUT)).isEqualTo(keys[i]);
                left++;
            }
        }
        assertThat(t.size()).isEqualTo(left);
    }

    @Test
    void aFullTableRefusesNewHosts() {
        TalkerTable t = new TalkerTable(2, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(t.insert(0, i, 0)).isNotNegative();
        }
        assertThat(t.insert(0, 99, 0)).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(3);
    }
}
