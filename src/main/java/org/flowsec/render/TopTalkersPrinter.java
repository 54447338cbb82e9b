package org.flowsec.render;

import java.io.PrintWriter;
import java.util.List;
import org.flowsec.base.Quantities;
import org.flowsec.detect.AlertJson;
import org.flowsec.detect.bigtalker.TopTalkersReport;

/**
 * The big-talker detector's top-N tables (FlowScan's TopN): one table per interval and network for people,
 * or one row per host and interval in CSV / JSON lines with the keys {@code start, end, network, order_by,
 * rank, host, bytes, bytes_in, bytes_out, packets, flows, baseline_bytes}.
 */
public final class TopTalkersPrinter {
    private static final String[] KEYS = {"start", "end", "network", "order_by", "rank", "host", "bytes", "bytes_in",
        "bytes_out", "packets", "flows", "baseline_bytes"};

    private TopTalkersPrinter() {}

    public static void print(List<TopTalkersReport> reports, OutputFormat format, PrintWriter out) {
        if (format == OutputFormat.CSV) {
            out.println(String.join(",", KEYS));
        }
        for (TopTalkersReport r : reports) {
            switch (format) {
                case TABLE -> table(r, out);
                case CSV -> r.rows().forEach(x -> out.println(String.join(",", AlertJson.time(r.start()),
                        AlertJson.time(r.end()), r.network(), r.orderBy(), Integer.toString(x.rank()), x.host(),
                        Long.toString(x.bytes()), Long.toString(x.bytesIn()), Long.toString(x.bytesOut()),
                        Long.toString(x.packets()), Long.toString(x.flows()), Long.toString(x.baselineBytes()))));
                case JSON -> r.rows().forEach(x -> out.println("{\"start\":\"" + AlertJson.time(r.start())
                        + "\",\"end\":\"" + AlertJson.time(r.end()) + "\",\"network\":\"" + r.network()
                        + "\",\"order_by\":\"" + r.orderBy() + "\",\"rank\":" + x.rank() + ",\"host\":\"" + x.host()
                        + "\",\"bytes\":" + x.bytes() + ",\"bytes_in\":" + x.bytesIn() + ",\"bytes_out\":"
                        + x.bytesOut() + ",\"packets\":" + x.packets() + ",\"flows\":" + x.flows()
                        + ",\"baseline_bytes\":" + x.baselineBytes() + "}"));
            }
        }
        out.flush();
    }

    private static void table(TopTalkersReport r, PrintWriter out) {
        out.println("top talkers of " + r.network() + " by " + r.orderBy() + ", " + AlertJson.time(r.start()) + " to "
                + AlertJson.time(r.end()));
        TextTable t = new TextTable("rank", "host", "bytes", "in", "out", "packets", "flows", "usual bytes");
        for (TopTalkersReport.Row x : r.rows()) {
            t.row(x.rank(), x.host(), Quantities.human(x.bytes()), Quantities.human(x.bytesIn()),
                    Quantities.human(x.bytesOut()), Quantities.human(x.packets()), Quantities.human(x.flows()),
                    Quantities.human(x.baselineBytes()));
        }
        t.print(out);
        out.println();
    }
}
