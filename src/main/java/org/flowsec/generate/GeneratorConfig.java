package org.flowsec.generate;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What {@code flowsec generate} sends: to {@code target}, {@code flows} flows as export {@code version} 5, 9
 * or 10 (IPFIX), paced at {@code rate} flows per second in {@link Mode#SUSTAINED} mode (0 = as fast as
 * possible), from the model seeded with {@code seed}.
 *
 * @param domain        v9 source id / IPFIX observation domain; for v5, engine type &lt;&lt; 8 | engine id
 * @param refresh       when v9/IPFIX templates are resent
 * @param ipv6Share     share of connections over IPv6 (forced to 0 for v5)
 * @param ringDatagrams datagrams encoded ahead (1464 bytes each); more flows than they hold are replayed
 *                      in laps with fresh sequence numbers and times
 */
public record GeneratorConfig(InetSocketAddress target, int version, long flows, long rate, long seed,
                              long domain, TemplateRefresh refresh, Mode mode, double ipv6Share,
                              int ringDatagrams) {
    /** Sustained pacing holds the rate; burst sends everything at once, whatever the rate says. */
    public enum Mode { SUSTAINED, BURST }

    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_IPV6_SHARE = 0.1;
    /** About 6 MB: 122,880 distinct v5 flows per lap. */
    public static final int DEFAULT_RING_DATAGRAMS = 4096;
    /** About 96 MB of direct memory. */
    public static final int MAX_RING_DATAGRAMS = 65_536;
    /** How fast flow time runs when sending unpaced: one million flows per second of flow time. */
    public static final double UNPACED_MODEL_RATE = 1_000_000;

    public GeneratorConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(mode, "mode");
        if (version != 5 && version != 9 && version != 10) {
            throw new IllegalArgumentException("version must be 5, 9 or 10 (IPFIX), was " + version);
        }
        if (flows < 1) {
            throw new IllegalArgumentException("flows must be at least 1, was " + flows);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or more flows per second, was " + rate);
        }
        if (!(ipv6Share >= 0 && ipv6Share <= 1)) {
            throw new IllegalArgumentException("IPv6 share must be within 0..1, was " + ipv6Share);
        }
        if (ringDatagrams < 1 || ringDatagrams > MAX_RING_DATAGRAMS) {
            throw new IllegalArgumentException("ring must hold 1.." + MAX_RING_DATAGRAMS + " datagrams, was " + ringDatagrams);
        }
        if (version == 5) {
            ipv6Share = 0;
        }
    }

    /** Unpaced, seed 1, domain 0, default template refresh, 10% IPv6 (none for v5). */
    public static GeneratorConfig of(InetSocketAddress target, int version, long flows) {
        return new GeneratorConfig(target, version, flows, 0, DEFAULT_SEED, 0, TemplateRefresh.DEFAULT,
                Mode.SUSTAINED, DEFAULT_IPV6_SHARE, DEFAULT_RING_DATAGRAMS);
    }

    public GeneratorConfig withRate(long flowsPerSecond) {
        return new GeneratorConfig(target, version, flows, flowsPerSecond, seed, domain, refresh, mode, ipv6Share, ringDatagrams);
    }

    public GeneratorConfig withSeed(long s) {
        return new GeneratorConfig(target, version, flows, rate, s, domain, refresh, mode, ipv6Share, ringDatagrams);
    }

    public GeneratorConfig withDomain(long d) {
        return new GeneratorConfig(target, version, flows, rate, seed, d, refresh, mode, ipv6Share, ringDatagrams);
    }

    public GeneratorConfig withRefresh(TemplateRefresh r) {
        return new GeneratorConfig(target, version, flows, rate, seed, domain, r, mode, ipv6Share, ringDatagrams);
    }

    public GeneratorConfig withMode(Mode m) {
        return new GeneratorConfig(target, version, flows, rate, seed, domain, refresh, m, ipv6Share, ringDatagrams);
    }

    public GeneratorConfig withIpv6Share(double share) {
        return new GeneratorConfig(target, version, flows, rate, seed, domain, refresh, mode, share, ringDatagrams);
    }

    public GeneratorConfig withRingDatagrams(int n) {
        return new GeneratorConfig(target, version, flows, rate, seed, domain, refresh, mode, ipv6Share, n);
    }

    /** Whether the sender holds to {@link #rate()}. */
    public boolean paced() { return mode == Mode.SUSTAINED && rate > 0; }

    /** How fast the model's flow time runs: the target rate, or a nominal one when unpaced. */
    public double modelRate() { return rate > 0 ? rate : UNPACED_MODEL_RATE; }
}
