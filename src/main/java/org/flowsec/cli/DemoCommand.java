package org.flowsec.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flowsec.app.CollectorService;
import org.flowsec.app.DetectionService;
import org.flowsec.app.Detectors;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.generate.FlowSender;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.ProgressListener;
import org.flowsec.generate.SendResult;
import org.flowsec.generate.scenario.ScenarioRun;
import org.flowsec.generate.scenario.ScenarioSender;
import org.flowsec.generate.scenario.ScenarioSpec;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertSink;
import org.flowsec.detect.DetectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowsec demo}: the whole path in one command. A collector with detection on loopback receives NetFlow
 * v5, v9 and IPFIX from three generated exporters at once, and from a fourth exporter a few attack scenarios
 * (scans, a SYN flood, a backdoor, Code Red, brute force, P2P) mixed into background traffic. It prints live
 * counters and each alert as it fires, seals the store, then shows the per-exporter accounting, a few stored
 * flows and the alerts kept in the store, and says how to explore the store further.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Collect generated NetFlow v5, v9 and IPFIX traffic with attack scenarios on loopback into a store, "
                + "detect the attacks and show the results.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", description = "Store directory (default: a new temporary directory).")
    Path store;

    @Option(names = "--flows", defaultValue = "100000", paramLabel = "N", description = "Flows per exporter. Default: ${DEFAULT-VALUE}.")
    long flows;

    @Option(names = "--rate", defaultValue = "25000", paramLabel = "R",
            description = "Flows per second per exporter (0: as fast as possible). Default: ${DEFAULT-VALUE}.")
    long rate;

    /** The attacks the demo's fourth exporter sends, in this order, 5 s of flow time apart. */
    static final String SCENARIOS = "vertical-scan,horizontal-scan,syn-flood,backdoor,codered,bruteforce,p2p";

    @Override
    public Integer call() throws Exception {
        if (flows <= 0 || rate < 0) {
            throw new UsageException("--flows must be at least 1 and --rate 0 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = store != null ? store : Files.createTempDirectory("flowsec-demo-");
        CollectorConfig config = CollectorConfig.defaults().withListen(List.of("127.0.0.1:0"));
        CollectOptions options = new CollectOptions();
        new CommandLine(options).parseArgs(); // picocli fills the defaults
        AlertLine alerts = new AlertLine(out);
        DetectionService detection = new DetectionService(new DetectionService.Settings(new DetectConfig(), dir, false,
                List.of(alerts), out), Detectors::create, Clock.SYSTEM);
        CollectorService service = new CollectorService(options.settings(dir, config), Clock.SYSTEM, detection);
        service.start();
        InetSocketAddress target = service.localAddresses().get(0);
        out.printf("flowsec demo: collector with detection on %s, store %s%n", target, dir);
        out.printf("sending %,d flows from each of 3 exporters (NetFlow v5, v9, IPFIX) at %s flows/s each,%n",
                flows, rate == 0 ? "full speed" : String.format("%,d", rate));
        // The attacks happened in the last half hour (flow time), so their flows are history when they arrive,
        // as when a router exports a backlog; detection works on the flows' own times.
        ScenarioRun attacks = ScenarioRun.start(ScenarioSpec.of(ScenarioSpec.parseNames(SCENARIOS),
                System.currentTimeMillis() - 40 * 60_000L).withSchedule(10_000, 5_000).withBackgroundRatio(1), 7);
        out.printf("and %,d flows with attacks (%s) from a fourth exporter (IPFIX)...%n", attacks.totalFlows(),
                SCENARIOS.replace(",", ", "));
        out.flush();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<SendResult>> results = new ArrayList<>();
        int[] versions = {5, 9, 10};
        for (int i = 0; i < versions.length; i++) {
            GeneratorConfig g = GeneratorConfig.of(target, versions[i], flows).withRate(rate).withSeed(i + 1).withDomain(i + 1);
            results.add(senders.submit(() -> new FlowSender().run(g, ProgressListener.NONE)));
        }
        GeneratorConfig a = GeneratorConfig.of(target, 10, attacks.totalFlows()).withRate(rate).withSeed(7).withDomain(4);
        results.add(senders.submit(() -> new ScenarioSender().run(a, attacks, ProgressListener.NONE)));
        senders.shutdown();
        long lastFlows = 0;
        boolean sent = false;
        while (!sent) {
            sent = senders.awaitTermination(1, TimeUnit.SECONDS);
            var t = service.stats().totals();
            out.println("  " + CollectCommand.LiveCounters.line(t, t.flows() - lastFlows));
            out.flush();
            lastFlows = t.flows();
        }
        for (Future<SendResult> f : results) {
            f.get();
        }
        service.close(); // drains the queues, seals the store and finishes detection
        var t = service.stats().totals();
        out.println("  " + CollectCommand.LiveCounters.line(t, t.flows() - lastFlows) + "  (collector stopped)");
        out.println("  " + CollectCommand.detectionSummary(service.detectionCounters()));
        out.println();
        out.println("per exporter (flowsec exporters --store " + dir + "):");
        out.flush();
        Main.run(out, spec.commandLine().getErr(), "exporters", "--store", dir.toString());
        out.println();
        out.println("the first 10 stored flows (flowsec query --store " + dir + " --limit 10):");
        out.flush();
        Main.run(out, spec.commandLine().getErr(), "query", "--store", dir.toString(), "--limit", "10");
        out.println();
        out.println("the alerts kept in the store (flowsec alerts --store " + dir + "):");
        out.flush();
        Main.run(out, spec.commandLine().getErr(), "alerts", "--store", dir.toString());
        out.println();
        out.println("try next:");
        out.println("  ./flowsec alerts --store " + dir + " --detector scan --format json");
        if (alerts.first != null) {
            out.println("  ./flowsec query  --store " + dir + " --limit 20 '" + alerts.first.evidence()
                    + "'   # the flows behind the first alert");
        }
        out.println("  ./flowsec query  --store " + dir + " 'proto tcp and dst port 443' --limit 5 --format csv");
        out.println("  ./flowsec info   --store " + dir);
        out.println("  ./flowsec stat   --store " + dir + " --by src_addr --order bytes --top 10");
        out.println("  ./flowsec stat   --store " + dir + " --by srcip4/24,dst_port --top 10");
        out.println("  ./flowsec series --store " + dir + " --bin 10s");
        out.println("  ./flowsec collect --listen 0.0.0.0:2055 --store /var/lib/flowsec --retain 90d");
        out.flush();
        return ExitCode.OK;
    }

    /**
     * Prints each new alert as one line when it fires, once per detector and host pair; updates and the rest
     * are kept in the store ({@code flowsec alerts}).
     */
    private static final class AlertLine implements AlertSink {
        private final PrintWriter out;
        volatile Alert first;
        /** One line per detector and host pair: a scanner probing ten ports is one line here, ten alerts in the store. */
        private final java.util.Set<String> shown = new java.util.HashSet<>();

        AlertLine(PrintWriter out) { this.out = out; }

        @Override
        public synchronized void accept(Alert alert, boolean update) {
            if (first == null) {
                first = alert;
            }
            if (!update && shown.add(alert.detector() + " " + alert.srcAddr() + " " + alert.dstAddr())) {
                out.println("  ALERT " + alert.severity().text() + " [" + alert.detector() + "] " + alert.summary());
                out.flush();
            }
        }
    }
}
