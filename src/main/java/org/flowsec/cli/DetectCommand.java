package org.flowsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowsec.app.DetectConfigLoader;
import org.flowsec.app.DetectionService;
import org.flowsec.app.Detectors;
import org.flowsec.base.Clock;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertSink;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.bigtalker.TopTalkersReport;
import org.flowsec.render.AlertPrinter;
import org.flowsec.render.TopTalkersPrinter;
import org.flowsec.render.OutputFormat;
import org.flowsec.store.ScanStats;
import org.flowsec.store.StoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec detect}: the live detectors run over archived flows; alerts go to the store's alert log and stdout. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run the detectors over stored flows, as 'collect --detect' would have live.",
            "Alerts are appended to the store's alert log (see 'flowsec alerts') and printed; docs/detectors.md."})
public final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Mixin
    FlowWindowOptions time;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Detection config (flowsec.example.yaml shows every key). Default: built-in defaults.")
    Path config;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one alert per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--send", description = "Also deliver alerts to the config's alerts: sinks (file, syslog, webhook).")
    boolean send;

    @Option(names = "--top-talkers", description = "Print the big-talker detector's top hosts per network and "
            + "interval (FlowScan's TopN) instead of the alerts; alerts are still kept in the store.")
    boolean topTalkers;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        long[] window = time.window();
        DetectConfig c = loadConfig(config);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LatestAlerts latest = new LatestAlerts();
        List<TopTalkersReport> reports = new ArrayList<>();
        DetectionService service = new DetectionService(new DetectionService.Settings(c, store, send, List.of(latest), out),
                (cfg, home, emitter) -> Detectors.create(cfg, home, emitter, reports::add), Clock.SYSTEM);
        long started = System.nanoTime();
        StoreReader reader = StoreAccess.open(store, err);
        ScanStats scan;
        try {
            scan = service.scan(reader, window[0], window[1]);
        } catch (IllegalArgumentException e) { // a sink the config names cannot be built (unknown syslog host)
            throw new UsageException(e.getMessage());
        } finally {
            service.close();
        }
        if (topTalkers) {
            TopTalkersPrinter.print(reports, format, out);
        } else {
            AlertPrinter printer = AlertPrinter.create(format, out);
            for (Alert a : latest.alerts()) {
                printer.print(a);
            }
            printer.finish();
        }
        if (!quiet) {
            err.println(summary(service.counters(), latest, scan, System.nanoTime() - started));
        }
        return ExitCode.OK;
    }

    /** The config file, or the defaults; an unusable file is a usage error (one line, exit 2). */
    static DetectConfig loadConfig(Path config) {
        if (config == null) {
            return new DetectConfig();
        }
        try {
            return DetectConfigLoader.load(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String summary(Map<String, Long> c, LatestAlerts latest, ScanStats scan, long nanos) {
        return String.format(Locale.ROOT,
                "Summary: flows %d, late flows %d, alerts %d (%d updates), detector errors %d, sink failures %d; "
                        + "scanned %d records, %d corrupt files; %.3f s",
                c.getOrDefault("flows", 0L), c.getOrDefault("late_flows", 0L), latest.alerts().size(),
                c.getOrDefault("alerts.updates_delivered", 0L),
                c.entrySet().stream().filter(e -> e.getKey().endsWith(".errors")).mapToLong(Map.Entry::getValue).sum(),
                c.getOrDefault("alerts.sink_failures", 0L), scan.recordsScanned(), scan.corruptFiles(), nanos / 1e9)
                + (latest.overflow() > 0 ? "; " + latest.overflow() + " alerts not printed (see flowsec alerts)" : "");
    }

    /**
     * Keeps the newest version of each alert the run raised, to print them once at the end; at most {@link #MAX}
     * alerts, the rest are counted (they are in the store's alert log all the same).
     */
    static final class LatestAlerts implements AlertSink {
        static final int MAX = 100_000;

        private final Map<String, Alert> byId = new LinkedHashMap<>();
        private long overflow;

        @Override
        public void accept(Alert alert, boolean update) {
            if (byId.containsKey(alert.id()) || byId.size() < MAX) {
                byId.put(alert.id(), alert);
            } else {
                overflow++;
            }
        }

        List<Alert> alerts() {
            List<Alert> out = new ArrayList<>(byId.values());
            out.sort(Comparator.comparingLong(Alert::first).thenComparing(Alert::id));
            return out;
        }

        long overflow() { return overflow; }
    }
}
