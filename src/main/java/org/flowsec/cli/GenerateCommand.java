package org.flowsec.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.generate.FlowSender;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.SendResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec generate}: sends realistic NetFlow v5/v9 or IPFIX exports, for demos, tests and benchmarks. */
// No mixinStandardHelpOptions: its --version would clash with the export version option.
@Command(name = "generate",
        description = "Send realistic flow exports (a busy border router's traffic mix) over UDP.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--target", defaultValue = "127.0.0.1:2055", paramLabel = "HOST:PORT",
            description = "Where to send. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--version", defaultValue = "5", paramLabel = "V", description = "5, 9 or 10 (IPFIX). Default: ${DEFAULT-VALUE}.")
    int version;

    @Option(names = "--flows", required = true, paramLabel = "N", description = "How many flows to send.")
    long flows;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "R",
            description = "Flows per second; 0 sends as fast as possible. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the traffic model. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--domain", defaultValue = "0", paramLabel = "ID",
            description = "Observation domain / source id (v9, IPFIX) or engine type<<8|id (v5).")
    long domain;

    @Option(names = "--ipv6-share", paramLabel = "F",
            description = "Share of IPv6 flows for v9/IPFIX, 0..1 (v5 carries IPv4 only). Default: 0.1.")
    Double ipv6Share;

    @Option(names = "--ring", paramLabel = "DATAGRAMS",
            description = "Distinct datagrams encoded ahead of sending (up to 65536); longer runs replay them as new "
                    + "connections. Default: 4096.")
    Integer ring;

    @Option(names = "--burst", description = "Send without pacing even if --rate is given (the model's clock still uses the rate).")
    boolean burst;

    @Option(names = "--quiet", description = "No progress or summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (version != 5 && version != 9 && version != 10) {
            throw new UsageException("--version must be 5, 9 or 10 (IPFIX), got " + version);
        }
        if (flows <= 0) {
            throw new UsageException("--flows must be at least 1");
        }
        if (rate < 0) {
            throw new UsageException("--rate must be 0 (unpaced) or more");
        }
        InetSocketAddress to;
        try {
            to = CollectorConfig.parseHostPort(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --target '" + target + "': " + e.getMessage());
        }
        GeneratorConfig config = GeneratorConfig.of(to, version, flows).withRate(rate).withSeed(seed).withDomain(domain);
        try {
            if (ipv6Share != null) {
                config = config.withIpv6Share(ipv6Share);
            }
            if (ring != null) {
                config = config.withRingDatagrams(ring);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (burst) {
            config = config.withMode(GeneratorConfig.Mode.BURST);
        }
        PrintWriter err = spec.commandLine().getErr();
        FlowSender sender = new FlowSender();
        Thread hook = new Thread(sender::cancel, "generate-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        SendResult r;
        try {
            r = sender.run(config, quiet ? report -> { } : report -> {
                err.printf(Locale.ROOT, "\rsent %,d flows in %,d datagrams, %.0f flows/s   ",
                        report.flows(), report.datagrams(), report.flowsPerSecond());
                err.flush();
            });
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running: nothing to remove
            }
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "\rSummary: sent %d flows in %d datagrams (%d bytes) to %s as %s in %.3f s, %.0f flows/s, %d send errors%s%n",
                    r.flows(), r.datagrams(), r.bytes(), target, version == 10 ? "IPFIX" : "NetFlow v" + version,
                    r.elapsedNanos() / 1e9, r.flowsPerSecond(), r.sendErrors(), r.cancelled() ? " (cancelled)" : "");
        }
        return r.sendErrors() > 0 && r.flows() == 0 ? ExitCode.FAILURE : ExitCode.OK;
    }
}
