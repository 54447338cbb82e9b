package org.flowsec.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.FlowOrder;
import org.flowsec.query.FlowSorter;
import org.flowsec.query.ParallelSource;
import org.flowsec.query.Spill;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.render.AsciiBuffer;
import org.flowsec.render.AsciiWriterStream;
import org.flowsec.render.Column;
import org.flowsec.render.FlowLines;
import org.flowsec.render.FlowPrinter;
import org.flowsec.render.OutputFormat;
import org.flowsec.store.ScanHints;
import org.flowsec.store.ScanStats;
import org.flowsec.store.SpillFiles;
import org.flowsec.store.StoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec query}: prints the stored flows whose flow time overlaps a window. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Print stored flows that match a filter (nfdump's syntax, docs/filter-language.md).",
            "Flows are selected by flow time (first/last), whatever time they arrived."})
public final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Mixin
    FlowWindowOptions time;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N flows.")
    Long limit;

    @Option(names = "--fields", split = ",", paramLabel = "FIELD[,FIELD...]",
            description = {"Print these fields, in this order (catalog names, as in CSV headers: first, src_addr, "
                + "dst_port, bytes...; and duration (ms), pps, bps, bpp), as rwcut --fields and nfdump -o fmt: do.",
                "Default: every field in CSV and JSON; start, duration, protocol, endpoints, flags, counters, "
                + "interfaces and exporter in a table. Only the columns needed are read."})
    List<String> fieldNames;

    @Option(names = "--write", paramLabel = "DIR",
            description = {"Write the matching flows into the flow store DIR instead of printing them, as nfdump -w "
                + "and rwfilter --pass do: created if missing, added to if it holds flows already.",
                "Every field is kept; query DIR as any store."})
    Path write;

    @Option(names = "--count", description = "Print only the totals (flows, packets, bytes), as nfdump -o null does.")
    boolean count;

    @Option(names = "--sort", arity = "0..1", fallbackValue = FlowOrder.DEFAULT, paramLabel = "FIELD[:desc][,...]",
            description = {"Print the flows sorted by these fields (alone: by start time, as flow-sort does).",
                "FIELD:desc sorts descending, e.g. --sort bytes:desc,first. Equal flows keep the store's order."})
    String sort;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = Options.Size.class,
            description = "Heap --sort may take before it spills sorted runs to temporary files (default: half of the free heap).")
    Long maxMemory;

    @Option(names = "--tmp-dir", paramLabel = "DIR",
            description = "Where --sort puts temporary files (default: the system's temporary directory).")
    Path tmpDir;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that read and filter the store (default: one per core).")
    Integer threads;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    @Mixin
    FilterOptions filterOptions = new FilterOptions();

    /** The columns printed: those of --fields, or empty for the format's usual ones. */
    private List<Column> printed = List.of();

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        long[] requested = time.window();
        long fromMs = requested[0];
        long toMs = requested[1];
        if (limit != null && limit < 0) {
            throw new UsageException("--limit must be 0 or more");
        }
        if (write != null) {
            if (count || sort != null || fieldNames != null) {
                throw new UsageException("--write stores the matching flows as they are: it takes no --count, --sort or --fields");
            }
            SubsetWrite.check(store, write);
        }
        Filter filter = filterOptions.filter();
        long[] window = FilterOptions.window(filter, fromMs, toMs);
        printed = printedFields();
        FlowOrder order = sort == null ? null : sortOrder();
        ScanHints hints = FilterOptions.hints(filter, columnsRead(filter, order));
        FlowPredicate predicate = filter.predicate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long max = limit == null ? Long.MAX_VALUE : limit;
        long[] totals = new long[3];
        long started = System.nanoTime();
        StoreReader reader = StoreAccess.open(store, err);
        ScanStats[] scan = new ScanStats[1];
        ParallelSource source = StoreAccess.source(reader, window[0], window[1], hints, threads, scan);
        if (write != null) {
            SubsetWrite.run(write, source, predicate, max, totals);
        } else if (count) {
            source.run(() -> QueryWorkers.count(predicate), t -> {
                for (int i = 0; i < 3; i++) {
                    totals[i] += t[i];
                }
                return true;
            });
            printTotals(totals, out);
        } else if (order != null) {
            sorted(source, predicate, order, max, totals, out, err);
        } else if (format != OutputFormat.TABLE && limit == null) {
            // CSV and JSON lines stand alone: the scan threads format them as bytes, this thread writes them in order
            OutputStream bytes = bytes(out);
            bytes.write(lines().header());
            java.util.Queue<AsciiBuffer> free = new java.util.concurrent.ConcurrentLinkedQueue<>();
            source.run(() -> QueryWorkers.format(predicate, lines(), free), chunk -> {
                write(bytes, chunk.text());
                free.add(chunk.text()); // written: a worker may fill it again
                totals[0] += chunk.flows();
                totals[1] += chunk.packets();
                totals[2] += chunk.bytes();
                return true;
            });
            bytes.flush();
        } else {
            FlowPrinter printer = printer(out);
            source.run(() -> QueryWorkers.select(predicate), rows -> print(rows, printer, totals, max));
            printer.finish();
        }
        if (!quiet) {
            err.println(StoreAccess.summary(totals, scan[0], System.nanoTime() - started));
            if (write != null) {
                err.println("flowsec: wrote " + totals[0] + " flows to " + write);
            }
        }
        return ExitCode.OK;
    }

    /** --sort: matching rows into a FlowSorter (a top-N with --limit, else spilling to temporary files), then printed. */
    private void sorted(ParallelSource source, FlowPredicate predicate, FlowOrder order, long max, long[] totals,
                        PrintWriter out, PrintWriter err) throws java.io.IOException {
        if (maxMemory != null && maxMemory < 1) {
            throw new UsageException("--max-memory must be positive");
        }
        Runtime rt = Runtime.getRuntime();
        long memory = maxMemory != null ? maxMemory : (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) / 2;
        try (FlowSorter sorter = new FlowSorter(order, max, memory, () -> spill(tmpDir))) {
            try {
                source.run(() -> QueryWorkers.select(predicate), rows -> {
                    try {
                        sorter.add(rows);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return true;
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            FlowPrinter printer = printer(out);
            sorter.finish((rows, r) -> {
                printer.print(rows, r);
                totals[0]++;
                totals[1] += rows.get(Field.PACKETS, r);
                totals[2] += rows.get(Field.BYTES, r);
                return true;
            });
            printer.finish();
            if (sorter.spilledRuns() > 0 && !quiet) {
                err.println("flowsec: sorted in " + sorter.spilledRuns() + " runs on temporary files (--max-memory "
                        + org.flowsec.base.Quantities.human(memory) + ")");
            }
        }
    }

    /**
     * The columns the scan decodes (empty: all): for --count the filter's and the totals'; for --fields those
     * printed too, and those sorted by; else every column. The scan adds first and last where its window needs them.
     */
    private java.util.Set<Field> columnsRead(Filter filter, FlowOrder order) {
        if (!count && printed.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<Field> fields = java.util.EnumSet.of(Field.PACKETS, Field.BYTES);
        fields.addAll(filter.fields());
        if (!count) {
            fields.addAll(FlowPrinter.reads(format, printed));
            if (order != null) {
                fields.addAll(order.fields());
            }
        }
        return fields;
    }

    private FlowOrder sortOrder() {
        try {
            return FlowOrder.parse(sort);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The columns --fields names, in order; empty without it. */
    private List<Column> printedFields() {
        if (fieldNames == null) {
            return List.of();
        }
        List<Column> out = new java.util.ArrayList<>();
        for (String name : fieldNames) {
            Column c = Column.byName(name.strip().toLowerCase(java.util.Locale.ROOT));
            if (c == null) {
                throw new UsageException("unknown --fields field '" + name.strip() + "': use one of " + Field.catalogNames()
                        + ", or duration, pps, bps, bpp");
            }
            out.add(c);
        }
        if (out.isEmpty()) {
            throw new UsageException("--fields needs at least one field, e.g. --fields first,src_addr,dst_addr,bytes");
        }
        return List.copyOf(out);
    }

    /** CSV or JSON lines of the columns printed. */
    private FlowLines lines() {
        return FlowLines.of(format, printed.isEmpty() ? Column.allFields() : printed);
    }

    /** Tables print through the writer; CSV and JSON lines as bytes, straight to standard output where that is it. */
    private FlowPrinter printer(PrintWriter out) {
        return format == OutputFormat.TABLE ? FlowPrinter.create(format, out, printed)
                : FlowPrinter.create(format, bytes(out), printed);
    }

    /** {@code out} as a byte stream for ASCII lines: standard output's bytes, or each byte one char of the writer. */
    private static OutputStream bytes(PrintWriter out) {
        out.flush();
        return out instanceof Main.Stdout stdout ? stdout.bytes() : new AsciiWriterStream(out);
    }

    private static void write(OutputStream out, AsciiBuffer text) {
        try {
            out.write(text.array(), 0, text.length());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Temporary files for the sorter's runs, in the store's block encoding (store.SpillFiles). */
    private static Spill spill(Path tmpDir) {
        SpillFiles files;
        try {
            files = SpillFiles.create(tmpDir);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot create temporary files for --sort in "
                    + (tmpDir == null ? System.getProperty("java.io.tmpdir") : tmpDir) + ": " + e.getMessage()
                    + " (give --tmp-dir or a larger --max-memory)");
        }
        return new Spill() {
            @Override
            public Run write(FlowBatch rows, int[] order, int n) throws java.io.IOException {
                return files.write(rows, order, n)::next;
            }

            @Override
            public void close() throws java.io.IOException {
                files.close();
            }
        };
    }


    private static boolean print(FlowBatch rows, FlowPrinter printer, long[] totals, long max) {
        for (int r = 0; r < rows.size(); r++) {
            if (totals[0] >= max) {
                return false;
            }
            printer.print(rows, r);
            totals[0]++;
            totals[1] += rows.get(Field.PACKETS, r);
            totals[2] += rows.get(Field.BYTES, r);
        }
        return totals[0] < max;
    }

    private void printTotals(long[] totals, PrintWriter out) {
        switch (format) {
            case CSV -> out.printf("flows,packets,bytes%n%d,%d,%d%n", totals[0], totals[1], totals[2]);
            case JSON -> out.printf("{\"flows\":%d,\"packets\":%d,\"bytes\":%d}%n", totals[0], totals[1], totals[2]);
            case TABLE -> new org.flowsec.render.TextTable("flows", "packets", "bytes")
                    .row(totals[0], totals[1], totals[2]).print(out);
        }
        out.flush();
    }
}
