package org.flowsec.store;

import java.net.InetAddress;
import java.util.Arrays;
import org.flowsec.flow.Addresses;

/**
 * What a scan may use to skip whole blocks. Hints never filter rows: a block that may hold a hinted
 * address is delivered whole, and the query still applies its own filter.
 *
 * <p>{@code addresses} holds (hi, lo) pairs; when non-empty, a block is skipped if its Bloom filter says it
 * holds none of them as source or destination (the hint means "the query needs one of these addresses").
 */
public record ScanHints(long[] addresses) {
    public static final ScanHints NONE = new ScanHints(new long[0]);

    public ScanHints {
        if (addresses.length % 2 != 0) {
            throw new IllegalArgumentException("addresses are (hi, lo) pairs");
        }
        addresses = addresses.clone();
    }

    /** Hints that the query only matches flows from or to one of these addresses. */
    public static ScanHints anyAddress(InetAddress... addrs) {
        long[] a = new long[addrs.length * 2];
        for (int i = 0; i < addrs.length; i++) {
            a[2 * i] = Addresses.hi(addrs[i]);
            a[2 * i + 1] = Addresses.lo(addrs[i]);
        }
        return new ScanHints(a);
    }

    public boolean hasAddresses() { return addresses.length > 0; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScanHints h && Arrays.equals(addresses, h.addresses);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(addresses); }

    @Override
    public String toString() { return "ScanHints[" + addresses.length / 2 + " addresses]"; }
}
