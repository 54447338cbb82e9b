package org.flowsec.decode.template;

import java.util.Arrays;
import org.flowsec.decode.KeyIndex;

/**
 * What options data told us per exporter and domain: sampling rates per sampler (v9 FLOW_SAMPLER_ID 48,
 * IPFIX selectorId 302; {@link #ANY_SAMPLER} for a rate that names no sampler) and the exporter's
 * systemInitTimeMilliseconds (160), which IPFIX sysUpTime timestamps (21/22) are relative to.
 * Bounded: beyond {@code max} entries new ones are ignored.
 */
final class SamplerTable {
    static final long ANY_SAMPLER = -1;
    /** Key component that marks the system-init-time entry of a domain. */
    private static final long INIT_TIME = -2;

    private final int max;
    private final KeyIndex index;
    private long[] values = new long[64];
    private int size;

    SamplerTable(int max) {
        this.max = max;
        this.index = new KeyIndex(64);
    }

    /** The rate announced for this sampler, 0 when unknown. */
    long rate(long hi, long lo, long domain, long samplerId) {
        int h = index.get(hi, lo, domain, samplerId);
        return h < 0 ? 0 : values[h];
    }

    void putRate(long hi, long lo, long domain, long samplerId, long rate) {
        put(hi, lo, domain, samplerId, rate);
    }

    /** systemInitTimeMilliseconds of the exporter, -1 when unknown. */
    long initTime(long hi, long lo, long domain) {
        int h = index.get(hi, lo, domain, INIT_TIME);
        return h < 0 ? -1 : values[h];
    }

    void putInitTime(long hi, long lo, long domain, long millis) {
        put(hi, lo, domain, INIT_TIME, millis);
    }

    private void put(long hi, long lo, long domain, long key, long value) {
        int h = index.get(hi, lo, domain, key);
        if (h < 0) {
            if (size >= max) {
                return;
            }
            h = size++;
            if (h == values.length) {
                values = Arrays.copyOf(values, h * 2);
            }
            index.put(hi, lo, domain, key, h);
        }
        values[h] = value;
    }
}
