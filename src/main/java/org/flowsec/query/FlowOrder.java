package org.flowsec.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The order of {@code query --sort}: catalog fields, each ascending or descending, compared in turn
 * (flow-sort, rwsort). Written {@code FIELD[:asc|:desc][,FIELD...]}, e.g. {@code bytes:desc,first}; numbers
 * compare as signed longs (every stored value is non-negative), addresses as unsigned 128-bit numbers, so
 * IPv4 (mapped into {@code ::ffff:0:0/96}) sorts before most IPv6. Rows equal on every field keep the order
 * they had (the caller's sort is stable).
 */
public final class FlowOrder {
    /** {@code --sort} without a value: by start time, as flow-sort does. */
    public static final String DEFAULT = "first";

    private final List<Field> fields;
    private final int[] slots;
    private final boolean[] address;
    private final boolean[] descending;
    private final String text;

    private FlowOrder(List<Field> fields, int[] slots, boolean[] address, boolean[] descending, String text) {
        this.fields = List.copyOf(fields);
        this.slots = slots;
        this.address = address;
        this.descending = descending;
        this.text = text;
    }

    /** Parses {@code FIELD[:asc|:desc][,...]}; throws {@link IllegalArgumentException} saying what is accepted. */
    public static FlowOrder parse(String spec) {
        List<String> parts = new ArrayList<>();
        for (String p : spec.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("--sort needs a field, e.g. --sort first or --sort bytes:desc,first");
        }
        int[] slots = new int[parts.size()];
        boolean[] address = new boolean[parts.size()];
        boolean[] desc = new boolean[parts.size()];
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            int colon = p.indexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon);
            String dir = colon < 0 ? "asc" : p.substring(colon + 1);
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw new IllegalArgumentException("bad --sort '" + p + "': write FIELD, FIELD:asc or FIELD:desc");
            }
            Field f = Field.byName(name);
            if (f == null) {
                throw new IllegalArgumentException("unknown --sort field '" + name + "': use one of " + Field.catalogNames());
            }
            fields.add(f);
            slots[i] = f.slot();
            address[i] = f.isAddress();
            desc[i] = dir.equals("desc");
        }
        return new FlowOrder(fields, slots, address, desc, String.join(",", parts));
    }

    /** The fields compared, in order of precedence. */
    public List<Field> fields() {
        return fields;
    }

    /** Negative, zero or positive as row {@code ra} of {@code a} sorts before, with, or after row {@code rb} of {@code b}. */
    public int compare(FlowBatch a, int ra, FlowBatch b, int rb) {
        for (int k = 0; k < slots.length; k++) {
            int s = slots[k];
            int c;
            if (address[k]) {
                c = Long.compareUnsigned(a.slot(s)[ra], b.slot(s)[rb]);
                if (c == 0) {
                    c = Long.compareUnsigned(a.slot(s + 1)[ra], b.slot(s + 1)[rb]);
                }
            } else {
                c = Long.compare(a.slot(s)[ra], b.slot(s)[rb]);
            }
            if (c != 0) {
                return descending[k] ? -c : c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
