package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.TestFlows;
import org.junit.jupiter.api.Test;

class BlockCodecTest {

    private static FlowBatch roundTrip(FlowBatch in, boolean sort, int level) throws CorruptDataException {
        ByteSink out = new ByteSink(1024);
        FlowBatch work = in.copy();
        try (BlockEncoder enc = new BlockEncoder(level); BlockDecoder dec = new BlockDecoder()) {
            BlockMeta meta = enc.encode(work, sort, out);
            assertThat(meta.records()).isEqualTo(in.size());
            FlowBatch back = new FlowBatch(1);
            dec.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), in.size(), back);
            return back;
        }
    }

    @Property(tries = 200)
    void aBlockDecodesToTheRowsItWasGivenInArrivalOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n) throws Exception {
        FlowBatch in = TestFlows.random(seed, n, 1_790_000_000_000L);
        assertThat(roundTrip(in, false, 1).sameRows(in)).isTrue();
    }

    @Property(tries = 100)
    void aSortedBlockHoldsTheSameRowsOrderedByExporterThenFirst(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n) throws Exception {
        FlowBatch in = TestFlows.random(seed, n, 1_790_000_000_000L);
        FlowBatch back = roundTrip(in, true, 3);
        assertThat(TestFlows.canonical(back).sameRows(TestFlows.canonical(in))).isTrue();
        long[] first = back.slot(Field.FIRST.slot());
        for (int i = 1; i < back.size(); i++) {
            if (back.lo(Field.EXPORTER, i) == back.lo(Field.EXPORTER, i - 1) && back.hi(Field.EXPORTER, i) == back.hi(Field.EXPORTER, i - 1)) {
                assertThat(first[i]).isGreaterThanOrEqualTo(first[i - 1]);
            }
        }
    }

    @Test
    void extremeValuesSurviveEveryEncoding() throws Exception {
        FlowBatch in = new FlowBatch(8);
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
        for (long x : extremes) {
            int r = in.addRow();
            for (int s = 0; s < Field.SLOTS; s++) {
                in.slot(s)[r] = x;
            }
        }
        assertThat(roundTrip(in, false, 3).sameRows(in)).isTrue();
        assertThat(TestFlows.canonical(roundTrip(in, true, 3)).sameRows(TestFlows.canonical(in))).isTrue();
    }

    @Test
    void portsOfBothDirectionsComeBackOnTheirOwnSide() throws Exception {
        FlowBatch in = new FlowBatch(4);
        int a = in.addRow();
        in.set(Field.SRC_PORT, a, 51000);
        in.set(Field.DST_PORT, a, 443);
        int b = in.addRow();
        in.set(Field.SRC_PORT, b, 443);
        in.set(Field.DST_PORT, b, 51000);
        int c = in.addRow();
        in.set(Field.SRC_PORT, c, 53);
        in.set(Field.DST_PORT, c, 53);
        assertThat(roundTrip(in, false, 3).sameRows(in)).isTrue();
    }

    @Test
    void everyTruncationOrBitFlipOfABlockDecodesOrRaisesCorruptData() {
        FlowBatch in = TestFlows.random(7, 500, 1_790_000_000_000L);
        ByteSink out = new ByteSink(1024);
        try (BlockEncoder enc = new BlockEncoder(3)) {
            enc.encode(in.copy(), true, out);
        }
        byte[] good = out.toByteArray();
        Random r = new Random(1);
        try (BlockDecoder dec = new BlockDecoder()) {
            FlowBatch back = new FlowBatch(1);
            for (int len = 0; len < good.length; len += 1 + len / 50) {
                int l = len;
                assertThatThrownBy(() -> dec.decode(ColumnSchema.CURRENT, good, 0, l, 500, back))
                        .isInstanceOf(CorruptDataException.class);
            }
            for (int k = 0; k < 2000; k++) {
                byte[] bad = good.clone();
                bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                try {
                    dec.decode(ColumnSchema.CURRENT, bad, 0, bad.length, 500, back);
                    assertThat(back.size()).isEqualTo(500); // a flip inside a value decodes to other values
                } catch (CorruptDataException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }
}
