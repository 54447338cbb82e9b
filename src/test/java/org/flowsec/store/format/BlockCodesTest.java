package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/**
 * Dictionary codes left by {@link BlockDecoder#projectCodes}: where a slot has them, equal codes mean equal
 * values and equal values equal codes, every code is below the slot's range, and the values are those of a
 * decode without codes. Aggregations group rows by these codes, so a wrong one would merge two keys.
 */
class BlockCodesTest {

    /** Flows whose columns take few distinct values, so that the writer picks dictionaries and constants. */
    private static FlowBatch fewValues(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int hosts = 1 + r.nextInt(3000);
        int ports = 1 + r.nextInt(300);
        FlowBatch b = new FlowBatch(n);
        for (int i = 0; i < n; i++) {
            int row = b.addRow();
            int src = r.nextInt(hosts);
            b.setIpv4(Field.SRC_ADDR, row, 0x0A000000 + src * 977);
            if (r.nextInt(8) == 0) {
                b.setAddress(Field.DST_ADDR, row, 0x20010DB800000000L + r.nextInt(4), r.nextInt(hosts));
            } else {
                b.setIpv4(Field.DST_ADDR, row, 0xC6336400 + r.nextInt(hosts));
            }
            b.set(Field.SRC_PORT, row, 1024 + r.nextInt(ports) * 131);
            b.set(Field.DST_PORT, row, r.nextBoolean() ? 443 : r.nextInt(ports));
            b.set(Field.PROTO, row, r.nextBoolean() ? 6 : 17);
            // half the seeds: the AS follows the address, as a router's route lookup gives it (a DEPENDENT column)
            b.set(Field.SRC_AS, row, 64_512 + (seed % 2 == 0 ? src / 50 : r.nextInt(1 + hosts / 50)));
            b.set(Field.PACKETS, row, 1 + r.nextInt(1000));
            b.set(Field.BYTES, row, 40 + r.nextInt(1_000_000));
            long first = 1_790_000_000_000L + r.nextInt(300_000);
            b.set(Field.FIRST, row, first);
            b.set(Field.LAST, row, first + r.nextInt(60_000));
        }
        return b;
    }

    @Property(tries = 200)
    void equalCodesMeanEqualValues(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n,
                                   @ForAll boolean sorted) throws Exception {
        FlowBatch in = fewValues(seed, n);
        ByteSink out = new ByteSink(1024);
        boolean[] all = new boolean[Field.SLOTS];
        Arrays.fill(all, true);
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder plain = new BlockDecoder();
             BlockDecoder coding = new BlockDecoder()) {
            enc.encode(in.copy(), sorted, out);
            FlowBatch expected = new FlowBatch(1);
            plain.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, expected);
            coding.projectCodes(all);
            FlowBatch got = new FlowBatch(1);
            for (int round = 0; round < 2; round++) { // the second decode reuses the batch and its code arrays
                coding.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, got);
                assertThat(got.sameRows(expected)).isTrue();
                for (int s = 0; s < Field.SLOTS; s++) {
                    int range = got.codeRange(s);
                    if (range > 0) {
                        assertOneToOne(got.codes(s), got.slot(s), n, range, s);
                    }
                }
            }
        }
    }

    private static void assertOneToOne(int[] codes, long[] values, int n, int range, int slot) {
        Map<Integer, Long> valueOf = new HashMap<>();
        Map<Long, Integer> codeOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            assertThat(codes[i]).as("slot %d row %d", slot, i).isBetween(0, range - 1);
            Long seen = valueOf.putIfAbsent(codes[i], values[i]);
            assertThat(seen == null ? values[i] : seen).as("slot %d: code %d", slot, codes[i]).isEqualTo(values[i]);
            Integer code = codeOf.putIfAbsent(values[i], codes[i]);
            assertThat(code == null ? codes[i] : code).as("slot %d: value %d", slot, values[i]).isEqualTo(codes[i]);
        }
    }

    @Test
    void addressesProtocolsAndConstantsCarryCodesButPairedPortsAndDurationsDoNot() throws Exception {
        int n = 4096;
        FlowBatch in = fewValues(42, n);
        for (int i = 0; i < n; i++) {
            in.set(Field.SRC_PORT, i, 40_000 + i % 50); // ports of real flows: the writer pairs them
            in.set(Field.DST_PORT, i, 443);
        }
        ByteSink out = new ByteSink(1024);
        boolean[] all = new boolean[Field.SLOTS];
        Arrays.fill(all, true);
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder coding = new BlockDecoder()) {
            enc.encode(in.copy(), true, out);
            coding.projectCodes(all);
            FlowBatch got = new FlowBatch(1);
            coding.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, got);
            assertThat(got.codeRange(Field.SRC_ADDR.slot())).as("IPv4 only: high half constant").isEqualTo(1);
            assertThat(got.codeRange(Field.SRC_ADDR.slot() + 1)).as("source hosts").isBetween(2, n / 2);
            assertThat(got.codeRange(Field.PROTO.slot())).isEqualTo(2);
            assertThat(got.codeRange(Field.SRC_PORT.slot())).as("paired ports are rewritten after decoding").isZero();
            assertThat(got.codeRange(Field.LAST.slot())).as("stored relative to first").isZero();
            assertThat(got.codeRange(Field.BYTES.slot())).as("not a dictionary").isZero();
            got.set(Field.PROTO, 0, 1);
            assertThat(got.codeRange(Field.PROTO.slot())).as("any change drops the codes").isZero();
            assertThat(Addresses.isV4(got.hi(Field.SRC_ADDR, 0), got.lo(Field.SRC_ADDR, 0))).isTrue();
        }
    }
}
