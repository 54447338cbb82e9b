package org.flowsec.collect;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Addresses;

/**
 * Datagrams refused by the allowlist, counted per source address up to a bound, then in one "other"
 * bucket: spoofed floods come from random addresses and must not grow the heap. Decode thread only.
 */
final class RejectedSources {
    private final AddressKeyTable keys;
    private final long[] hi;
    private final long[] lo;
    private final long[] count;
    private long other;

    RejectedSources(int maxSources) {
        keys = new AddressKeyTable(maxSources);
        hi = new long[maxSources];
        lo = new long[maxSources];
        count = new long[maxSources];
    }

    void count(long addrHi, long addrLo) {
        int i = keys.indexOf(addrHi, addrLo, 0);
        if (i < 0) {
            other++;
            return;
        }
        hi[i] = addrHi;
        lo[i] = addrLo;
        count[i]++;
    }

    long total() {
        long t = other;
        for (int i = 0; i < keys.size(); i++) {
            t += count[i];
        }
        return t;
    }

    List<CollectorStats.RejectedSource> snapshot() {
        List<CollectorStats.RejectedSource> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(new CollectorStats.RejectedSource(Addresses.format(hi[i], lo[i]), count[i]));
        }
        if (other > 0) {
            out.add(new CollectorStats.RejectedSource(CollectorStats.OTHER, other));
        }
        return out;
    }
}
