package org.flowsec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowsec.flow.Field;
import org.flowsec.query.GroupKey;
import org.flowsec.query.Order;
import org.flowsec.query.StatEngine;
import org.flowsec.query.StatQuery;
import org.flowsec.query.StatResult;
import org.flowsec.query.StatRow;
import org.flowsec.query.filter.Filter;
import org.flowsec.render.OutputFormat;
import org.flowsec.render.TextTable;
import org.flowsec.store.ScanStats;
import org.flowsec.store.StoreReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowsec stat}: top-N statistics and aggregation of stored flows (nfdump -s / -A, SiLK rwstats, rwuniq). */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Aggregate stored flows by keys and list the top (or bottom) N (docs/queries.md).",
            "Keys: catalog fields, ip/port/as/if/mask (either side), pair, prefixes srcip4/24, dstip6/48..."})
public final class StatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Option(names = "--by", required = true, paramLabel = "KEY[,KEY...]",
            description = {"Keys to group by, e.g. src_addr, ip, pair, srcip4/24,dst_port (up to 4 words; an address is 2).",
                "Given again (--by src_addr --by dst_port), one table per --by from one scan, as nfdump -s -s."})
    List<String> by;

    @Option(names = "--order", defaultValue = "flows", paramLabel = "VALUE",
            description = "Rank by flows, packets, bytes, pps, bps or bpp. Default: ${DEFAULT-VALUE}.")
    String order;

    @ArgGroup(exclusive = true)
    Count count = new Count();

    static final class Count {
        @Option(names = "--top", paramLabel = "N", description = "List the N highest keys (default 10).")
        Integer top;

        @Option(names = "--bottom", paramLabel = "N", description = "List the N lowest keys.")
        Integer bottom;
    }

    @Option(names = "--threshold", paramLabel = "V",
            description = "Only keys whose order value is at least V (at most V with --bottom), as rwstats --threshold.")
    Double threshold;

    @Option(names = "--distinct", paramLabel = "FIELD[,FIELD]", split = ",",
            description = "Count the distinct values of these fields per key (rwuniq --distinct; approximate past a few hundred).")
    List<String> distinct = new ArrayList<>();

    @Option(names = "--bidirectional", description = "Count both directions of a 5-tuple as one key (nfdump -B).")
    boolean bidirectional;

    @Mixin
    FlowWindowOptions time;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = Options.Size.class,
            description = "Most heap the key table may take before results become approximate (default: 3/4 of the free heap).")
    Long maxMemory;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that read and filter the store (default: one per core).")
    Integer threads;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    @Mixin
    FilterOptions filterOptions = new FilterOptions();

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        long[] requested = time.window();
        long fromMs = requested[0];
        long toMs = requested[1];
        Filter filter = filterOptions.filter();
        long memory = maxMemory != null ? maxMemory : defaultMemoryLimit();
        List<StatQuery> queries = new ArrayList<>();
        java.util.Set<Field> fields = java.util.EnumSet.noneOf(Field.class);
        java.util.Set<Field> coded = java.util.EnumSet.noneOf(Field.class);
        for (String key : by) {
            StatQuery q = query(key, filter, fromMs, toMs, memory / by.size()); // the tables share the memory
            queries.add(q);
            fields.addAll(q.fields());
            coded.addAll(q.codedFields());
        }
        long[] window = FilterOptions.window(filter, fromMs, toMs);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        StoreReader reader = StoreAccess.open(store, err);
        ScanStats[] scan = new ScanStats[1];
        List<StatResult> results;
        try {
            var source = StoreAccess.source(reader, window[0], window[1],
                    FilterOptions.hints(filter, fields).withCodes(coded), threads, scan);
            results = queries.size() == 1 ? List.of(StatEngine.run(queries.get(0), source))
                    : StatEngine.runAll(queries, source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // a --max-memory too small for even an empty table
        }
        for (int i = 0; i < results.size(); i++) {
            if (i > 0 && format != OutputFormat.JSON) {
                out.println(); // tables, and CSV sections with a header each, apart
            }
            print(results.get(i), out);
            if (!results.get(i).approximationMessage().isEmpty()) {
                err.println("flowsec: " + results.get(i).approximationMessage());
            }
        }
        if (!quiet) {
            StatResult r = results.get(0);
            long[] totals = {r.totals().flows(), r.totals().packets(), r.totals().bytes()};
            err.println(StoreAccess.summary(totals, scan[0], System.nanoTime() - started));
        }
        return ExitCode.OK;
    }

    private StatQuery query(String key, Filter filter, long fromMs, long toMs, long memory) {
        try {
            List<Field> fields = new ArrayList<>();
            for (String d : distinct) {
                Field f = Field.byName(d.strip());
                if (f == null) {
                    throw new UsageException("unknown --distinct field '" + d + "': use one of " + Field.catalogNames());
                }
                fields.add(f);
            }
            int limit = count.bottom != null ? count.bottom : count.top != null ? count.top : 10;
            if (limit < 0) {
                throw new UsageException("--top and --bottom need N >= 0");
            }
            return new StatQuery(fromMs, toMs, filter, GroupKey.parse(key), Order.parse(order), limit,
                    count.bottom != null, threshold == null ? Double.NaN : threshold, fields, bidirectional, memory);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** 3/4 of the heap still free: the rest stays for the store reader, distinct counters and output. */
    private static long defaultMemoryLimit() {
        Runtime rt = Runtime.getRuntime();
        return (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) / 4 * 3;
    }

    private void print(StatResult r, PrintWriter out) {
        GroupKey key = r.query().key();
        List<String> header = new ArrayList<>(key.columns());
        String percent = List.of("flows", "packets", "bytes").get(percentColumn(r.query().order())) + "_percent";
        header.addAll(List.of("flows", "packets", "bytes", "pps", "bps", "bpp", "first", "last", percent));
        for (Field f : r.query().distinct()) {
            header.add("distinct_" + f.catalogName());
        }
        List<Object[]> rows = new ArrayList<>();
        for (StatRow row : r.rows()) {
            List<Object> cells = keyCells(key.text(row.key()));
            cells.addAll(List.of(row.flows(), row.packets(), row.bytes(), Math.round(row.pps()), Math.round(row.bps()),
                    Math.round(row.bpp()), iso(row.first()), iso(row.last()),
                    String.format(Locale.ROOT, "%.2f", row.percent())));
            for (long d : row.distinct()) {
                cells.add(d);
            }
            rows.add(cells.toArray());
        }
        printRows(format, header, rows, out);
    }

    /** Key values as cells: integers as numbers (JSON prints them unquoted), addresses and times as text. */
    static List<Object> keyCells(String[] text) {
        List<Object> cells = new ArrayList<>(text.length);
        for (String t : text) {
            cells.add(t.matches("-?\\d{1,18}") ? (Object) Long.parseLong(t) : t);
        }
        return cells;
    }

    private static int percentColumn(Order o) {
        return switch (o) {
            case FLOWS -> 0;
            case PACKETS, PPS -> 1;
            default -> 2;
        };
    }

    static String iso(long ms) {
        return java.time.Instant.ofEpochMilli(ms).toString();
    }

    /**
     * Prints rows of cells under a header: an aligned table, CSV with a header line, or one JSON object per
     * line (Long cells as numbers, everything else as strings; a percentage cell is a number too).
     */
    static void printRows(OutputFormat format, List<String> header, List<Object[]> rows, PrintWriter out) {
        switch (format) {
            case TABLE -> {
                TextTable t = new TextTable(header.toArray(new String[0]));
                rows.forEach(t::row);
                t.print(out);
            }
            case CSV -> {
                out.println(String.join(",", header));
                for (Object[] r : rows) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < r.length; i++) {
                        sb.append(i == 0 ? "" : ",").append(r[i]);
                    }
                    out.println(sb);
                }
            }
            case JSON -> {
                for (Object[] r : rows) {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < r.length; i++) {
                        sb.append(i == 0 ? "" : ",").append('"').append(header.get(i)).append("\":");
                        boolean number = r[i] instanceof Long || header.get(i).endsWith("_percent");
                        sb.append(number ? r[i].toString() : "\"" + r[i] + "\"");
                    }
                    out.println(sb.append('}'));
                }
            }
        }
        out.flush();
    }
}
