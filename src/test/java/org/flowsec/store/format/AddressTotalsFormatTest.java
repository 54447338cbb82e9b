package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.flowsec.flow.AddressTotals;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.junit.jupiter.api.Test;

/** The stored address totals read back as written; a damaged frame is a CorruptDataException, nothing else. */
class AddressTotalsFormatTest {
    private static AddressTotals totals(Field side, int n, long seed) {
        Random rnd = new Random(seed);
        long[] hi = new long[n];
        long[] lo = new long[n];
        long[] flows = new long[n];
        long[] packets = new long[n];
        long[] bytes = new long[n];
        long[] first = new long[n];
        long[] last = new long[n];
        for (int e = 0; e < n; e++) {
            // IPv4 first (ascending), then a few IPv6 addresses above them
            boolean v6 = e >= n - 3;
            hi[e] = v6 ? 0x2001_0db8_0000_0000L + e : 0;
            lo[e] = v6 ? rnd.nextLong() : Addresses.v4Low(0x0A00_0000 + e * 7);
            flows[e] = 1 + rnd.nextInt(1000);
            packets[e] = flows[e] * (1 + rnd.nextInt(50));
            bytes[e] = packets[e] * (40 + rnd.nextInt(1460));
            first[e] = 1_790_000_000_000L + rnd.nextInt(300_000);
            last[e] = first[e] + rnd.nextInt(120_000);
        }
        return new AddressTotals(side, hi, lo, flows, packets, bytes, first, last);
    }

    private static AddressTotals[] roundTrip(AddressTotals src, AddressTotals dst) throws CorruptDataException {
        ByteSink raw = AddressTotalsFormat.raw(src, dst);
        byte[] frame = AddressTotalsFormat.compress(raw, 3);
        return AddressTotalsFormat.read(frame, frame.length, raw.size());
    }

    @Test
    void bothSidesReadBackEntryForEntry() throws Exception {
        AddressTotals src = totals(Field.SRC_ADDR, 2_000, 1);
        AddressTotals dst = totals(Field.DST_ADDR, 500, 2);
        AddressTotals[] back = roundTrip(src, dst);
        assertThat(back[0]).usingRecursiveComparison().isEqualTo(src);
        assertThat(back[1]).usingRecursiveComparison().isEqualTo(dst);
    }

    @Test
    void anAbsentSideReadsBackAbsent() throws Exception {
        AddressTotals dst = totals(Field.DST_ADDR, 10, 3);
        AddressTotals[] back = roundTrip(null, dst);
        assertThat(back[0]).isNull();
        assertThat(back[1]).usingRecursiveComparison().isEqualTo(dst);
    }

    @Test
    void everyTruncationAndBitFlipOfTheRawPayloadIsRejectedOrReadsSafely() throws Exception {
        ByteSink raw = AddressTotalsFormat.raw(totals(Field.SRC_ADDR, 40, 4), totals(Field.DST_ADDR, 30, 5));
        byte[] good = raw.toByteArray();
        for (int cut = 1; cut < good.length; cut++) {
            byte[] frame = com.github.luben.zstd.Zstd.compress(java.util.Arrays.copyOf(good, cut), 3);
            int len = cut;
            assertThatThrownBy(() -> AddressTotalsFormat.read(frame, frame.length, len))
                    .as("cut at %d", cut).isInstanceOf(CorruptDataException.class);
        }
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] frame = com.github.luben.zstd.Zstd.compress(bad, 3);
            try {
                AddressTotals[] back = AddressTotalsFormat.read(frame, frame.length, bad.length);
                assertThat(back).hasSize(2);
            } catch (CorruptDataException expected) {
                // rejected with a reason: fine
            }
        }
    }

    @Test
    void aFrameShorterOrLongerThanTheFooterSaysIsRejected() {
        ByteSink raw = AddressTotalsFormat.raw(totals(Field.SRC_ADDR, 100, 6), null);
        byte[] frame = AddressTotalsFormat.compress(raw, 3);
        assertThatThrownBy(() -> AddressTotalsFormat.read(frame, frame.length, raw.size() + 1))
                .isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> AddressTotalsFormat.read(frame, frame.length / 2, raw.size()))
                .isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> AddressTotalsFormat.read(frame, frame.length, AddressTotalsFormat.MAX_RAW + 1))
                .isInstanceOf(CorruptDataException.class);
    }
}
