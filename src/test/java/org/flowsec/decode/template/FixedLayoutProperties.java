package org.flowsec.decode.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeException;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The column-by-column fast path for fixed-length templates ({@link FixedLayout}) must decode exactly
 * what the general record-by-record path decodes. A variable-length field (interfaceName, empty) appended
 * to a template forces the general path, so each random template is decoded both ways and the flows
 * compared, the fast path writing into a batch left dirty by earlier use.
 */
class FixedLayoutProperties {
    /** (information element, allowed lengths): addresses, counters, times in every unit, sampling, ICMP. */
    private static final int[][] ELEMENTS = {
            {8, 4}, {12, 4}, {27, 16}, {28, 16}, {15, 4}, {62, 16}, {18, 4},
            {7, 2, 1}, {11, 2, 1}, {4, 1}, {5, 1}, {6, 1, 2}, {61, 1}, {136, 1},
            {1, 4, 8, 3, 2}, {2, 4, 8, 5}, {85, 8}, {10, 2, 4}, {14, 2, 4}, {16, 2, 4}, {17, 4}, {9, 1}, {13, 1},
            {29, 1}, {30, 1}, {32, 2}, {176, 1}, {177, 1},
            {152, 8}, {153, 8}, {150, 4}, {151, 4}, {22, 4}, {21, 4}, {156, 8}, {157, 8}, {158, 4}, {159, 4},
            {48, 1, 2}, {305, 4}, {306, 4}, {160, 8}, {210, 3}, {60, 1},
    };
    private static final int INTERFACE_NAME = 82;
    private static final int VARIABLE = 0xFFFF;

    @Property(tries = 500)
    void fixedLengthTemplatesDecodeTheSameFlowsAsTheGeneralPath(@ForAll long seed) throws DecodeException {
        Random rnd = new Random(seed);
        int fields = 1 + rnd.nextInt(24);
        List<int[]> template = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            int[] e = ELEMENTS[rnd.nextInt(ELEMENTS.length)];
            template.add(new int[] {e[0], e[1 + rnd.nextInt(e.length - 1)]});
        }
        int records = 1 + rnd.nextInt(40);
        byte[][] values = new byte[records][];
        for (int r = 0; r < records; r++) {
            int size = template.stream().mapToInt(f -> f[1]).sum();
            values[r] = new byte[size];
            rnd.nextBytes(values[r]);
            int at = 0;
            for (int[] f : template) {
                if (f[0] == 4) {
                    values[r][at] = (byte) new int[] {1, 6, 17, 58, 47}[rnd.nextInt(5)]; // ICMP often
                }
                at += f[1];
            }
        }
        FlowBatch fast = dirtyBatch(rnd);
        FlowBatch general = new FlowBatch(16);
        decode(message(template, values, false), fast);
        decode(message(template, values, true), general);
        assertThat(fast.size()).isEqualTo(records);
        for (Field f : Field.all()) {
            for (int row = 0; row < records; row++) {
                assertThat(fast.get(f, row)).as("%s of record %d", f, row).isEqualTo(general.get(f, row));
                if (f.isAddress()) {
                    assertThat(fast.lo(f, row)).as("%s (low) of record %d", f, row).isEqualTo(general.lo(f, row));
                }
            }
        }
    }

    /** A batch whose columns hold leftovers of earlier rows, as a reused batch does after clear(). */
    private static FlowBatch dirtyBatch(Random rnd) {
        FlowBatch b = new FlowBatch(16);
        for (int row = 0; row < 64; row++) {
            b.addRow();
            for (int s = 0; s < Field.SLOTS; s++) {
                b.slot(s)[row] = rnd.nextLong();
            }
        }
        b.clear();
        return b;
    }

    private static ByteBuffer message(List<int[]> template, byte[][] values, boolean withVariableField) {
        List<Integer> pairs = new ArrayList<>();
        for (int[] f : template) {
            pairs.add(f[0]);
            pairs.add(f[1]);
        }
        if (withVariableField) {
            pairs.add(INTERFACE_NAME);
            pairs.add(VARIABLE);
        }
        Messages m = Messages.ipfix(1_700_000_000L, 0, 7).set(2)
                .template(300, pairs.stream().mapToInt(Integer::intValue).toArray()).set(300);
        for (byte[] v : values) {
            m.bytes(v);
            if (withVariableField) {
                m.u8(0); // an empty interfaceName
            }
        }
        return m.build();
    }

    private static void decode(ByteBuffer message, FlowBatch out) throws DecodeException {
        new NetflowDecoder(SamplingPolicy.EXPORTED).decode(message, 0, 0xFFFF_C000_0201L, 1_700_000_000_123L, out,
                new DatagramInfo());
    }
}
