package org.flowsec.app;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Addresses;

/**
 * The sampling policy from the command line: a per-exporter override beats what the exporter announces,
 * which beats the default rate (nfcapd's {@code -s -N}, the exported rate, {@code -s N}).
 */
public final class SamplingRates implements SamplingPolicy {
    private final long defaultRate;
    private final Map<Key, Long> overrides = new HashMap<>();

    private record Key(long hi, long lo) {}

    public SamplingRates(long defaultRate, Map<InetAddress, Long> overrides) {
        if (defaultRate < 1) {
            throw new IllegalArgumentException("the default sampling rate must be at least 1, got " + defaultRate);
        }
        this.defaultRate = defaultRate;
        overrides.forEach((a, r) -> {
            if (r < 1) {
                throw new IllegalArgumentException("sampling rate for " + a.getHostAddress() + " must be at least 1");
            }
            this.overrides.put(new Key(Addresses.hi(a), Addresses.lo(a)), r);
        });
    }

    @Override
    public long rate(long exporterHi, long exporterLo, long exported) {
        if (!overrides.isEmpty()) {
            Long r = overrides.get(new Key(exporterHi, exporterLo));
            if (r != null) {
                return r;
            }
        }
        return exported > 0 ? exported : defaultRate;
    }
}
