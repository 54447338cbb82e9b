package org.flowsec.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowsec.base.Quantities;
import org.flowsec.base.TimeParser;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.generate.FlowSender;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.ProgressListener;
import org.flowsec.generate.SendResult;
import org.flowsec.generate.scenario.Label;
import org.flowsec.generate.scenario.ScenarioRun;
import org.flowsec.generate.scenario.ScenarioSender;
import org.flowsec.generate.scenario.ScenarioSpec;
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

    @Option(names = "--scenario", paramLabel = "NAME[,NAME...]",
            description = "Inject attack scenarios into the background traffic, in export order with long flows split by "
                    + "--active-timeout; --flows is then the total. Names: vertical-scan, horizontal-scan, slow-scan, "
                    + "syn-flood, udp-amplification, backdoor, codered, p2p, bruteforce, bigtalker (docs/scenarios.md).")
    String scenario;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "With --scenario: write the ground truth there, one JSON line per scenario instance.")
    Path labels;

    @Option(names = "--active-timeout", defaultValue = "30m", paramLabel = "DURATION",
            description = "With --scenario: the exporter's active timeout; longer flows become several records. "
                    + "Default: ${DEFAULT-VALUE}.")
    String activeTimeout;

    @Option(names = "--start", paramLabel = "TIME",
            description = "With --scenario: when flow time begins (ISO-8601, nfdump's yyyy/MM/dd.hh:mm:ss or epoch "
                    + "seconds, UTC). Default: now.")
    String start;

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
        if (scenario == null && (labels != null || start != null)) {
            throw new UsageException("--labels and --start need --scenario");
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = quiet ? report -> { } : report -> {
            err.printf(Locale.ROOT, "\rsent %,d flows in %,d datagrams, %.0f flows/s   ",
                    report.flows(), report.datagrams(), report.flowsPerSecond());
            err.flush();
        };
        ScenarioRun run = scenario == null ? null : scenarioRun(config);
        if (labels != null) {
            Label.writeLines(labels, run.labels()); // fixed when the run starts: written before anything is sent
        }
        FlowSender sender = new FlowSender();
        ScenarioSender scenarioSender = new ScenarioSender();
        Thread hook = new Thread(run == null ? sender::cancel : scenarioSender::cancel, "generate-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        SendResult r;
        try {
            r = run == null ? sender.run(config, progress) : scenarioSender.run(config, run, progress);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running: nothing to remove
            }
        }
        if (!quiet) {
            if (run != null) {
                err.printf(Locale.ROOT, "\rScenarios: %d attack flows in %d labelled instances among %d flows%s%n",
                        run.attackFlows(), run.labels().size(), run.totalFlows(), labels == null ? "" : ", labels in " + labels);
            }
            err.printf(Locale.ROOT, "\rSummary: sent %d flows in %d datagrams (%d bytes) to %s as %s in %.3f s, %.0f flows/s, %d send errors%s%n",
                    r.flows(), r.datagrams(), r.bytes(), target, version == 10 ? "IPFIX" : "NetFlow v" + version,
                    r.elapsedNanos() / 1e9, r.flowsPerSecond(), r.sendErrors(), r.cancelled() ? " (cancelled)" : "");
        }
        return r.sendErrors() > 0 && r.flows() == 0 ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** The scenario run of --scenario: flow time starts at --start (now), --flows is the total, v5 carries no IPv6. */
    private ScenarioRun scenarioRun(GeneratorConfig config) {
        try {
            long timeout = Quantities.duration(activeTimeout).toMillis();
            long from = start == null ? System.currentTimeMillis() : TimeParser.parseMillis(start);
            ScenarioSpec s = ScenarioSpec.of(ScenarioSpec.parseNames(scenario), from)
                    .withTotalFlows(flows).withActiveTimeout(timeout).withIpv6Share(config.ipv6Share());
            return ScenarioRun.start(s, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
