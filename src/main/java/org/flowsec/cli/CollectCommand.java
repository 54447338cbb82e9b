package org.flowsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.flowsec.app.CollectorService;
import org.flowsec.app.DetectionService;
import org.flowsec.app.Detectors;
import org.flowsec.base.Clock;
import org.flowsec.base.Quantities;
import org.flowsec.collect.CollectorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec collect}: receive NetFlow/IPFIX over UDP into a flow store until SIGTERM/SIGINT. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Receive NetFlow v1/v5/v7/v9 and IPFIX over UDP from many exporters into a flow store.",
            "Runs until SIGTERM or SIGINT, then flushes and seals everything received."})
public final class CollectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
            description = "UDP address to listen on, e.g. 0.0.0.0:2055 or [::]:4739; repeatable. Default: 0.0.0.0:2055.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory (created if missing).")
    Path store;

    @Option(names = "--rcvbuf", paramLabel = "SIZE", converter = Options.Size.class,
            description = "Socket receive buffer to ask for (default 16M); the kernel may cap it at net.core.rmem_max.")
    Long rcvbuf;

    @Option(names = "--receive-queue", defaultValue = "256M", paramLabel = "SIZE", converter = Options.Size.class,
            description = "Memory for datagrams received but not yet decoded; absorbs bursts and store stalls "
                    + "(direct memory, fixed at start). Default: ${DEFAULT-VALUE}.")
    long receiveQueue;

    @Option(names = "--receive-nice", defaultValue = "-10", paramLabel = "N",
            description = "Nice value (-20..0) the receive threads ask for, so they get the CPU before anything else "
                    + "and the kernel drops fewer datagrams under load; needs root or CAP_SYS_NICE (logged when "
                    + "refused). 0: do not ask. Default: ${DEFAULT-VALUE}.")
    int receiveNice;

    @Option(names = "--forward", paramLabel = "HOST:PORT",
            description = "Re-send every accepted datagram unchanged to HOST:PORT (as nfcapd -R); repeatable.")
    List<String> forward = new ArrayList<>();

    @Option(names = "--progress", description = "Print the counters on stderr every second.")
    boolean progress;

    @Option(names = "--detect", description = "Run the detectors on every flow as it is stored; alerts go to the "
            + "store's alert log ('flowsec alerts') and the config's alerts: sinks (docs/detectors.md).")
    boolean detect;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Detection config for --detect (flowsec.example.yaml shows every key). Default: built-in defaults.")
    Path config;

    @Mixin
    CollectOptions options = new CollectOptions();

    @Override
    public Integer call() throws Exception {
        CollectorConfig config = CollectorConfig.defaults()
                .withListen(listen.isEmpty() ? List.of("0.0.0.0:" + CollectorConfig.DEFAULT_PORT) : listen)
                .withForward(forward);
        // The JVM caps direct memory at the maximum heap unless -XX:MaxDirectMemorySize says otherwise.
        if (receiveQueue > Runtime.getRuntime().maxMemory() && !directMemoryConfigured()) {
            throw new UsageException("--receive-queue " + receiveQueue + " exceeds the JVM's direct memory limit ("
                    + Runtime.getRuntime().maxMemory() + "); give a smaller --receive-queue or raise -Xmx or "
                    + "-XX:MaxDirectMemorySize in FLOWSEC_JAVA_OPTS");
        }
        int batches = (int) Math.max(4, Math.min(65536, receiveQueue / config.datagramBatchBytes()));
        config = config.withQueues(batches, config.sinkQueueBatches(), config.batchRows());
        if (receiveNice < -20 || receiveNice > 0) {
            throw new UsageException("--receive-nice must be in -20..0, got " + receiveNice);
        }
        config = config.withReceiveNice(receiveNice);
        if (rcvbuf != null) {
            config = config.withRcvbuf(Options.intSize(rcvbuf, "--rcvbuf"));
        }
        if (this.config != null && !detect) {
            throw new UsageException("--config is the detection config: give --detect with it");
        }
        PrintWriter err = spec.commandLine().getErr();
        DetectionService detection = detect ? new DetectionService(new DetectionService.Settings(
                DetectCommand.loadConfig(this.config), store, true, List.of(), spec.commandLine().getOut()),
                Detectors::create, Clock.SYSTEM) : null;
        CollectorService service = new CollectorService(options.settings(store, config), Clock.SYSTEM, detection);
        try {
            service.start();
        } catch (IllegalArgumentException e) { // a sink the config names cannot be built (unknown syslog host)
            throw new UsageException(e.getMessage());
        }
        err.println("flowsec: collecting on " + service.localAddresses() + " into " + store
                + (detect ? " with detection" : ""));
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            if (detect) {
                err.println(detectionSummary(service.detectionCounters()));
                err.flush();
            }
            stopped.countDown();
        }, "collect-shutdown"));
        long lastFlows = 0;
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (progress) {
                var t = service.stats().totals();
                String line = LiveCounters.line(t, t.flows() - lastFlows);
                if (detect) {
                    var c = service.detectionCounters();
                    line += "  detected " + c.getOrDefault("flows", 0L) + "  skipped while behind "
                            + c.getOrDefault("live.dropped_flows", 0L);
                }
                err.println(line);
                err.flush();
                lastFlows = t.flows();
            }
        }
        return ExitCode.OK;
    }

    /** The last line of a collector with --detect: what detection saw, raised and dropped. */
    static String detectionSummary(java.util.Map<String, Long> c) {
        return "detection: flows " + c.getOrDefault("flows", 0L) + ", skipped while behind "
                + c.getOrDefault("live.dropped_flows", 0L) + ", cheap detectors only "
                + c.getOrDefault("shed_flows", 0L) + ", late " + c.getOrDefault("late_flows", 0L) + ", alerts "
                + c.getOrDefault("alerts.alerts", 0L) + " (" + c.getOrDefault("alerts.updates_delivered", 0L)
                + " updates), sink failures " + c.getOrDefault("alerts.sink_failures", 0L);
    }

    private static boolean directMemoryConfigured() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:MaxDirectMemorySize"));
    }

    /** One line of live counters. */
    static final class LiveCounters {
        private LiveCounters() {}

        static String line(org.flowsec.collect.CollectorStats.Totals t, long flowsLastSecond) {
            return "datagrams " + t.datagrams() + "  flows " + t.flows() + " (" + Quantities.human(flowsLastSecond)
                    + "/s)  exporters " + t.exporters() + "  seq gaps " + t.sequenceGaps() + "  lost flows "
                    + t.estimatedLostFlows() + "  decode errors " + t.decodeErrors() + "  rejected "
                    + t.rejectedDatagrams() + "  queue drops " + t.queueDrops() + "  kernel drops " + t.kernelDrops();
        }
    }
}
