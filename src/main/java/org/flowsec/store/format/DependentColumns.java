package org.flowsec.store.format;

import java.util.Arrays;
import org.flowsec.flow.Field;

/**
 * The columns that may be stored as {@link ColumnEncoding#DEPENDENT} on an address, and on which one. A router
 * fills them from the route it looked the address up in: the source's AS and prefix length come with the
 * source address (and, where traffic enters by the route back, the input interface); the destination's AS,
 * prefix length, output interface and next hop with the destination address. Within one block such a column
 * is usually a function of its address, so it costs one value per distinct address instead of one per row.
 * The file format allows exactly these pairs (docs/file-format.md, §4.2), so a reader knows which address
 * columns a projection of these columns has to decode as well.
 */
public final class DependentColumns {
    private static final int[] PARENT = parents();

    private DependentColumns() {}

    /** The batch slot of the high word of the address that slot {@code slot} may depend on, or -1. */
    public static int parentOf(int slot) {
        return slot >= 0 && slot < PARENT.length ? PARENT[slot] : -1;
    }

    /**
     * Which address the high word at slot {@code parent} is: 0 for the source address, 1 for the destination's
     * (the index encoders and decoders keep their per-address state by), else -1.
     */
    static int sideOf(int parent) {
        return parent == Field.SRC_ADDR.slot() ? 0 : parent == Field.DST_ADDR.slot() ? 1 : -1;
    }

    /** As {@link #sideOf}, for the slot of an address's low word. */
    static int sideOfLowWord(int slot) {
        return sideOf(slot - 1);
    }

    /** {@code slots} (indexed by batch slot) plus both words of the address any of them may depend on. */
    public static boolean[] withParents(boolean[] slots) {
        boolean[] all = slots.clone();
        for (int s = 0; s < slots.length; s++) {
            int p = parentOf(s);
            if (slots[s] && p >= 0) {
                all[p] = true;
                all[p + 1] = true;
            }
        }
        return all;
    }

    private static int[] parents() {
        int[] p = new int[Field.SLOTS];
        Arrays.fill(p, -1);
        int src = Field.SRC_ADDR.slot();
        int dst = Field.DST_ADDR.slot();
        for (Field f : new Field[] {Field.SRC_AS, Field.SRC_MASK, Field.IN_IF}) {
            p[f.slot()] = src;
        }
        for (Field f : new Field[] {Field.DST_AS, Field.DST_MASK, Field.OUT_IF}) {
            p[f.slot()] = dst;
        }
        p[Field.NEXT_HOP.slot()] = dst;
        p[Field.NEXT_HOP.slot() + 1] = dst;
        return p;
    }
}
