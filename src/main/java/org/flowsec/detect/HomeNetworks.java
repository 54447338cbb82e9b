package org.flowsec.detect;

import java.util.List;

/**
 * The local networks ({@code home} in the config): what is "internal" for direction-aware detectors. Without
 * a {@code home} entry the private and local ranges are assumed (RFC 1918, RFC 6598 shared space, RFC 4193
 * unique-local and link-local IPv6).
 */
public final class HomeNetworks {
    public static final List<String> PRIVATE_RANGES = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
            "fc00::/7", "fe80::/10");

    private final PrefixList prefixes;

    private HomeNetworks(PrefixList prefixes) { this.prefixes = prefixes; }

    /** {@code home} from the config; null or empty means the private ranges. */
    public static HomeNetworks of(List<String> home) {
        List<String> texts = home == null || home.isEmpty() ? PRIVATE_RANGES : home;
        return new HomeNetworks(PrefixList.parse("home", texts));
    }

    public boolean isHome(long hi, long lo) { return prefixes.contains(hi, lo); }

    public PrefixList prefixes() { return prefixes; }
}
