package org.flowsec.decode.template;

import java.util.Arrays;
import org.flowsec.decode.DecodeStats;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.KeyIndex;

/**
 * Templates keyed by (exporter hi, exporter lo, domain, version&lt;&lt;16 | template id), so two exporters,
 * two domains of one exporter, or a v9 and an IPFIX stream reusing an id never collide. Each entry
 * remembers when it was last (re)announced; {@link #get} forgets it once the template timeout passed.
 * Bounded per exporter/domain and in total ({@link DecoderConfig}). Measured (HostileTemplateTest): the
 * default 100,000 templates of 8 fields take about 36 MB of heap (~360 bytes per template, index entries included).
 */
final class TemplateTable {
    private final DecoderConfig config;
    private final DecodeStats stats;
    private final KeyIndex index;
    private DecodePlan[] plans = new DecodePlan[64];
    private long[] lastSeen = new long[64];
    private long[] keys = new long[64 * 4];
    private int[] statsRows = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private int highWater;
    private int size;

    TemplateTable(DecoderConfig config, DecodeStats stats) {
        this.config = config;
        this.stats = stats;
        this.index = new KeyIndex(64);
    }

    int size() { return size; }

    static long key(int version, int templateId) {
        return (long) version << 16 | templateId;
    }

    /** The live plan, or null when unknown or expired (an expired one is removed and counted). */
    DecodePlan get(long hi, long lo, long domain, int version, int templateId, long now) {
        long k = key(version, templateId);
        int h = index.get(hi, lo, domain, k);
        if (h < 0) {
            return null;
        }
        if (now - lastSeen[h] > config.templateTimeoutMillis()) {
            stats.templateExpired(statsRows[h]);
            remove(hi, lo, domain, k);
            return null;
        }
        return plans[h];
    }

    /** The stored plan whatever its age (no expiry, no counting), or null. */
    DecodePlan peek(long hi, long lo, long domain, int version, int templateId) {
        int h = index.get(hi, lo, domain, key(version, templateId));
        return h < 0 ? null : plans[h];
    }

    /**
     * Adds or refreshes a template. Returns false (and counts a rejection) when a bound forbids a new one.
     */
    boolean put(long hi, long lo, long domain, DecodePlan plan, long now, int statsRow) {
        long k = key(plan.version, plan.templateId);
        int h = index.get(hi, lo, domain, k);
        if (h >= 0) {
            if (!plans[h].sameAs(plan)) {
                plans[h] = plan;
            }
            lastSeen[h] = now;
            return true;
        }
        if (size >= config.maxTemplatesTotal() || stats.templatesActive(statsRow) >= config.maxTemplatesPerDomain()) {
            stats.templateRejected(statsRow);
            return false;
        }
        h = allocate();
        plans[h] = plan;
        lastSeen[h] = now;
        keys[h * 4] = hi;
        keys[h * 4 + 1] = lo;
        keys[h * 4 + 2] = domain;
        keys[h * 4 + 3] = k;
        statsRows[h] = statsRow;
        index.put(hi, lo, domain, k, h);
        size++;
        stats.templatesActive(statsRow, 1);
        return true;
    }

    /** Withdraws one template; true when it existed. */
    boolean withdraw(long hi, long lo, long domain, int version, int templateId) {
        int h = index.get(hi, lo, domain, key(version, templateId));
        if (h < 0) {
            return false;
        }
        stats.templateWithdrawn(statsRows[h]);
        remove(hi, lo, domain, key(version, templateId));
        return true;
    }

    /** IPFIX withdraw-all (template id 2 or 3 with field count 0): every (options) template of the domain. */
    int withdrawAll(long hi, long lo, long domain, int version, boolean options) {
        int n = 0;
        for (int h = 0; h < highWater; h++) {
            DecodePlan p = plans[h];
            if (p != null && p.options == options && p.version == version
                    && keys[h * 4] == hi && keys[h * 4 + 1] == lo && keys[h * 4 + 2] == domain) {
                stats.templateWithdrawn(statsRows[h]);
                remove(hi, lo, domain, keys[h * 4 + 3]);
                n++;
            }
        }
        return n;
    }

    private void remove(long hi, long lo, long domain, long k) {
        int h = index.remove(hi, lo, domain, k);
        if (h < 0) {
            return;
        }
        stats.templatesActive(statsRows[h], -1);
        plans[h] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = h;
        size--;
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        int h = highWater++;
        if (h == plans.length) {
            int n = h * 2;
            plans = Arrays.copyOf(plans, n);
            lastSeen = Arrays.copyOf(lastSeen, n);
            keys = Arrays.copyOf(keys, n * 4);
            statsRows = Arrays.copyOf(statsRows, n);
        }
        return h;
    }
}
