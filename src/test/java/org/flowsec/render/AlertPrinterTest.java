package org.flowsec.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertJson;
import org.flowsec.detect.Severity;
import org.junit.jupiter.api.Test;

class AlertPrinterTest {
    private static final long T0 = 1_764_151_200_000L; // 2025-11-26T10:00:00Z

    private static final Alert FLOOD = new Alert("flood-00000000002a", "flood", Severity.CRITICAL, T0, T0 + 30_000,
            T0 + 31_000, "10.0.0.80 received 52,000 SYN-only flows/s from 40,213 sources.", null, "10.0.0.80", 6,
            List.of(80, 443), Map.of("syn_flows_per_s", 52_000L), thresholds(),
            "dst ip 10.0.0.80 and flags S and not flags A", "dst 10.0.0.80");

    private static Map<String, Double> thresholds() {
        Map<String, Double> t = new java.util.LinkedHashMap<>(); // the order the detector gave is kept
        t.put("syn_flows_per_s", 500.0);
        t.put("ratio", 0.25);
        return t;
    }

    private static String print(OutputFormat f, List<Alert> alerts) {
        StringWriter w = new StringWriter();
        AlertPrinter p = AlertPrinter.create(f, new PrintWriter(w));
        alerts.forEach(p::print);
        p.finish();
        return w.toString();
    }

    @Test
    void csvQuotesSummariesWithCommasAndKeepsTheJsonKeysAsHeader() {
        List<String> lines = print(OutputFormat.CSV, List.of(FLOOD)).lines().toList();
        assertThat(lines.get(0)).isEqualTo(
                "id,detector,severity,first,last,detected_at,summary,src_addr,dst_addr,proto,ports,counts,thresholds,evidence");
        assertThat(lines.get(1)).isEqualTo("flood-00000000002a,flood,critical,2025-11-26T10:00:00.000Z,"
                + "2025-11-26T10:00:30.000Z,2025-11-26T10:00:31.000Z,"
                + "\"10.0.0.80 received 52,000 SYN-only flows/s from 40,213 sources.\",,10.0.0.80,6,80 443,"
                + "syn_flows_per_s=52000,syn_flows_per_s=500 ratio=0.25,dst ip 10.0.0.80 and flags S and not flags A");
    }

    @Test
    void jsonIsTheAlertJsonLine() {
        assertThat(print(OutputFormat.JSON, List.of(FLOOD))).isEqualTo(AlertJson.toJson(FLOOD) + "\n");
    }

    @Test
    void theTableHasOneRowPerAlertAndAHeaderWhenEmpty() {
        List<String> lines = print(OutputFormat.TABLE, List.of(FLOOD)).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("2025-11-26 10:00:00.000", "critical", "10.0.0.80", "80 443",
                "flood-00000000002a", "dst ip 10.0.0.80 and flags S and not flags A");
        assertThat(print(OutputFormat.TABLE, List.of()).lines().toList()).hasSize(1);
        assertThat(print(OutputFormat.CSV, List.of()).lines().toList()).hasSize(1);
    }
}
