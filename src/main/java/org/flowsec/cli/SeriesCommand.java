package org.flowsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowsec.query.GroupKey;
import org.flowsec.query.SeriesEngine;
import org.flowsec.query.SeriesQuery;
import org.flowsec.query.SeriesResult;
import org.flowsec.query.SeriesRow;
import org.flowsec.query.filter.Filter;
import org.flowsec.render.OutputFormat;
import org.flowsec.store.ScanStats;
import org.flowsec.store.StoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowsec series}: flows, packets and bytes per time bin (SiLK rwcount), optionally per key. */
@Command(name = "series", mixinStandardHelpOptions = true,
        description = {"Count stored flows, packets and bytes per time bin (docs/queries.md).",
            "A flow counts in the bin of its start; --spread spreads its packets and bytes over its duration."})
public final class SeriesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Option(names = "--bin", required = true, paramLabel = "SPAN", converter = Options.Span.class,
            description = "Bin size: 250ms, 30s, 1m, 1h, 1d...")
    Duration bin;

    @Option(names = "--by", paramLabel = "KEY[,KEY...]",
            description = "One series per key value (keys as for stat, at most 3 words).")
    String by;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N",
            description = "With --by, the series of the N keys with most bytes. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--spread", description = "Spread packets and bytes evenly over each flow's duration (rwcount --load-scheme).")
    boolean spread;

    @Option(names = "--from", paramLabel = "T", converter = Options.Time.class,
            description = "First bin starts at T (default: the earliest matching flow's start, bin aligned).")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = Options.Time.class, description = "Last bin ends at T.")
    Long to;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    @Mixin
    FilterOptions filterOptions = new FilterOptions();

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        if ((from == null) != (to == null)) {
            throw new UsageException("give both --from and --to, or neither (then the flows' own span is binned)");
        }
        long[] requested = StoreAccess.window(from, to);
        long fromMs = requested[0];
        long toMs = requested[1];
        Filter filter = filterOptions.filter();
        SeriesQuery q;
        try {
            q = new SeriesQuery(fromMs, toMs, filter, bin.toMillis(), spread, by == null ? null : GroupKey.parse(by), top);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long[] window = FilterOptions.window(filter, fromMs, toMs);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        StoreReader reader = StoreAccess.open(store, err);
        ScanStats[] scan = new ScanStats[1];
        SeriesResult result;
        try {
            result = SeriesEngine.run(q, visitor -> scan[0] = reader.scan(window[0], window[1],
                    FilterOptions.hints(filter, q.fields()), visitor));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        print(result, out);
        if (!quiet) {
            long[] totals = {result.totals().flows(), result.totals().packets(), result.totals().bytes()};
            err.println(StoreAccess.summary(totals, scan[0], System.nanoTime() - started));
        }
        return ExitCode.OK;
    }

    private void print(SeriesResult r, PrintWriter out) {
        GroupKey key = r.query().key();
        List<String> header = new ArrayList<>(List.of("time"));
        if (key != null) {
            header.addAll(key.columns());
        }
        header.addAll(List.of("flows", "packets", "bytes"));
        List<Object[]> rows = new ArrayList<>();
        for (SeriesRow row : r.rows()) {
            List<Object> cells = new ArrayList<>(List.of(StatCommand.iso(row.binStart())));
            if (key != null) {
                cells.addAll(StatCommand.keyCells(key.text(row.key())));
            }
            cells.addAll(List.of(row.flows(), row.packets(), row.bytes()));
            rows.add(cells.toArray());
        }
        StatCommand.printRows(format, header, rows, out);
    }
}
