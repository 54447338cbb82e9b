package org.flowsec.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.generate.RealisticFlowModel;
import org.junit.jupiter.api.Test;

/**
 * DEPENDENT columns: AS numbers, prefix lengths, interfaces and next hop stored once per distinct address of the
 * block when they are functions of it, as a router's route lookup makes them. What a user sees: smaller files,
 * and every value read back exactly, whether the dependency holds, breaks in one row, or two IPv6 addresses
 * share their low word; a damaged or hostile frame is a CorruptDataException, never a wrong value.
 */
class DependentColumnTest {
    private static final Field[] ROUTE_FIELDS = {Field.SRC_AS, Field.SRC_MASK, Field.IN_IF, Field.DST_AS,
            Field.DST_MASK, Field.OUT_IF, Field.NEXT_HOP};

    @Test
    void routeColumnsOfRealisticFlowsAreStoredOncePerAddress() throws Exception {
        int n = 65_536;
        FlowBatch in = new FlowBatch(n);
        new RealisticFlowModel(3, 1_795_651_200_000L, 1_000_000, 0.1).fill(in, n);
        ByteSink out = new ByteSink(1 << 20);
        try (BlockEncoder enc = new BlockEncoder(1, n); BlockDecoder dec = new BlockDecoder()) {
            enc.encode(in.copy(), true, out);
            ColumnEncoding[] frames = frameEncodings(out);
            for (Field f : ROUTE_FIELDS) {
                assertThat(frames[f.slot()]).as(f.catalogName()).isEqualTo(ColumnEncoding.DEPENDENT);
            }
            assertThat(frames[Field.NEXT_HOP.slot() + 1]).isEqualTo(ColumnEncoding.DEPENDENT);
            FlowBatch got = new FlowBatch(1);
            dec.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, got);
            assertThat(sortedRows(got)).isEqualTo(sortedRows(in));
        }
        // 15.13 bytes a flow with each of these columns stored row by row (format version 2)
        assertThat(out.size() / (double) n).as("block bytes per flow").isLessThan(12.8);
    }

    @Test
    void aRowThatBreaksTheDependencyKeepsThatColumnPlainAndTheOthersDependent() throws Exception {
        int n = 4096;
        FlowBatch in = routed(7, n, 200, 0);
        in.set(Field.SRC_AS, 1234, in.get(Field.SRC_AS, 1234) + 1); // its address has another AS in other rows
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder dec = new BlockDecoder()) {
            ByteSink out = new ByteSink(1024);
            enc.encode(in.copy(), false, out);
            ColumnEncoding[] frames = frameEncodings(out);
            assertThat(frames[Field.SRC_AS.slot()]).isNotEqualTo(ColumnEncoding.DEPENDENT);
            assertThat(frames[Field.SRC_MASK.slot()]).isEqualTo(ColumnEncoding.DEPENDENT);
            assertThat(frames[Field.DST_AS.slot()]).isEqualTo(ColumnEncoding.DEPENDENT);
            FlowBatch got = new FlowBatch(1);
            dec.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, got);
            assertThat(got.sameRows(in)).isTrue();
        }
    }

    @Test
    void ipv6AddressesThatShareTheirLowWordAreDifferentAddresses() throws Exception {
        int n = 1000;
        FlowBatch in = new FlowBatch(n);
        for (int i = 0; i < n; i++) {
            int row = in.addRow();
            int net = i % 4; // 2001:db8:N::1 for four networks N: the same interface id behind different prefixes
            in.setAddress(Field.SRC_ADDR, row, 0x20010DB800000000L | (long) net << 16, 1);
            in.set(Field.SRC_AS, row, 64_500 + net);
            in.set(Field.FIRST, row, 1_790_000_000_000L + i);
            in.set(Field.LAST, row, 1_790_000_000_000L + i);
        }
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder dec = new BlockDecoder()) {
            ByteSink out = new ByteSink(1024);
            enc.encode(in.copy(), true, out);
            assertThat(frameEncodings(out)[Field.SRC_AS.slot()]).isEqualTo(ColumnEncoding.DEPENDENT);
            FlowBatch got = new FlowBatch(1);
            dec.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, got);
            assertThat(got.sameRows(in)).isTrue();
        }
    }

    @Property(tries = 300)
    void everyValueReadsBackWhateverTheAddressesAndViolations(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n,
            @ForAll @IntRange(min = 1, max = 3000) int hosts, @ForAll @IntRange(min = 0, max = 3) int violations,
            @ForAll boolean sorted) throws Exception {
        FlowBatch in = routed(seed, n, hosts, violations);
        try (BlockEncoder enc = new BlockEncoder(1); BlockDecoder dec = new BlockDecoder();
             BlockDecoder one = new BlockDecoder()) {
            ByteSink out = new ByteSink(1024);
            enc.encode(in.copy(), sorted, out);
            FlowBatch got = new FlowBatch(1);
            dec.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, got);
            if (sorted) {
                assertThat(sortedRows(got)).isEqualTo(sortedRows(in));
            } else {
                assertThat(got.sameRows(in)).isTrue();
            }
            // a projection of one route column alone reads its address too, and gets the same values
            Field f = ROUTE_FIELDS[(int) Math.floorMod(seed, (long) ROUTE_FIELDS.length)];
            boolean[] wanted = new boolean[Field.SLOTS];
            wanted[f.slot()] = true;
            one.project(wanted);
            FlowBatch some = new FlowBatch(1);
            one.decode(ColumnSchema.CURRENT, out.array(), 0, out.size(), n, some);
            assertThat(Arrays.copyOf(some.slot(f.slot()), n)).containsExactly(Arrays.copyOf(got.slot(f.slot()), n));
        }
    }

    @Property(tries = 200)
    void theAddressesNumberedForDependentColumnsGiveTheSameBloomFilterAsEveryRow(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n,
            @ForAll @IntRange(min = 1, max = 3000) int hosts, @ForAll boolean sorted) {
        FlowBatch in = routed(seed, n, hosts, 0);
        try (BlockEncoder enc = new BlockEncoder(1)) {
            enc.encode(in.copy(), sorted, new ByteSink(1024));
            int sources = enc.distinctAddresses(0);
            int destinations = enc.distinctAddresses(1);
            if (sources >= 0) {
                assertThat(sources).isEqualTo(distinct(in, Field.SRC_ADDR));
            }
            if (destinations >= 0) {
                assertThat(destinations).isEqualTo(distinct(in, Field.DST_ADDR));
            }
            if (sources >= 0 && destinations >= 0) {
                long[] fromDistinct = new AddressBloom().build(enc.addressHi(0), enc.addressLo(0), sources,
                        enc.addressHi(1), enc.addressLo(1), destinations);
                assertThat(fromDistinct).containsExactly(new AddressBloom().build(in, n));
            }
        }
    }

    @Test
    void realisticBlocksGetTheirFilterFromTheNumberedAddresses() {
        int n = 65_536;
        FlowBatch in = new FlowBatch(n);
        new RealisticFlowModel(5, 1_795_651_200_000L, 1_000_000, 0.1).fill(in, n);
        try (BlockEncoder enc = new BlockEncoder(1, n)) {
            enc.encode(in.copy(), true, new ByteSink(1 << 20));
            assertThat(enc.distinctAddresses(0)).isEqualTo(distinct(in, Field.SRC_ADDR));
            assertThat(enc.distinctAddresses(1)).isEqualTo(distinct(in, Field.DST_ADDR));
            long[] fromDistinct = new AddressBloom().build(enc.addressHi(0), enc.addressLo(0), enc.distinctAddresses(0),
                    enc.addressHi(1), enc.addressLo(1), enc.distinctAddresses(1));
            assertThat(fromDistinct).containsExactly(new AddressBloom().build(in, n));
        }
    }

    private static int distinct(FlowBatch b, Field address) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < b.size(); i++) {
            seen.add(b.hi(address, i) + "/" + b.lo(address, i));
        }
        return seen.size();
    }

    @Test
    void aFrameNamingAnotherAddressIsCorrupt() {
        FlowBatch in = routed(1, 500, 20, 0);
        int dstColumn = ColumnSchema.CURRENT.columnOf(Field.DST_ADDR.slot());
        ByteSink block = handBlock(in, (enc, values, d, out) -> enc.encodeDependent(dstColumn, values, d, 0, 1 << 20, out));
        assertThatThrownBy(() -> decode(block, in.size()))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("cannot depend");
    }

    @Test
    void aFrameWithTheWrongNumberOfValuesIsCorrupt() {
        FlowBatch in = routed(2, 500, 20, 0);
        int srcColumn = ColumnSchema.CURRENT.columnOf(Field.SRC_ADDR.slot());
        ByteSink block = handBlock(in, (enc, values, d, out) -> enc.encodeDependent(srcColumn, values, d - 1, 0, 1 << 20, out));
        assertThatThrownBy(() -> decode(block, in.size()))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("values for");
    }

    @Test
    void aDependentFrameInsideADependentFrameIsCorrupt() {
        FlowBatch in = routed(3, 500, 20, 0);
        int srcColumn = ColumnSchema.CURRENT.columnOf(Field.SRC_ADDR.slot());
        ByteSink block = handBlock(in, (enc, values, d, out) -> {
            ByteSink payload = new ByteSink(16);
            payload.putVarLong(srcColumn);
            payload.putVarLong(d);
            payload.putByte(ColumnEncoding.DEPENDENT.id());
            out.putByte(ColumnEncoding.DEPENDENT.id());
            out.putVarLong(payload.size());
            out.putSink(payload);
        });
        assertThatThrownBy(() -> decode(block, in.size()))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("inside a dependent");
    }

    @Test
    void aDependentFrameOutsideABlockIsCorrupt() {
        ByteSink frame = new ByteSink(64);
        try (ColumnEncoder enc = new ColumnEncoder(1)) {
            enc.encodeDependent(4, new long[] {1, 2}, 2, 1, 2, frame);
        }
        try (ColumnDecoder dec = new ColumnDecoder()) {
            ByteSource in = new ByteSource().wrap(frame.array(), 0, frame.size());
            assertThatThrownBy(() -> dec.decode(in, new long[4], 4))
                    .isInstanceOf(CorruptDataException.class).hasMessageContaining("outside a block");
        }
    }

    /**
     * Flows between {@code hosts} IPv4 and IPv6 hosts whose route columns are functions of the address, except
     * in {@code violations} random rows.
     */
    private static FlowBatch routed(long seed, int n, int hosts, int violations) {
        SplittableRandom r = new SplittableRandom(seed);
        FlowBatch b = new FlowBatch(n);
        for (int i = 0; i < n; i++) {
            int row = b.addRow();
            int src = r.nextInt(hosts);
            int dst = r.nextInt(hosts);
            setHost(b, Field.SRC_ADDR, row, src);
            setHost(b, Field.DST_ADDR, row, dst);
            b.set(Field.SRC_AS, row, 64_512 + src / 7);
            b.set(Field.SRC_MASK, row, src % 3 == 0 ? 64 : 24);
            b.set(Field.IN_IF, row, 1 + src % 5);
            b.set(Field.DST_AS, row, 64_512 + dst / 11);
            b.set(Field.DST_MASK, row, dst % 3 == 0 ? 48 : 16 + dst % 9);
            b.set(Field.OUT_IF, row, 1 + dst % 4);
            b.setIpv4(Field.NEXT_HOP, row, 0xC0A80001 + dst % 4);
            b.set(Field.SRC_PORT, row, 1024 + r.nextInt(60_000));
            b.set(Field.DST_PORT, row, r.nextBoolean() ? 443 : 53);
            long first = 1_790_000_000_000L + r.nextInt(300_000);
            b.set(Field.FIRST, row, first);
            b.set(Field.LAST, row, first + r.nextInt(60_000));
            b.set(Field.BYTES, row, 40 + r.nextInt(100_000));
        }
        for (int v = 0; v < violations; v++) {
            Field f = ROUTE_FIELDS[r.nextInt(ROUTE_FIELDS.length)];
            int row = r.nextInt(n);
            b.set(f, row, b.get(f, row) + 1 + r.nextInt(3));
        }
        return b;
    }

    /** Host k: IPv4 for most; every fifth an IPv6 address whose low word collides with other IPv6 hosts'. */
    private static void setHost(FlowBatch b, Field f, int row, int k) {
        if (k % 5 == 4) {
            b.setAddress(f, row, 0x20010DB800000000L | (long) (k % 17) << 16, k % 13);
        } else {
            b.setIpv4(f, row, 0x0A000000 + k * 37);
        }
    }

    /** Writes the source AS frame of a hand-built block, from its values per distinct source address. */
    private interface FrameWriter {
        void write(ColumnEncoder enc, long[] values, int d, ByteSink out);
    }

    /**
     * A block of {@code in}'s rows in order, every column plain except the source AS, which {@code writer} writes
     * from the values of the distinct source addresses in order of first appearance.
     */
    private static ByteSink handBlock(FlowBatch in, FrameWriter writer) {
        int n = in.size();
        ByteSink out = new ByteSink(1024);
        out.putByte(0);
        try (ColumnEncoder enc = new ColumnEncoder(1)) {
            ColumnSchema schema = ColumnSchema.CURRENT;
            for (int c = 0; c < schema.size(); c++) {
                int slot = schema.slotOf(c);
                long[] v = Arrays.copyOf(in.slot(slot), n);
                if (slot == Field.SRC_AS.slot()) {
                    AddressNumbering numbering = new AddressNumbering();
                    int d = numbering.number(in.slot(Field.SRC_ADDR.slot()), in.slot(Field.SRC_ADDR.slot() + 1), null, n);
                    long[] values = new long[d];
                    for (int i = 0; i < n; i++) {
                        values[numbering.rows()[i]] = v[i];
                    }
                    writer.write(enc, values, d, out);
                    continue;
                }
                if ((schema.flags(c) & ColumnSchema.FLAG_MINUS_FIRST) != 0) {
                    for (int i = 0; i < n; i++) {
                        v[i] -= in.get(Field.FIRST, i);
                    }
                }
                enc.encode(v, n, false, out);
            }
        }
        return out;
    }

    private static void decode(ByteSink block, int n) throws CorruptDataException {
        try (BlockDecoder dec = new BlockDecoder()) {
            dec.decode(ColumnSchema.CURRENT, block.array(), 0, block.size(), n, new FlowBatch(1));
        }
    }

    /** The encoding of each column frame of a block, by column of the current schema. */
    private static ColumnEncoding[] frameEncodings(ByteSink block) throws CorruptDataException {
        ByteSource in = new ByteSource().wrap(block.array(), 0, block.size());
        in.getByte(); // block flags
        ColumnEncoding[] e = new ColumnEncoding[ColumnSchema.CURRENT.size()];
        for (int c = 0; c < e.length; c++) {
            int head = in.getByte();
            e[c] = ColumnEncoding.byId(head & ~ColumnEncoding.COMPRESSED_FLAG);
            int stored = in.getVarInt(Integer.MAX_VALUE);
            if ((head & ColumnEncoding.COMPRESSED_FLAG) != 0) {
                in.getVarLong();
            }
            in.take(stored);
        }
        return e;
    }

    /** The rows as strings, sorted: a block sorted by the writer holds the same rows in another order. */
    private static java.util.List<String> sortedRows(FlowBatch b) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            StringBuilder s = new StringBuilder();
            for (int slot = 0; slot < Field.SLOTS; slot++) {
                s.append(b.slot(slot)[i]).append(',');
            }
            rows.add(s.toString());
        }
        java.util.Collections.sort(rows);
        return rows;
    }
}
