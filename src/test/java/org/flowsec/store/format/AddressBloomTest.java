package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** The block Bloom filter holds every source and destination address and is sized by the distinct ones. */
class AddressBloomTest {

    @Test
    void everyAddressOfABlockWithManyDistinctHostsIsInItsFilter() {
        // 40,000 rows of nearly all distinct addresses make the distinct set grow several times
        FlowBatch b = rows(40000, 1_000_000, new Random(1));
        long[] words = new AddressBloom().build(b, b.size());
        assertAllPresent(b, words);
        int distinct = distinctAddresses(b);
        assertThat(words.length).isEqualTo((int) ((Math.max(64L, distinct * 10L) + 63) / 64));
    }

    @Test
    void aFilterIsSizedByDistinctAddressesNotRows() {
        FlowBatch b = rows(30000, 50, new Random(2));
        AddressBloom bloom = new AddressBloom();
        bloom.build(rows(60000, 1_000_000, new Random(3)), 60000); // a large block first: the reused set must be cleared
        long[] words = bloom.build(b, b.size());
        assertAllPresent(b, words);
        assertThat(words.length).isEqualTo((int) ((Math.max(64L, distinctAddresses(b) * 10L) + 63) / 64));
        assertThat(words.length).isLessThan(30); // 150 addresses, not 60,000
    }

    @Test
    void addressesOutsideTheBlockAreMostlyRejected() {
        FlowBatch b = rows(20000, 5000, new Random(4));
        long[] words = new AddressBloom().build(b, b.size());
        int falsePositives = 0;
        for (int k = 0; k < 10000; k++) {
            if (AddressBloom.mightContain(words, 0, 0xFFFF_0000_0000L | (0x0B00_0000 + k))) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(300); // about 1% expected
    }

    @Test
    void theDivisionFreeRemainderEqualsTheRemainderForEveryFilterSize() {
        Random r = new Random(6);
        long[] edges = {0, 1, 63, 64, 65, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};
        for (int t = 0; t < 20000; t++) {
            long m = 64L * (1 + (t < 100 ? t : r.nextInt(t % 2 == 0 ? 1 << 20 : 0x3FF_FFFF)));
            long rec = AddressBloom.reciprocal(m);
            for (long a : edges) {
                assertThat(AddressBloom.mod32(a, rec, m)).isEqualTo(a % m);
            }
            long a = r.nextLong() & 0xFFFF_FFFFL;
            assertThat(AddressBloom.mod32(a, rec, m)).isEqualTo(a % m);
        }
    }

    private static FlowBatch rows(int n, int hosts, Random r) {
        FlowBatch b = new FlowBatch(n);
        b.setSize(n);
        for (int i = 0; i < n; i++) {
            boolean v6 = r.nextInt(10) == 0;
            b.slot(Field.SRC_ADDR.slot())[i] = v6 ? 0x2001_0db8_0000_0000L : 0;
            b.slot(Field.SRC_ADDR.slot() + 1)[i] = v6 ? r.nextInt(hosts) : 0xFFFF_0000_0000L | (0x0A00_0000 + r.nextInt(hosts));
            b.slot(Field.DST_ADDR.slot())[i] = 0;
            b.slot(Field.DST_ADDR.slot() + 1)[i] = 0xFFFF_0000_0000L | (0xC0A8_0000 + r.nextInt(hosts));
        }
        return b;
    }

    private static void assertAllPresent(FlowBatch b, long[] words) {
        for (int i = 0; i < b.size(); i++) {
            assertThat(AddressBloom.mightContain(words, b.slot(Field.SRC_ADDR.slot())[i], b.slot(Field.SRC_ADDR.slot() + 1)[i])).isTrue();
            assertThat(AddressBloom.mightContain(words, b.slot(Field.DST_ADDR.slot())[i], b.slot(Field.DST_ADDR.slot() + 1)[i])).isTrue();
        }
    }

    private static int distinctAddresses(FlowBatch b) {
        java.util.Set<Long> hashes = new java.util.HashSet<>();
        for (int i = 0; i < b.size(); i++) {
            long h1 = AddressBloom.hash(b.slot(Field.SRC_ADDR.slot())[i], b.slot(Field.SRC_ADDR.slot() + 1)[i]);
            long h2 = AddressBloom.hash(b.slot(Field.DST_ADDR.slot())[i], b.slot(Field.DST_ADDR.slot() + 1)[i]);
            hashes.add(h1 == 0 ? 1 : h1);
            hashes.add(h2 == 0 ? 1 : h2);
        }
        return hashes.size();
    }
}
