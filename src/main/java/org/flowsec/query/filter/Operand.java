package org.flowsec.query.filter;

import org.flowsec.flow.Field;

/**
 * What a numeric comparison reads from a flow: one catalog field, either of a source/destination pair
 * (nfdump's {@code port 80} without src/dst), or a value derived from several fields.
 */
public sealed interface Operand permits Operand.One, Operand.Either, Operand.Metric {
    /** The largest value this operand can hold; larger values in a filter are errors. */
    long maxValue();

    /** A single catalog field, e.g. {@code dst port} or {@code end_reason}. */
    record One(Field field) implements Operand {
        public One {
            if (field.isAddress()) {
                throw new IllegalArgumentException(field.catalogName() + " is an address, not a number");
            }
        }

        @Override
        public long maxValue() { return Limits.max(field); }
    }

    /** Either field of a pair: the flow matches when the source side or the destination side does. */
    record Either(Field src, Field dst) implements Operand {
        public static final Either PORT = new Either(Field.SRC_PORT, Field.DST_PORT);
        public static final Either AS = new Either(Field.SRC_AS, Field.DST_AS);
        public static final Either MASK = new Either(Field.SRC_MASK, Field.DST_MASK);
        public static final Either IF = new Either(Field.IN_IF, Field.OUT_IF);

        @Override
        public long maxValue() { return Limits.max(src); }
    }

    /**
     * Values nfdump derives: duration in ms, packets/s, bits/s, bytes per packet (0 when undefined), and the
     * engine type and id of an observation domain (its bits 8..15 and 0..7, where NetFlow v5 puts them).
     */
    enum Metric implements Operand {
        DURATION, PPS, BPS, BPP, ENGINE_TYPE, ENGINE_ID;

        @Override
        public long maxValue() {
            return this == ENGINE_TYPE || this == ENGINE_ID ? 255 : Long.MAX_VALUE;
        }
    }
}
