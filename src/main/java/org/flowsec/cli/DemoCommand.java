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
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.generate.FlowSender;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.ProgressListener;
import org.flowsec.generate.SendResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowsec demo}: the whole path in one command. A collector on loopback receives NetFlow v5, v9 and
 * IPFIX from three generated exporters at once, prints live counters, seals the store, then shows the
 * per-exporter accounting and a few stored flows, and says how to explore the store further.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Collect generated NetFlow v5, v9 and IPFIX traffic on loopback into a store and show the results.")
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
        CollectorService service = new CollectorService(options.settings(dir, config), Clock.SYSTEM);
        service.start();
        InetSocketAddress target = service.localAddresses().get(0);
        out.printf("flowsec demo: collector on %s, store %s%n", target, dir);
        out.printf("sending %,d flows from each of 3 exporters (NetFlow v5, v9, IPFIX) at %s flows/s each...%n",
                flows, rate == 0 ? "full speed" : String.format("%,d", rate));
        out.flush();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        List<Future<SendResult>> results = new ArrayList<>();
        int[] versions = {5, 9, 10};
        for (int i = 0; i < versions.length; i++) {
            GeneratorConfig g = GeneratorConfig.of(target, versions[i], flows).withRate(rate).withSeed(i + 1).withDomain(i + 1);
            results.add(senders.submit(() -> new FlowSender().run(g, ProgressListener.NONE)));
        }
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
        service.close(); // drains the queues and seals the store: every flow received is stored now
        var t = service.stats().totals();
        out.println("  " + CollectCommand.LiveCounters.line(t, t.flows() - lastFlows) + "  (collector stopped)");
        out.println();
        out.println("per exporter (flowsec exporters --store " + dir + "):");
        out.flush();
        Main.commandLine(out, spec.commandLine().getErr()).execute("exporters", "--store", dir.toString());
        out.println();
        out.println("the first 10 stored flows (flowsec query --store " + dir + " --limit 10):");
        out.flush();
        Main.commandLine(out, spec.commandLine().getErr()).execute("query", "--store", dir.toString(), "--limit", "10");
        out.println();
        out.println("try next:");
        out.println("  ./flowsec query  --store " + dir + " 'proto tcp and dst port 443' --limit 5 --format csv");
        out.println("  ./flowsec stat   --store " + dir + " --by src_addr --order bytes --top 10");
        out.println("  ./flowsec stat   --store " + dir + " --by srcip4/24,dst_port --top 10");
        out.println("  ./flowsec series --store " + dir + " --bin 10s");
        out.println("  ./flowsec collect --listen 0.0.0.0:2055 --store /var/lib/flowsec --retain 90d");
        out.flush();
        return ExitCode.OK;
    }
}
