package org.flowsec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowsec.base.Quantities;
import org.flowsec.render.OutputFormat;
import org.flowsec.render.TextTable;
import org.flowsec.store.SegmentInfo;
import org.flowsec.store.StoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flowsec info}: what a store holds, from the segments' footers alone (nfdump -I, rwfileinfo): per day
 * or per segment the flows, the disk they take and the flow times they span.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"What a flow store holds, per day (or per segment): segments, flows, bytes on disk, bytes per "
                + "flow, and the flow times they span; read from the segments' footers, without scanning flows."})
public final class InfoCommand implements Callable<Integer> {
    /** How rows are grouped. */
    enum Grouping { DAY, SEGMENT }

    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Option(names = "--by", defaultValue = "day", paramLabel = "day|segment",
            description = "One row per day of arrival (UTC) or per segment file. Default: ${DEFAULT-VALUE}.")
    Grouping grouping;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT",
            description = "table, csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--quiet", description = "No summary line on stderr.")
    boolean quiet;

    /** One row: segments together (a day's, or one), being written when any of them is a journal. */
    private record Row(String name, int segments, int written, long flows, long bytes, long first, long last) {
        Row plus(SegmentInfo s) {
            boolean any = s.records() > 0;
            return new Row(name, segments + 1, written + (s.sealed() ? 0 : 1), flows + s.records(), bytes + s.bytes(),
                    any ? Math.min(first, s.minFirst()) : first, any ? Math.max(last, s.maxLast()) : last);
        }

        String bytesPerFlow() {
            return flows == 0 ? "" : String.format(Locale.ROOT, "%.2f", bytes / (double) flows);
        }
    }

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        StoreReader reader = StoreAccess.open(store, err);
        List<SegmentInfo> segments = reader.segments();
        Map<String, Row> rows = new LinkedHashMap<>();
        Row total = new Row("total", 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE);
        for (SegmentInfo s : segments) {
            String name = grouping == Grouping.DAY
                    ? Instant.ofEpochMilli(s.windowStartMillis()).atZone(ZoneOffset.UTC).toLocalDate().toString()
                    : store.relativize(s.path()).toString();
            rows.merge(name, new Row(name, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE).plus(s), (a, b) -> a.plus(s));
            total = total.plus(s);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Row> list = new ArrayList<>(rows.values());
        switch (format) {
            case TABLE -> table(list, total, out);
            case CSV -> csv(list, out);
            case JSON -> json(list, out);
        }
        out.flush();
        if (!quiet) {
            String held = total.flows() == 0 ? "no flows"
                    : String.format(Locale.ROOT, "flows %d, %d bytes on disk (%s, %s bytes/flow), flow times %s .. %s",
                            total.flows(), total.bytes(), Quantities.human(total.bytes()), total.bytesPerFlow(),
                            iso(total.first()), iso(total.last()));
            err.println(String.format(Locale.ROOT, "Summary: %d segments (%d being written), %s; %d corrupt files; %.3f s",
                    total.segments(), total.written(), held, reader.corruptReports(), (System.nanoTime() - started) / 1e9));
        }
        return ExitCode.OK;
    }

    private String nameColumn() {
        return grouping == Grouping.DAY ? "day" : "segment";
    }

    private void table(List<Row> rows, Row total, PrintWriter out) {
        TextTable t = new TextTable(nameColumn(), "segments", "writing", "flows", "bytes", "bytes/flow", "first", "last");
        for (Row r : rows) {
            t.row(r.name(), r.segments(), r.written(), r.flows(), Quantities.human(r.bytes()), r.bytesPerFlow(),
                    iso(r.first()), iso(r.last()));
        }
        if (rows.size() > 1) {
            t.row(total.name(), total.segments(), total.written(), total.flows(), Quantities.human(total.bytes()),
                    total.bytesPerFlow(), iso(total.first()), iso(total.last()));
        }
        t.print(out);
    }

    private void csv(List<Row> rows, PrintWriter out) {
        out.println(nameColumn() + ",segments,being_written,flows,bytes,bytes_per_flow,first,last");
        for (Row r : rows) {
            out.println(String.join(",", r.name(), Integer.toString(r.segments()), Integer.toString(r.written()),
                    Long.toString(r.flows()), Long.toString(r.bytes()), r.bytesPerFlow(), iso(r.first()), iso(r.last())));
        }
    }

    private void json(List<Row> rows, PrintWriter out) throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (Row r : rows) {
            ObjectNode n = m.createObjectNode();
            n.put(nameColumn(), r.name()).put("segments", r.segments()).put("being_written", r.written())
                    .put("flows", r.flows()).put("bytes", r.bytes());
            if (r.flows() > 0) {
                n.put("bytes_per_flow", Math.round(100.0 * r.bytes() / r.flows()) / 100.0)
                        .put("first", iso(r.first())).put("last", iso(r.last()));
            }
            out.println(m.writeValueAsString(n));
        }
    }

    /** ISO-8601 UTC, as stat prints first and last; empty for a group without flows. */
    private static String iso(long millis) {
        return millis == Long.MAX_VALUE || millis == Long.MIN_VALUE ? "" : StatCommand.iso(millis);
    }
}
