package org.flowsec.store.format;

import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Decodes a block's column frames straight into the slots of a reusable FlowBatch: no object per row.
 * Columns this build does not know are skipped; columns the file lacks get FlowBatch defaults.
 */
public final class BlockDecoder implements AutoCloseable {
    private final ColumnDecoder columns = new ColumnDecoder();
    private final ByteSource in = new ByteSource();
    /** Slots stored relative to "first"; the current schema has one ("last"). */
    private final int[] relative = new int[Field.SLOTS];

    private boolean[] wanted;
    private boolean[] coded;
    /** Slots decoded so far in the current block: a DEPENDENT column's address must be among them. */
    private final boolean[] decoded = new boolean[Field.SLOTS];
    private final AddressNumbering[] addresses = {new AddressNumbering(), new AddressNumbering()};
    private final boolean[] numbered = new boolean[2];
    private final DependentParents parents = new DependentParents();
    /** Per address (source, destination): whether a column that may depend on it is decoded (see {@link #project}). */
    private final boolean[] dependentsWanted = {true, true};
    /** Per address: its low word's dictionary codes in this block, or null, and their range. */
    private final int[][] lowCodes = new int[2][];
    private final int[] lowCodeRange = new int[2];
    private final int[][] ownCodes = new int[2][];

    /**
     * Decodes only the slots flagged in {@code slots} from now on (null: all); the others keep unspecified
     * values. The caller must keep "first" in the set when a column is stored relative to it, and both ports.
     * The address a wanted column may depend on ({@link DependentColumns}) is decoded too.
     */
    public void project(boolean[] slots) {
        this.wanted = slots == null ? null : DependentColumns.withParents(slots);
        dependentsWanted[0] = dependentsWanted[1] = slots == null;
        for (int s = 0; slots != null && s < slots.length; s++) {
            int side = DependentColumns.sideOf(DependentColumns.parentOf(s));
            if (slots[s] && side >= 0) {
                dependentsWanted[side] = true;
            }
        }
    }

    /**
     * Also leaves the dictionary codes ({@link FlowBatch#codes}) of the slots flagged in {@code slots} (null:
     * none) where a block stores them as a dictionary or a constant, and the values are final as decoded
     * (not a column relative to "first", not a port of a port-pair block).
     */
    public void projectCodes(boolean[] slots) {
        this.coded = slots == null ? null : slots.clone();
    }

    /** Replaces the content of {@code batch} with the {@code records} rows of the block in {@code buf[off..off+len)}. */
    public void decode(ColumnSchema schema, byte[] buf, int off, int len, int records, FlowBatch batch)
            throws CorruptDataException {
        if (records < 0 || records > BlockEncoder.MAX_ROWS) {
            throw new CorruptDataException("block claims " + records + " records");
        }
        batch.clear();
        batch.ensureCapacity(records);
        in.wrap(buf, off, len);
        int flags = in.getByte();
        if ((flags & ~BlockEncoder.FLAG_PORT_PAIR) != 0) {
            throw new CorruptDataException("unknown block flags " + flags);
        }
        int flagged = 0;
        boolean pair = (flags & BlockEncoder.FLAG_PORT_PAIR) != 0 && (wanted == null || wanted[Field.SRC_PORT.slot()]);
        if (pair && (!schema.has(Field.SRC_PORT.slot()) || !schema.has(Field.DST_PORT.slot()))) {
            throw new CorruptDataException("port-pair block without both port columns");
        }
        int ports = 0;
        java.util.Arrays.fill(decoded, false);
        java.util.Arrays.fill(lowCodes, null);
        numbered[0] = numbered[1] = false;
        parents.start(schema, batch, records);
        for (int c = 0; c < schema.size(); c++) {
            int slot = schema.slotOf(c);
            if (slot < 0 || (wanted != null && !wanted[slot])) {
                ColumnDecoder.skip(in);
                continue;
            }
            boolean minusFirst = (schema.flags(c) & ColumnSchema.FLAG_MINUS_FIRST) != 0;
            boolean isPort = slot == Field.SRC_PORT.slot() || slot == Field.DST_PORT.slot();
            boolean leaveCodes = coded != null && coded[slot] && !minusFirst && !(pair && isPort);
            int side = DependentColumns.sideOfLowWord(slot);
            // an address's dictionary codes number its rows for the columns that depend on it without hashing
            boolean numbering = side >= 0 && dependentsWanted[side];
            int[] codes = leaveCodes ? batch.codesToFill(slot, records) : numbering ? ownCodes(side, records) : null;
            parents.child = slot;
            int range = columns.decode(in, batch.slot(slot), records, codes, parents);
            decoded[slot] = true;
            if (numbering) {
                lowCodes[side] = range > 0 ? codes : null;
                lowCodeRange[side] = range;
            }
            if (range > 0 && leaveCodes) {
                batch.setCodeRange(slot, range);
            }
            if (minusFirst && flagged < relative.length) {
                relative[flagged++] = slot;
            }
            if (pair && isPort && ++ports == 2) {
                // right after the second port column, while both are still in the cache
                unpairPorts(batch.slot(Field.SRC_PORT.slot()), batch.slot(Field.DST_PORT.slot()), records);
            }
        }
        if (in.remaining() != 0) {
            throw new CorruptDataException("block has " + in.remaining() + " bytes after its last column");
        }
        schema.fillMissing(batch, records);
        long[] first = batch.slot(Field.FIRST.slot());
        for (int r = 0; r < flagged; r++) {
            long[] v = batch.slot(relative[r]);
            for (int i = 0; i < records; i++) {
                v[i] += first[i];
            }
        }
        batch.setSize(records);
    }

    /**
     * Numbers the rows' addresses for a DEPENDENT frame: only the address {@link DependentColumns} allows for the
     * column being decoded, and only once both its words were decoded in this block; each address is numbered
     * at most once per block, however many columns depend on it.
     */
    private final class DependentParents implements ColumnDecoder.Parents {
        private ColumnSchema schema;
        private FlowBatch batch;
        private int records;
        int child;

        void start(ColumnSchema schema, FlowBatch batch, int records) {
            this.schema = schema;
            this.batch = batch;
            this.records = records;
        }

        @Override
        public AddressNumbering numbering(int column) throws CorruptDataException {
            int parent = column >= 0 && column < schema.size() ? schema.slotOf(column) : -1;
            if (parent < 0 || parent != DependentColumns.parentOf(child)) {
                throw new CorruptDataException("column of slot " + child + " cannot depend on column " + column);
            }
            if (!decoded[parent] || !decoded[parent + 1]) {
                throw new CorruptDataException("dependent column before its address column " + column);
            }
            int side = DependentColumns.sideOf(parent);
            if (!numbered[side]) {
                AddressNumbering numbering = addresses[side];
                if (lowCodes[side] != null) {
                    numbering.numberByLowCodes(batch.slot(parent), batch.slot(parent + 1), null, lowCodes[side],
                            lowCodeRange[side], records, false);
                } else {
                    numbering.number(batch.slot(parent), batch.slot(parent + 1), null, records);
                }
                numbered[side] = true;
            }
            return addresses[side];
        }
    }

    /** This decoder's own code array for the low word of address {@code side}, for at least {@code rows} rows. */
    private int[] ownCodes(int side, int rows) {
        int[] c = ownCodes[side];
        if (c == null || c.length < rows) {
            c = new int[Math.max(rows, 1024)];
            ownCodes[side] = c;
        }
        return c;
    }

    /** Undoes PORT_PAIR: low holds min(src, dst) * 2 + (src > dst), high holds max(src, dst). */
    private static void unpairPorts(long[] low, long[] high, int n) {
        // branch-free: the swap bit is as random as the traffic's direction, a branch on it mispredicts often
        for (int i = 0; i < n; i++) {
            long v = low[i];
            long l = v >>> 1;
            long h = high[i];
            long swap = (l ^ h) & -(v & 1);
            low[i] = l ^ swap;
            high[i] = h ^ swap;
        }
    }

    @Override
    public void close() {
        columns.close();
    }
}
