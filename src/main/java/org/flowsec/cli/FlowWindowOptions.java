package org.flowsec.cli;

import picocli.CommandLine.Option;

/** {@code --from}/{@code --to} of the commands that read stored flows, as a picocli mixin. */
final class FlowWindowOptions {
    @Option(names = "--from", paramLabel = "T", converter = Options.Time.class,
            description = "Flows that end at or after T (ISO-8601, 2026/11/26.10:00:00 UTC, or now-2h, today, yesterday).")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = Options.Time.class, description = "Flows that start before T.")
    Long to;

    /** [from, to) in UTC ms, open ends as Long.MIN_VALUE / MAX_VALUE; a usage error when from is not before to. */
    long[] window() { return StoreAccess.window(from, to); }
}
