package org.flowsec.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertJson;

/**
 * Alerts for {@code flowsec detect} and {@code flowsec alerts}: a table for people (first time, detector,
 * severity, source, destination, ports, counts, summary, id, evidence filter), CSV with the alert JSON's keys
 * as header, or the JSON lines themselves ({@link AlertJson}).
 */
public final class AlertPrinter {
    static final List<String> CSV_HEADER = List.of("id", "detector", "severity", "first", "last", "detected_at",
            "summary", "src_addr", "dst_addr", "proto", "ports", "counts", "thresholds", "evidence");

    private final OutputFormat format;
    private final PrintWriter out;
    private final List<Alert> tableRows = new ArrayList<>();
    private boolean headerDone;

    private AlertPrinter(OutputFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public static AlertPrinter create(OutputFormat format, PrintWriter out) { return new AlertPrinter(format, out); }

    public void print(Alert a) {
        switch (format) {
            case JSON -> out.println(AlertJson.toJson(a));
            case CSV -> {
                header();
                out.println(String.join(",", List.of(a.id(), a.detector(), a.severity().text(), AlertJson.time(a.first()),
                        AlertJson.time(a.last()), AlertJson.time(a.detectedAt()), csv(a.summary()), nz(a.srcAddr()),
                        nz(a.dstAddr()), a.proto() == null ? "" : a.proto().toString(), csv(ports(a)),
                        csv(pairs(a.counts())), csv(pairs(a.thresholds())), csv(a.evidence()))));
            }
            case TABLE -> tableRows.add(a); // column widths need every row
        }
    }

    /** Prints the table (or the CSV header of an empty result) and flushes. */
    public void finish() {
        if (format == OutputFormat.CSV) {
            header();
        } else if (format == OutputFormat.TABLE) {
            TextTable t = new TextTable("first", "detector", "severity", "src_addr", "dst_addr", "ports", "counts",
                    "summary", "id", "evidence");
            for (Alert a : tableRows) {
                t.row(AlertJson.time(a.first()).replace('T', ' ').replace("Z", ""), a.detector(), a.severity().text(),
                        nz(a.srcAddr()), nz(a.dstAddr()), ports(a), pairs(a.counts()), a.summary(), a.id(), a.evidence());
            }
            t.print(out);
        }
        out.flush();
    }

    private void header() {
        if (!headerDone) {
            headerDone = true;
            out.println(String.join(",", CSV_HEADER));
        }
    }

    private static String ports(Alert a) {
        return a.ports().stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private static String pairs(Map<String, ? extends Number> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + number(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String number(Number n) {
        double d = n.doubleValue();
        return n instanceof Double && d != Math.rint(d) ? n.toString() : Long.toString(n.longValue());
    }

    private static String nz(String s) { return s == null ? "" : s; }

    /** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
