package org.flowsec.query;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.FlowBatch;

/**
 * The key a query groups by: one or more {@link KeyPart}s packed into at most 4 long words (an address
 * takes 2). At most one either-side part: with one, each flow is counted twice, once per side.
 */
public final class GroupKey {
    public static final int MAX_WORDS = 4;

    private final List<KeyPart> parts;
    private final int words;
    private final boolean eitherSide;

    public GroupKey(List<KeyPart> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("give at least one key");
        }
        int w = 0;
        int either = 0;
        for (KeyPart p : parts) {
            w += p.words();
            either += p.kind() == KeyPart.Kind.EITHER ? 1 : 0;
        }
        if (w > MAX_WORDS) {
            throw new IllegalArgumentException("the keys " + names(parts) + " take " + w
                    + " words, more than " + MAX_WORDS + " (an address takes 2, other fields 1): use fewer keys");
        }
        if (either > 1) {
            throw new IllegalArgumentException("use at most one of ip, port, as, if in one key (" + names(parts) + ")");
        }
        this.parts = List.copyOf(parts);
        this.words = w;
        this.eitherSide = either == 1;
    }

    /** Parses a comma-separated {@code --by} list, e.g. {@code srcip4/24,dst_port}. */
    public static GroupKey parse(String text) {
        List<KeyPart> ps = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                ps.add(KeyPart.parse(s));
            }
        }
        return new GroupKey(ps);
    }

    private static String names(List<KeyPart> parts) {
        return String.join(",", parts.stream().map(KeyPart::name).toList());
    }

    public List<KeyPart> parts() {
        return parts;
    }

    public int words() {
        return words;
    }

    /** How many keys each flow adds to: 2 with an either-side part, else 1. */
    public int sides() {
        return eitherSide ? 2 : 1;
    }

    /**
     * The fields {@link #extract} reads; with {@code bidirectional}, also their other-side counterparts and
     * the addresses and ports that decide a row's orientation.
     */
    public java.util.Set<org.flowsec.flow.Field> fields(boolean bidirectional) {
        java.util.EnumSet<org.flowsec.flow.Field> out = java.util.EnumSet.noneOf(org.flowsec.flow.Field.class);
        for (KeyPart p : parts) {
            out.add(p.src());
            if (p.dst() != null) {
                out.add(p.dst());
            }
        }
        if (bidirectional) {
            for (org.flowsec.flow.Field f : java.util.List.copyOf(out)) {
                out.add(Sides.other(f));
            }
            out.addAll(Sides.ORIENTATION);
        }
        return out;
    }

    /** The fields {@link #extractColumns} reads for {@code side}, as stored (not bidirectional). */
    java.util.Set<org.flowsec.flow.Field> fields(int side) {
        java.util.EnumSet<org.flowsec.flow.Field> out = java.util.EnumSet.noneOf(org.flowsec.flow.Field.class);
        for (KeyPart p : parts) {
            if (p.kind() == KeyPart.Kind.EITHER) {
                out.add(side == 0 ? p.src() : p.dst());
            } else {
                out.add(p.src());
                if (p.dst() != null) {
                    out.add(p.dst());
                }
            }
        }
        return out;
    }

    /** Column names, as written in {@code --by} (a pair gives src_addr and dst_addr). */
    public List<String> columns() {
        List<String> c = new ArrayList<>();
        for (KeyPart p : parts) {
            c.addAll(List.of(p.columns()));
        }
        return c;
    }

    /** Fills {@code key[0..words)} for a row seen from {@code side}, read swapped for bidirectional keys. */
    void extract(FlowBatch b, int row, int side, boolean swap, long[] key) {
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            at = parts.get(i).extract(b, row, side, swap, key, at);
        }
    }

    /**
     * {@link #extract} for rows {@code rows[0..n)} seen from {@code side}, read as stored: key word w of
     * entry j lands in {@code out[w][offset + j]}.
     */
    void extractColumns(FlowBatch b, int[] rows, int n, int side, long[][] out, int offset) {
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            at = parts.get(i).extractColumns(b, rows, n, side, out, offset, at);
        }
    }

    /** The printed values of a key, one per column. */
    public String[] text(long[] key) {
        String[] out = new String[columns().size()];
        int at = 0;
        int col = 0;
        for (KeyPart p : parts) {
            at = p.text(key, at, out, col);
            col += p.columns().length;
        }
        return out;
    }
}
