package org.flowsec.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;
import org.junit.jupiter.api.Test;

/** Grouping a decoded block by the dictionary codes of its source addresses: one entry per source, summed. */
class CodedGroupsTest {

    private static FlowBatch decodedWithSourceCodes(FlowBatch rows) throws Exception {
        boolean[] slots = new boolean[Field.SLOTS];
        slots[Field.SRC_ADDR.slot()] = true;
        slots[Field.SRC_ADDR.slot() + 1] = true;
        ByteSink out = new ByteSink(1024);
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder dec = new BlockDecoder()) {
            enc.encode(rows.copy(), true, out);
            dec.projectCodes(slots);
            FlowBatch b = new FlowBatch(1);
            dec.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), rows.size(), b);
            return b;
        }
    }

    @Test
    void eachSourceOfABlockBecomesOneEntryWithItsSums() throws Exception {
        FlowBatch rows = new FlowBatch(4096);
        Map<Long, long[]> expected = new HashMap<>(); // source -> flows, packets, bytes, first, last
        for (int i = 0; i < 4096; i++) {
            int r = rows.addRow();
            int host = (i * 7919) % 600;
            rows.setIpv4(Field.SRC_ADDR, r, 0x0A000000 + host * 301);
            rows.set(Field.PACKETS, r, 1 + i % 13);
            rows.set(Field.BYTES, r, 60 + i);
            rows.set(Field.FIRST, r, 1_790_000_000_000L + i * 10L);
            rows.set(Field.LAST, r, 1_790_000_000_000L + i * 10L + i % 777);
            long[] e = expected.computeIfAbsent(rows.lo(Field.SRC_ADDR, r),
                    k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            e[0]++;
            e[1] += rows.get(Field.PACKETS, r);
            e[2] += rows.get(Field.BYTES, r);
            e[3] = Math.min(e[3], rows.get(Field.FIRST, r));
            e[4] = Math.max(e[4], rows.get(Field.LAST, r));
        }
        FlowBatch b = decodedWithSourceCodes(rows);
        int[] all = new int[b.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        CodedGroups groups = new CodedGroups(GroupKey.parse("src_addr"), 0, true);
        for (int round = 0; round < 2; round++) { // the second round finds the groups reset by the first
            int entries = groups.group(b, all, all.length);
            assertThat(entries).isEqualTo(600);
            Map<Long, long[]> got = new HashMap<>();
            for (int e = 0; e < entries; e++) {
                long source = b.lo(Field.SRC_ADDR, groups.rows()[e]);
                long[][] v = groups.values();
                assertThat(got.put(source, new long[] {v[0][e], v[1][e], v[2][e], v[3][e], v[4][e]})).isNull();
            }
            assertThat(got).hasSameSizeAs(expected);
            expected.forEach((source, sums) -> assertThat(got.get(source)).containsExactly(sums));
        }
    }

    @Test
    void aBatchWithoutCodesOrWithFewRowsSelectedIsLeftToTheRowByRowPath() throws Exception {
        FlowBatch rows = new FlowBatch(1000);
        for (int i = 0; i < 1000; i++) {
            rows.setIpv4(Field.SRC_ADDR, rows.addRow(), 0x0A000000 + (i % 400) * 7);
        }
        CodedGroups groups = new CodedGroups(GroupKey.parse("src_addr"), 0, true);
        int[] first = {0};
        assertThat(groups.group(rows, first, 1)).as("no codes").isEqualTo(-1);
        FlowBatch b = decodedWithSourceCodes(rows);
        assertThat(groups.group(b, first, 1)).as("400 groups for one row").isEqualTo(-1);
        assertThat(new CodedGroups(GroupKey.parse("src_addr,dst_port"), 0, true).group(b, first, 1))
                .as("no codes for the port").isEqualTo(-1);
    }
}
