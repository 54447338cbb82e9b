package org.flowsec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.flowsec.collect.CollectorStats;
import org.flowsec.collect.ExporterStatsFile;
import org.flowsec.render.OutputFormat;
import org.flowsec.render.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flowsec exporters}: the per-exporter accounting the collector keeps beside its store. */
@Command(name = "exporters", mixinStandardHelpOptions = true,
        description = {"Per exporter and observation domain: datagrams, flows, bytes, sequence gaps, estimated lost "
                + "flows, decode errors by reason, templates; then the listeners (queue and kernel drops, socket "
                + "buffer) and rejected (non-allowlisted) sources."})
public final class ExportersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Flow store directory.")
    Path store;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FMT", description = "table, csv or json.")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        StoreAccess.requireStore(store);
        Optional<CollectorStats> read = ExporterStatsFile.in(store).read();
        if (read.isEmpty()) {
            spec.commandLine().getErr().println("flowsec: no exporter statistics in " + store + " yet (the collector writes "
                    + ExporterStatsFile.FILE_NAME + " every few seconds)");
            return ExitCode.FAILURE;
        }
        CollectorStats s = read.get();
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case TABLE -> table(s, out);
            case CSV -> csv(s, out);
            case JSON -> json(s, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String errors(CollectorStats.ExporterStats e) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(e.decodeErrors()).forEach((k, v) -> {
            if (v > 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(k.toLowerCase()).append('=').append(v);
            }
        });
        return sb.toString();
    }

    private static void table(CollectorStats s, PrintWriter out) {
        TextTable t = new TextTable("exporter", "domain", "version", "datagrams", "flows", "bytes", "seq_gaps",
                "lost_flows", "reordered", "resets", "errors", "templates", "last_seen", "error_reasons");
        for (CollectorStats.ExporterStats e : s.exporters()) {
            t.row(e.exporter(), e.domain(), e.version(), e.datagrams(), e.flows(), e.bytes(), e.sequenceGaps(),
                    e.estimatedLostFlows(), e.reordered(), e.resets(), e.decodeErrorTotal(), e.templates(),
                    e.lastSeenMillis() == 0 ? "" : Instant.ofEpochMilli(e.lastSeenMillis()).toString(), errors(e));
        }
        t.print(out);
        if (!s.listeners().isEmpty()) {
            out.println();
            TextTable l = new TextTable("listener", "datagrams", "bytes", "queue_drops", "kernel_drops",
                    "rcvbuf_asked", "rcvbuf_got");
            s.listeners().forEach(x -> l.row(x.address(), x.datagrams(), x.bytes(), x.queueDrops(), x.kernelDrops(),
                    x.rcvbufRequested(), x.rcvbufActual()));
            l.print(out);
            if (s.listeners().stream().anyMatch(x -> x.rcvbufActual() < x.rcvbufRequested())) {
                out.println("note: the kernel capped the socket receive buffer; raise it with "
                        + "'sysctl -w net.core.rmem_max=<bytes>' (see docs/operations.md)");
            }
        }
        if (!s.forwards().isEmpty()) {
            out.println();
            TextTable f = new TextTable("forward_to", "sent", "failed");
            s.forwards().forEach(x -> f.row(x.target(), x.sent(), x.failed()));
            f.print(out);
        }
        if (!s.rejected().isEmpty()) {
            out.println();
            TextTable r = new TextTable("rejected_source", "datagrams");
            s.rejected().forEach(x -> r.row(x.source(), x.datagrams()));
            r.print(out);
        }
    }

    private static final String CSV_HEADER = "exporter,domain,version,datagrams,flows,bytes,sequence_gaps,"
            + "estimated_lost_flows,reordered,duplicates,resets,decode_errors,templates,first_seen,last_seen";

    private static void csv(CollectorStats s, PrintWriter out) {
        out.println(CSV_HEADER);
        for (CollectorStats.ExporterStats e : s.exporters()) {
            out.println(String.join(",", e.exporter(), Long.toString(e.domain()), Integer.toString(e.version()),
                    Long.toString(e.datagrams()), Long.toString(e.flows()), Long.toString(e.bytes()),
                    Long.toString(e.sequenceGaps()), Long.toString(e.estimatedLostFlows()), Long.toString(e.reordered()),
                    Long.toString(e.duplicates()), Long.toString(e.resets()), Long.toString(e.decodeErrorTotal()),
                    Long.toString(e.templates()), iso(e.firstSeenMillis()), iso(e.lastSeenMillis())));
        }
    }

    private static void json(CollectorStats s, PrintWriter out) throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (CollectorStats.ExporterStats e : s.exporters()) {
            ObjectNode n = m.createObjectNode();
            n.put("exporter", e.exporter()).put("domain", e.domain()).put("version", e.version())
                    .put("datagrams", e.datagrams()).put("flows", e.flows()).put("bytes", e.bytes())
                    .put("sequence_gaps", e.sequenceGaps()).put("estimated_lost_flows", e.estimatedLostFlows())
                    .put("reordered", e.reordered()).put("duplicates", e.duplicates()).put("resets", e.resets())
                    .put("decode_errors", e.decodeErrorTotal()).put("templates", e.templates())
                    .put("first_seen", iso(e.firstSeenMillis())).put("last_seen", iso(e.lastSeenMillis()));
            ObjectNode reasons = n.putObject("decode_error_reasons");
            new TreeMap<>(e.decodeErrors()).forEach((k, v) -> reasons.put(k.toLowerCase(), v));
            out.println(m.writeValueAsString(n));
        }
    }

    private static String iso(long millis) {
        return millis == 0 ? "" : Instant.ofEpochMilli(millis).toString();
    }
}
