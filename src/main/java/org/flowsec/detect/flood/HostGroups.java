package org.flowsec.detect.flood;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.PrefixList;

/**
 * FastNetMon-style host groups compiled to per-bucket limits: a home host belongs to the first group whose
 * prefixes contain it, else to the default group (index 0). Looked up once per new destination, not per flow.
 */
final class HostGroups {
    /**
     * Limits of one group, in counts per bucket so the flow path compares without dividing.
     * {@code packetCap} and {@code byteCap} are the most one flow adds to the volume that is compared: a
     * {@code min_sources}-th of the limit, so one elephant download can never be a flood on its own.
     */
    record Limits(String name, double flowsPerSecond, double packetsPerSecond, double bitsPerSecond,
                  double synPerSecond, int minSources, long flows, long packets, long bytes, long syn) {

        long packetCap() { return Math.max(1, packets / minSources); }

        long byteCap() { return Math.max(1, bytes / minSources); }

        static Limits of(String name, FloodParams.Thresholds t, int bucketSeconds) {
            check(name, "flows_per_second", t.flowsPerSecond);
            check(name, "packets_per_second", t.packetsPerSecond);
            check(name, "bits_per_second", t.bitsPerSecond);
            check(name, "syn_per_second", t.synPerSecond);
            if (t.minSources < 1) {
                throw new IllegalArgumentException("flood group " + name + ": min_sources must be 1 or more");
            }
            return new Limits(name, t.flowsPerSecond, t.packetsPerSecond, t.bitsPerSecond, t.synPerSecond,
                    t.minSources, perBucket(t.flowsPerSecond, bucketSeconds),
                    perBucket(t.packetsPerSecond, bucketSeconds), perBucket(t.bitsPerSecond / 8, bucketSeconds),
                    perBucket(t.synPerSecond, bucketSeconds));
        }

        private static void check(String group, String key, double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("flood group " + group + ": " + key + " must be positive, was " + v);
            }
        }

        private static long perBucket(double perSecond, int bucketSeconds) {
            return Math.max(1, (long) Math.ceil(perSecond * bucketSeconds));
        }
    }

    private final List<Limits> limits = new ArrayList<>();
    private final List<PrefixList> prefixes = new ArrayList<>();

    HostGroups(FloodParams p) {
        limits.add(Limits.of("default", p.thresholds, p.bucketSeconds));
        prefixes.add(PrefixList.empty());
        for (FloodParams.Group g : p.groups) {
            String name = g.name == null || g.name.isBlank() ? "group" + limits.size() : g.name;
            limits.add(Limits.of(name, g.thresholds, p.bucketSeconds));
            prefixes.add(PrefixList.parse("flood group " + name, g.prefixes));
        }
    }

    /** Index of the group of a host; 0 is the default group. */
    int groupOf(long hi, long lo) {
        for (int i = 1; i < prefixes.size(); i++) {
            if (prefixes.get(i).contains(hi, lo)) {
                return i;
            }
        }
        return 0;
    }

    Limits limits(int group) {
        return limits.get(group);
    }
}
