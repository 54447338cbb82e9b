package org.flowsec.decode.template;

import static org.flowsec.decode.template.DecodePlan.*;

import java.util.Arrays;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * A flow template without variable-length fields, compiled further for the fast path of
 * {@link RecordDecoder}. Every field's offset in the record is known, so a set is decoded column by
 * column: each plain field (an unsigned integer, IPv4 or IPv6 address going to its own slot) is copied
 * for all records of the set in one tight loop, with no per-field dispatch and no bounds check per
 * record; skipped fields cost nothing. Only the few fields that feed per-record logic (times, sampler,
 * ICMP type, slots with several candidate sources) are read record by record. The slots the template
 * does not always write are listed, so a set is pre-filled with their "not exported" values in one
 * {@link Arrays#fill} per slot instead of row by row.
 */
final class FixedLayout {
    static final int PLAIN_UNSIGNED = 0;
    static final int PLAIN_V4 = 1;
    static final int PLAIN_V6 = 2;

    /** Plain fields: offset in the record, length, kind ({@code PLAIN_*}) and target slot. */
    final int[] plainOffset;
    final int[] plainLength;
    final int[] plainKind;
    final int[] plainSlot;
    /** The other fields that are not skipped: offset in the record, length and operation word. */
    final int[] offset;
    final int[] length;
    final int[] op;
    /** Slots to pre-fill for every row of a set, with their values. */
    final int[] defaultSlots;
    final long[] defaultValues;
    /** Whether a record names its own sampler or interval, so the rate must be found per record. */
    final boolean perRecordRate;
    /**
     * Whether every field is plain, skipped, or the chosen start or end time: then the whole set is
     * decoded column by column, times included, and nothing is read record by record.
     */
    final boolean columnar;
    /** Offset and length of the start and end time fields, -1 when the template has none. */
    final int startOffset;
    final int startLength;
    final int endOffset;
    final int endLength;

    private FixedLayout(int[][] plain, int[] offset, int[] length, int[] op, int[] defaultSlots,
                        long[] defaultValues, boolean perRecordRate, int[] times) {
        this.plainOffset = plain[0];
        this.plainLength = plain[1];
        this.plainKind = plain[2];
        this.plainSlot = plain[3];
        this.offset = offset;
        this.length = length;
        this.op = op;
        this.defaultSlots = defaultSlots;
        this.defaultValues = defaultValues;
        this.perRecordRate = perRecordRate;
        this.startOffset = times[0];
        this.startLength = times[1];
        this.endOffset = times[2];
        this.endLength = times[3];
        boolean onlyTimes = true;
        for (int o : op) {
            onlyTimes &= (o & 0xFF) == OP_START || (o & 0xFF) == OP_END;
        }
        this.columnar = onlyTimes;
    }

    /** The layout of a fixed-length flow plan's fields, or null for options and variable-length templates. */
    static FixedLayout of(boolean options, int[] lengths, int[] ops) {
        if (options) {
            return null;
        }
        int n = 0;
        int plainCount = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] == VARIABLE) {
                return null;
            }
            if (plainKind(ops[i]) >= 0) {
                plainCount++;
            } else if ((ops[i] & 0xFF) != OP_SKIP) {
                n++;
            }
        }
        int[][] plain = new int[4][plainCount];
        int j = 0;
        int[] offset = new int[n];
        int[] length = new int[n];
        int[] op = new int[n];
        // slots every record writes: the row epilogue's, and those of unconditional field operations
        boolean[] written = new boolean[Field.SLOTS];
        written[Field.FIRST.slot()] = true;
        written[Field.LAST.slot()] = true;
        written[Field.EXPORTER.slot()] = true;
        written[Field.EXPORTER.slot() + 1] = true;
        written[Field.DOMAIN.slot()] = true;
        written[Field.SAMPLING.slot()] = true;
        boolean perRecordRate = false;
        int[] times = {-1, -1, -1, -1};
        int k = 0;
        int at = 0;
        for (int i = 0; i < lengths.length; i++) {
            int code = ops[i] & 0xFF;
            int slot = ops[i] >>> 8;
            int kind = plainKind(ops[i]);
            if (kind >= 0) {
                plain[0][j] = at;
                plain[1][j] = lengths[i];
                plain[2][j] = kind;
                plain[3][j] = slot;
                j++;
            } else if (code != OP_SKIP) {
                offset[k] = at;
                length[k] = lengths[i];
                op[k] = ops[i];
                k++;
            }
            switch (code) {
                case OP_UNSIGNED -> written[slot] = true;
                case OP_V4 -> written[slot + 1] = true; // the high word stays at its default, 0
                case OP_V6 -> {
                    written[slot] = true;
                    written[slot + 1] = true;
                }
                case OP_SAMPLER_ID, OP_SAMPLING_INTERVAL, OP_SAMPLING_SPACE -> perRecordRate = true;
                case OP_START -> {
                    times[0] = at;
                    times[1] = lengths[i];
                }
                case OP_END -> {
                    times[2] = at;
                    times[3] = lengths[i];
                }
                default -> { }
            }
            at += lengths[i];
        }
        if (at == 0) {
            return null; // an empty record: the general path's loop guards against it
        }
        int d = 0;
        for (boolean w : written) {
            d += w ? 0 : 1;
        }
        int[] defaultSlots = new int[d];
        long[] defaultValues = new long[d];
        d = 0;
        for (int s = 0; s < written.length; s++) {
            if (!written[s]) {
                defaultSlots[d] = s;
                defaultValues[d] = FlowBatch.defaultValue(s);
                d++;
            }
        }
        return new FixedLayout(plain, offset, length, op, defaultSlots, defaultValues, perRecordRate, times);
    }

    /** The {@code PLAIN_*} kind of an operation that just copies a value to its slot, else -1. */
    private static int plainKind(int op) {
        return switch (op & 0xFF) {
            case OP_UNSIGNED -> PLAIN_UNSIGNED;
            case OP_V4 -> PLAIN_V4;
            case OP_V6 -> PLAIN_V6;
            default -> -1;
        };
    }
}
