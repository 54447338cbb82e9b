package org.flowsec.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Counters per exporter address and observation domain, bounded: beyond {@code maxExporters} keys every
 * further datagram lands in one "other" bucket (no sequence tracking there, since it mixes exporters),
 * so a flood of spoofed sources cannot grow the heap. Decode thread only.
 */
final class ExporterRegistry {
    private final AddressKeyTable keys;
    private final ExporterCounters[] counters;
    private final ExporterCounters other;
    private final ExporterCounters.SequenceWindows windows;
    /** The counters of the previous call: consecutive datagrams mostly come from the same exporter. */
    private ExporterCounters last;

    ExporterRegistry(int maxExporters, ExporterCounters.SequenceWindows windows) {
        this.keys = new AddressKeyTable(maxExporters);
        this.counters = new ExporterCounters[maxExporters];
        this.windows = windows;
        this.other = new ExporterCounters(0, 0, 0, false, windows);
    }

    /** The counters of this exporter and domain, created on first sight (allocation only then). */
    ExporterCounters get(long hi, long lo, long domain) {
        ExporterCounters c = last;
        if (c != null && c.hi == hi && c.lo == lo && c.domain == domain) {
            return c;
        }
        c = lookup(hi, lo, domain);
        if (c != other) { // "other" carries no key of its own to compare with
            last = c;
        }
        return c;
    }

    private ExporterCounters lookup(long hi, long lo, long domain) {
        int i = keys.indexOf(hi, lo, domain);
        if (i < 0) {
            return other;
        }
        ExporterCounters c = counters[i];
        if (c == null) {
            c = new ExporterCounters(hi, lo, domain, true, windows);
            counters[i] = c;
        }
        return c;
    }

    boolean isOther(ExporterCounters c) { return c == other; }

    List<CollectorStats.ExporterStats> snapshot() {
        List<CollectorStats.ExporterStats> out = new ArrayList<>(keys.size() + 1);
        for (int i = 0; i < keys.size(); i++) {
            out.add(counters[i].toStats(false));
        }
        if (other.datagrams > 0) {
            out.add(other.toStats(true));
        }
        return out;
    }
}
