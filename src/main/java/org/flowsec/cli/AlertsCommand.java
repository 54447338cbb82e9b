package org.flowsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertLog;
import org.flowsec.detect.DetectConfig;
import org.flowsec.render.AlertPrinter;
import org.flowsec.render.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec alerts}: lists the alerts kept in a store (latest version of each). */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"List the alerts kept in a store by 'collect --detect' and 'detect', newest version of each.",
            "An alert is listed when its flows' time span overlaps --from/--to."})
public final class AlertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Option(names = "--from", paramLabel = "T", converter = Options.Time.class,
            description = "Alerts whose flows end at or after T (ISO-8601, 2026/11/26.10:00:00 UTC, or now-2h, today, yesterday).")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = Options.Time.class,
            description = "Alerts whose flows start before T.")
    Long to;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one alert per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--detector", paramLabel = "NAME",
            description = "Only this detector's alerts: scan, flood, signature, p2p, bruteforce, bigtalker, newservice.")
    String detector;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        long[] window = StoreAccess.window(from, to);
        if (detector != null && !new DetectConfig().detectorSections().containsKey(detector)) {
            throw new UsageException("unknown --detector '" + detector + "': use one of "
                    + String.join(", ", new DetectConfig().detectorSections().keySet()));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AlertLog.Result r = AlertLog.in(store).read(window[0], window[1],
                a -> detector == null || detector.equals(a.detector()));
        AlertPrinter printer = AlertPrinter.create(format, out);
        for (Alert a : r.alerts()) {
            printer.print(a);
        }
        printer.finish();
        if (!quiet) {
            err.println(String.format(Locale.ROOT, "Summary: alerts %d%s", r.alerts().size(),
                    r.corruptLines() > 0 ? ", " + r.corruptLines() + " corrupt lines skipped" : ""));
        }
        return ExitCode.OK;
    }
}
