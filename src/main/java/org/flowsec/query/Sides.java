package org.flowsec.query;

import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Source and destination counterparts of fields, and the orientation rule of bidirectional aggregation. */
final class Sides {
    private Sides() {}

    /** The fields {@link #swapped} reads. */
    static final java.util.Set<Field> ORIENTATION = java.util.EnumSet.of(Field.SRC_ADDR, Field.DST_ADDR,
            Field.SRC_PORT, Field.DST_PORT);

    /** The field on the other side of the flow (src_addr ↔ dst_addr, in_if ↔ out_if...), or the field itself. */
    static Field other(Field f) {
        return switch (f) {
            case SRC_ADDR -> Field.DST_ADDR;
            case DST_ADDR -> Field.SRC_ADDR;
            case SRC_PORT -> Field.DST_PORT;
            case DST_PORT -> Field.SRC_PORT;
            case SRC_AS -> Field.DST_AS;
            case DST_AS -> Field.SRC_AS;
            case SRC_MASK -> Field.DST_MASK;
            case DST_MASK -> Field.SRC_MASK;
            case IN_IF -> Field.OUT_IF;
            case OUT_IF -> Field.IN_IF;
            default -> f;
        };
    }

    /**
     * Whether a row must be read swapped so that both directions of a 5-tuple give the same key: the lower
     * (address, port) side, compared as unsigned numbers, comes first (nfdump -B).
     */
    static boolean swapped(FlowBatch b, int row) {
        int c = Long.compareUnsigned(b.hi(Field.SRC_ADDR, row), b.hi(Field.DST_ADDR, row));
        if (c == 0) {
            c = Long.compareUnsigned(b.lo(Field.SRC_ADDR, row), b.lo(Field.DST_ADDR, row));
        }
        if (c == 0) {
            c = Long.compare(b.get(Field.SRC_PORT, row), b.get(Field.DST_PORT, row));
        }
        return c > 0;
    }
}
