package org.flowsec.generate.scenario;

import java.util.List;
import java.util.Objects;

/**
 * What a scenario run contains: the scenarios in the order they start (one may repeat, up to
 * {@link #MAX_REPEATS} times, each repetition with other hosts), when flow time begins, how much
 * background traffic surrounds them, and the exporter's active timeout.
 *
 * <p>Scenario {@code i} starts {@code leadInMillis + i * spacingMillis} after {@code startMillis} (by default
 * {@link #LEAD_IN_MILLIS} and {@link #SPACING_MILLIS}), so the first minute is background only and the
 * attacks overlap as on a real network.
 *
 * @param startMillis         when flow time (and the first export) begins, UTC ms
 * @param totalFlows          flows in the whole run, attack and background; 0 means: use {@code backgroundRatio}
 * @param backgroundRatio     background flows per attack flow when {@code totalFlows} is 0
 * @param activeTimeoutMillis the exporter's active timeout: longer flows are split into records of this length
 * @param ipv6Share           share of background connections over IPv6 (0 for NetFlow v5); scenarios are IPv4
 * @param leadInMillis        background-only time before the first scenario
 * @param spacingMillis       time between the starts of consecutive scenarios
 */
public record ScenarioSpec(List<ScenarioKind> scenarios, long startMillis, long totalFlows, double backgroundRatio,
                           long activeTimeoutMillis, double ipv6Share, long leadInMillis, long spacingMillis) {
    public static final long LEAD_IN_MILLIS = 60_000;
    public static final long SPACING_MILLIS = 90_000;
    /** Cisco's, Juniper's and FortiGate's default: 30 minutes. */
    public static final long DEFAULT_ACTIVE_TIMEOUT_MILLIS = 30 * 60_000;
    public static final double DEFAULT_BACKGROUND_RATIO = 10;
    public static final int MAX_REPEATS = 5;

    public ScenarioSpec {
        scenarios = List.copyOf(scenarios);
        for (ScenarioKind k : ScenarioKind.values()) {
            long n = scenarios.stream().filter(k::equals).count();
            if (n > MAX_REPEATS) {
                throw new IllegalArgumentException("scenario " + k.cliName() + " repeats " + n + " times, at most "
                        + MAX_REPEATS + " are supported");
            }
        }
        if (totalFlows < 0) {
            throw new IllegalArgumentException("total flows must be 0 (use the ratio) or more, was " + totalFlows);
        }
        if (!(backgroundRatio >= 0) || Double.isInfinite(backgroundRatio)) {
            throw new IllegalArgumentException("background ratio must be 0 or more, was " + backgroundRatio);
        }
        if (activeTimeoutMillis < 1_000) {
            throw new IllegalArgumentException("active timeout must be at least 1 s, was " + activeTimeoutMillis + " ms");
        }
        if (!(ipv6Share >= 0 && ipv6Share <= 1)) {
            throw new IllegalArgumentException("IPv6 share must be within 0..1, was " + ipv6Share);
        }
        if (leadInMillis < 0 || spacingMillis < 0) {
            throw new IllegalArgumentException("lead-in and spacing must be 0 or more");
        }
    }

    /** The scenarios, starting at {@code startMillis}, 10 background flows per attack flow, 30-minute active timeout, IPv4 only. */
    public static ScenarioSpec of(List<ScenarioKind> scenarios, long startMillis) {
        return new ScenarioSpec(scenarios, startMillis, 0, DEFAULT_BACKGROUND_RATIO, DEFAULT_ACTIVE_TIMEOUT_MILLIS, 0,
                LEAD_IN_MILLIS, SPACING_MILLIS);
    }

    /** Parses a comma-separated list of scenario names, as {@code --scenario} takes them. */
    public static List<ScenarioKind> parseNames(String names) {
        Objects.requireNonNull(names, "names");
        List<ScenarioKind> out = new java.util.ArrayList<>();
        for (String n : names.split(",")) {
            if (!n.isBlank()) {
                out.add(ScenarioKind.parse(n));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no scenario named: use one or more of " + ScenarioKind.names());
        }
        return out;
    }

    public ScenarioSpec withTotalFlows(long n) {
        return new ScenarioSpec(scenarios, startMillis, n, backgroundRatio, activeTimeoutMillis, ipv6Share, leadInMillis,
                spacingMillis);
    }

    public ScenarioSpec withBackgroundRatio(double r) {
        return new ScenarioSpec(scenarios, startMillis, 0, r, activeTimeoutMillis, ipv6Share, leadInMillis,
                spacingMillis);
    }

    public ScenarioSpec withActiveTimeout(long millis) {
        return new ScenarioSpec(scenarios, startMillis, totalFlows, backgroundRatio, millis, ipv6Share, leadInMillis,
                spacingMillis);
    }

    public ScenarioSpec withIpv6Share(double share) {
        return new ScenarioSpec(scenarios, startMillis, totalFlows, backgroundRatio, activeTimeoutMillis, share, leadInMillis,
                spacingMillis);
    }

    /** Another schedule, e.g. a quick one for a demo: scenarios from {@code leadIn} on, {@code spacing} apart. */
    public ScenarioSpec withSchedule(long leadIn, long spacing) {
        return new ScenarioSpec(scenarios, startMillis, totalFlows, backgroundRatio, activeTimeoutMillis, ipv6Share, leadIn,
                spacing);
    }

    /** When scenario number {@code i} (counting from 0) starts. */
    public long scenarioStart(int i) {
        return startMillis + leadInMillis + i * spacingMillis;
    }
}
