package org.flowsec.detect;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.query.filter.Prefix;
import org.flowsec.query.filter.PrefixSet;

/** A list of prefixes written in the config ({@code [10.0.0.0/8, 2001:db8::/32, 192.0.2.7]}) and its lookup. */
public final class PrefixList {
    private final List<Prefix> prefixes;
    private final PrefixSet set;

    private PrefixList(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        this.set = new PrefixSet(this.prefixes);
    }

    /** Parses each entry; an invalid one throws IllegalArgumentException naming {@code what} and the entry. */
    public static PrefixList parse(String what, List<String> texts) {
        List<Prefix> out = new ArrayList<>();
        for (String t : texts == null ? List.<String>of() : texts) {
            try {
                out.add(Prefix.parse(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": '" + t + "' is not an address or prefix ("
                        + e.getMessage() + ")");
            }
        }
        return new PrefixList(out);
    }

    public static PrefixList empty() { return new PrefixList(List.of()); }

    public boolean contains(long hi, long lo) { return !prefixes.isEmpty() && set.contains(hi, lo); }

    public boolean isEmpty() { return prefixes.isEmpty(); }

    public List<Prefix> prefixes() { return prefixes; }

    /** Filter text for an evidence expression: {@code net 10.0.0.0/8 or net 2001:db8::/32}. */
    @Override
    public String toString() { return prefixes.toString(); }
}
