package org.flowsec.store;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;

/**
 * What a scan may use to skip whole blocks. Hints never filter rows: a block that may hold a hinted
 * address is delivered whole, and the query still applies its own filter.
 *
 * <p>{@code addresses} holds (hi, lo) pairs; when non-empty, a block is skipped if its Bloom filter says it
 * holds none of them as source or destination (the hint means "the query needs one of these addresses").
 *
 * <p>{@code fields}, when non-empty, is a projection: only these fields are decoded (plus first and last
 * where the scan's time filter needs them: in blocks not wholly inside its window, and in journals); the
 * slots of other fields hold unspecified values. Empty means all fields.
 *
 * <p>{@code coded} asks for the dictionary codes of these fields where blocks store them as dictionaries
 * ({@link org.flowsec.flow.FlowBatch#codes}): a consumer that groups by them can then index arrays by code.
 */
public record ScanHints(long[] addresses, Set<Field> fields, Set<Field> coded) {
    public static final ScanHints NONE = new ScanHints(new long[0], Set.of());

    public ScanHints {
        if (addresses.length % 2 != 0) {
            throw new IllegalArgumentException("addresses are (hi, lo) pairs");
        }
        addresses = addresses.clone();
        fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
        coded = coded.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(coded));
    }

    public ScanHints(long[] addresses, Set<Field> fields) {
        this(addresses, fields, Set.of());
    }

    /** These hints, decoding only {@code wanted} (plus first and last). */
    public ScanHints withFields(Field... wanted) {
        return new ScanHints(addresses, Set.of(wanted), coded);
    }

    /** These hints, asking for the dictionary codes of {@code fields} too. */
    public ScanHints withCodes(Set<Field> fields) {
        return new ScanHints(addresses, this.fields, fields);
    }

    /** Slot mask of the fields whose codes are wanted, or null for none. */
    boolean[] codedSlots() {
        if (coded.isEmpty()) {
            return null;
        }
        boolean[] w = new boolean[Field.SLOTS];
        for (Field f : coded) {
            for (int k = 0; k < f.width(); k++) {
                w[f.slot() + k] = true;
            }
        }
        return w;
    }

    /** Slot mask for the decoder, or null when every field is wanted. */
    boolean[] wantedSlots() {
        return wantedSlots(true);
    }

    /** Slot mask for a block whose rows the scan filters by time ({@code time}) or delivers whole. */
    boolean[] wantedSlots(boolean time) {
        if (fields.isEmpty()) {
            return null;
        }
        boolean[] w = new boolean[Field.SLOTS];
        for (Field f : fields) {
            for (int k = 0; k < f.width(); k++) {
                w[f.slot() + k] = true;
            }
        }
        if (time) {
            w[Field.FIRST.slot()] = true;
            w[Field.LAST.slot()] = true;
        }
        if (w[Field.LAST.slot()]) {
            w[Field.FIRST.slot()] = true; // last is stored relative to first
        }
        if (w[Field.SRC_PORT.slot()] || w[Field.DST_PORT.slot()]) {
            // blocks may store the two ports as a pair; decoding one needs the other
            w[Field.SRC_PORT.slot()] = true;
            w[Field.DST_PORT.slot()] = true;
        }
        return w;
    }

    /** Hints that the query only matches flows from or to one of these addresses. */
    public static ScanHints anyAddress(InetAddress... addrs) {
        long[] a = new long[addrs.length * 2];
        for (int i = 0; i < addrs.length; i++) {
            a[2 * i] = Addresses.hi(addrs[i]);
            a[2 * i + 1] = Addresses.lo(addrs[i]);
        }
        return new ScanHints(a, Set.of());
    }

    public boolean hasAddresses() { return addresses.length > 0; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScanHints h && Arrays.equals(addresses, h.addresses) && fields.equals(h.fields)
                && coded.equals(h.coded);
    }

    @Override
    public int hashCode() { return (Arrays.hashCode(addresses) * 31 + fields.hashCode()) * 31 + coded.hashCode(); }

    @Override
    public String toString() {
        return "ScanHints[" + addresses.length / 2 + " addresses, fields " + fields + ", codes of " + coded + "]";
    }
}
