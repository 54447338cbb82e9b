package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.TestFlows;

/**
 * A block decoded with a projection holds, in every projected slot, exactly what the full decode holds:
 * the projected path (skipped frames, ports unpaired as soon as both are read) is the full path restricted.
 */
class BlockProjectionTest {

    @Property(tries = 300)
    void projectedSlotsEqualTheFullDecode(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n,
                                          @ForAll boolean sorted) throws Exception {
        FlowBatch in = TestFlows.random(seed, n, 1_790_000_000_000L);
        if (seed % 3 == 0) {
            portsInPairRange(in, new Random(seed));
        }
        ByteSink out = new ByteSink(1024);
        boolean[] wanted = randomProjection(new Random(~seed));
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder full = new BlockDecoder();
             BlockDecoder projected = new BlockDecoder()) {
            enc.encode(in.copy(), sorted, out);
            FlowBatch all = new FlowBatch(1);
            full.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, all);
            projected.project(wanted);
            FlowBatch some = new FlowBatch(1);
            // twice: the second decode reuses the batch and the decoder's buffers from the first
            for (int round = 0; round < 2; round++) {
                projected.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, some);
                assertThat(some.size()).isEqualTo(n);
                for (int s = 0; s < Field.SLOTS; s++) {
                    if (wanted[s]) {
                        assertThat(java.util.Arrays.copyOf(some.slot(s), n)).as("slot %d", s)
                                .containsExactly(java.util.Arrays.copyOf(all.slot(s), n));
                    }
                }
            }
        }
    }

    /** Ports as real flows have them, so that the encoder pairs them (PORT_PAIR). */
    private static void portsInPairRange(FlowBatch b, Random r) {
        for (int i = 0; i < b.size(); i++) {
            b.set(Field.SRC_PORT, i, r.nextBoolean() ? 443 : 1024 + r.nextInt(60000));
            b.set(Field.DST_PORT, i, r.nextBoolean() ? 80 : 1024 + r.nextInt(60000));
        }
    }

    /** A random set of slots, closed as BlockDecoder#project requires: first with last, both ports together. */
    private static boolean[] randomProjection(Random r) {
        boolean[] w = new boolean[Field.SLOTS];
        for (int s = 0; s < w.length; s++) {
            w[s] = r.nextInt(3) == 0;
        }
        if (w[Field.LAST.slot()]) {
            w[Field.FIRST.slot()] = true;
        }
        if (w[Field.SRC_PORT.slot()] || w[Field.DST_PORT.slot()]) {
            w[Field.SRC_PORT.slot()] = true;
            w[Field.DST_PORT.slot()] = true;
        }
        return w;
    }
}
