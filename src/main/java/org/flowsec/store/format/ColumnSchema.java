package org.flowsec.store.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The columns a file holds, in frame order, so files describe themselves: a build that adds a field still
 * reads old files (missing columns get the FlowBatch defaults) and skips columns it does not know.
 *
 * <pre>
 * varint count, then per column:
 * +-----------+--------------------+---------+---------+
 * | u8 length | field name (ASCII) | u8 part | u8 flags|
 * +-----------+--------------------+---------+---------+
 * part: 0 = the value (or the high word of an address), 1 = low word of an address
 * flags: bit 0 = stored as (value - first), used for "last"
 * </pre>
 */
public final class ColumnSchema {
    public static final int FLAG_MINUS_FIRST = 1;

    /** The columns of this build, one per FlowBatch slot, in slot order. */
    public static final ColumnSchema CURRENT = current();

    private final String[] names;
    private final int[] parts;
    private final int[] flags;
    /** Batch slot of each file column in this build, or -1 when this build does not know it. */
    private final int[] slotOf;
    /** Batch slots that no file column fills. */
    private final int[] missingSlots;

    private ColumnSchema(String[] names, int[] parts, int[] flags) {
        this.names = names;
        this.parts = parts;
        this.flags = flags;
        this.slotOf = new int[names.length];
        boolean[] filled = new boolean[Field.SLOTS];
        for (int i = 0; i < names.length; i++) {
            Field f = Field.byName(names[i]);
            slotOf[i] = f == null || parts[i] >= f.width() || filled[f.slot() + parts[i]] ? -1 : f.slot() + parts[i];
            if (slotOf[i] >= 0) {
                filled[slotOf[i]] = true;
            }
        }
        int missing = 0;
        for (boolean b : filled) {
            missing += b ? 0 : 1;
        }
        missingSlots = new int[missing];
        for (int s = 0, m = 0; s < filled.length; s++) {
            if (!filled[s]) {
                missingSlots[m++] = s;
            }
        }
    }

    private static ColumnSchema current() {
        String[] n = new String[Field.SLOTS];
        int[] p = new int[Field.SLOTS];
        int[] fl = new int[Field.SLOTS];
        for (Field f : Field.all()) {
            for (int part = 0; part < f.width(); part++) {
                n[f.slot() + part] = f.catalogName();
                p[f.slot() + part] = part;
                fl[f.slot() + part] = f == Field.LAST ? FLAG_MINUS_FIRST : 0;
            }
        }
        return new ColumnSchema(n, p, fl);
    }

    public int size() { return names.length; }

    public int slotOf(int column) { return slotOf[column]; }

    /** The column that fills batch slot {@code slot}, or -1 when none does. */
    public int columnOf(int slot) {
        for (int c = 0; c < slotOf.length; c++) {
            if (slotOf[c] == slot) {
                return c;
            }
        }
        return -1;
    }

    /** True when some column of this schema fills batch slot {@code slot}. */
    public boolean has(int slot) {
        return java.util.Arrays.binarySearch(missingSlots, slot) < 0;
    }

    public int flags(int column) { return flags[column]; }

    public String name(int column) { return parts[column] == 0 ? names[column] : names[column] + ".lo"; }

    /** Fills the slots no column provides with the defaults of a fresh FlowBatch row. */
    public void fillMissing(FlowBatch batch, int n) {
        if (missingSlots.length == 0) {
            return;
        }
        FlowBatch def = new FlowBatch(1);
        def.addRow();
        for (int s : missingSlots) {
            java.util.Arrays.fill(batch.slot(s), 0, n, def.slot(s)[0]);
        }
    }

    public void write(ByteSink out) {
        out.putVarLong(names.length);
        for (int i = 0; i < names.length; i++) {
            byte[] b = names[i].getBytes(StandardCharsets.US_ASCII);
            out.putByte(b.length);
            out.putBytes(b, 0, b.length);
            out.putByte(parts[i]);
            out.putByte(flags[i]);
        }
    }

    public static ColumnSchema read(ByteSource in) throws CorruptDataException {
        int count = in.getVarInt(4096);
        List<String> n = new ArrayList<>(count);
        int[] p = new int[count];
        int[] fl = new int[count];
        for (int i = 0; i < count; i++) {
            int len = in.getByte();
            int at = in.take(len);
            n.add(new String(in.array(), at, len, StandardCharsets.US_ASCII));
            p[i] = in.getByte();
            fl[i] = in.getByte();
            if ((fl[i] & ~FLAG_MINUS_FIRST) != 0) {
                throw new CorruptDataException("column " + n.get(i) + " has unknown flags " + fl[i]);
            }
        }
        if (CURRENT.names.length == count && List.of(CURRENT.names).equals(n)
                && java.util.Arrays.equals(CURRENT.parts, p) && java.util.Arrays.equals(CURRENT.flags, fl)) {
            return CURRENT;
        }
        return new ColumnSchema(n.toArray(String[]::new), p, fl);
    }
}
