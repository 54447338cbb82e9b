package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertLog;
import org.flowsec.detect.Severity;
import org.flowsec.detect.TestFlows;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowsec detect} and {@code flowsec alerts} as a user runs them. */
class DetectCommandTest {
    private static final long T0 = 1_764_151_200_000L; // 2025-11-26T10:00:00Z

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
        List<String> lines() { return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n")); }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path storeWithFlows() throws Exception {
        Path store = tmp.resolve("store");
        try (FlowStore s = FlowStore.open(store, StoreConfig.DEFAULTS, () -> T0)) {
            s.accept(TestFlows.batch().flow("203.0.113.9", "10.0.0.1", 23, T0, T0 + 10)
                    .flow("203.0.113.9", "10.0.0.2", 23, T0 + 20, T0 + 30)
                    .flow("10.0.0.5", "198.51.100.7", 443, T0, T0 + 60_000).build());
        }
        return store;
    }

    private static Alert alert(String id, String detector, long first, long detectedAt, long hosts) {
        return new Alert(id, detector, Severity.HIGH, first, first + 60_000, detectedAt,
                "203.0.113.9 probed " + hosts + " hosts, on port 23, telnet.", "203.0.113.9", null, 6, List.of(23),
                Map.of("hosts", hosts), Map.of("hosts", 25.0), "src ip 203.0.113.9 and dst port 23", id);
    }

    @Test
    void detectRunsTheArchiveThroughTheEngineAndSummarisesOnStderr() throws Exception {
        Path store = storeWithFlows();
        Path config = tmp.resolve("flowsec.yaml");
        Files.writeString(config, "home: [10.0.0.0/8]\nlateness: 1m\n");
        Run r = run("detect", "--store", store.toString(), "--config", config.toString(), "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly(
                "id,detector,severity,first,last,detected_at,summary,src_addr,dst_addr,proto,ports,counts,thresholds,evidence");
        assertThat(r.err()).startsWith("Summary: flows 3, late flows 0, alerts 0 (0 updates), detector errors 0");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void topTalkersPrintsEachNetworksBiggestHostsPerIntervalInsteadOfTheAlerts() throws Exception {
        Path store = storeWithFlows();
        Path config = tmp.resolve("flowsec.yaml");
        Files.writeString(config, "home: [10.0.0.0/8]\nbigtalker: {interval: 5m, top: 3}\n");
        Run r = run("detect", "--store", store.toString(), "--config", config.toString(), "--top-talkers",
                "--format", "csv", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).first().isEqualTo(
                "start,end,network,order_by,rank,host,bytes,bytes_in,bytes_out,packets,flows,baseline_bytes");
        // one interval of 10.0.0.0/8 holds all three flows; every listed host is local and ranks are 1, 2, 3
        List<String> rows = r.lines().subList(1, r.lines().size());
        assertThat(rows).isNotEmpty().allSatisfy(l -> {
            String[] f = l.split(",");
            assertThat(f[0]).isEqualTo("2025-11-26T10:00:00.000Z");
            assertThat(f[2]).isEqualTo("10.0.0.0/8");
            assertThat(f[5]).startsWith("10.0.0.");
        });
        assertThat(rows).extracting(l -> l.split(",")[4]).containsExactly("1", "2", "3");
    }

    @Test
    void detectWithATimeWindowOnlyReadsFlowsInIt() throws Exception {
        Path store = storeWithFlows();
        Run r = run("detect", "--store", store.toString(), "--from", "2025-11-26T10:00:30Z", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Run counted = run("detect", "--store", store.toString(), "--from", "2025-11-26T10:00:30Z");
        assertThat(counted.err()).startsWith("Summary: flows 1,");
    }

    @Test
    void alertsListsTheLatestVersionOfEachStoredAlert() throws Exception {
        Path store = storeWithFlows();
        try (AlertLog log = AlertLog.in(store)) {
            log.accept(alert("scan-00000000000a", "scan", T0, T0 + 1, 30), false);
            log.accept(alert("scan-00000000000a", "scan", T0, T0 + 2, 140), true);
            log.accept(alert("signature-00000000000b", "signature", T0 + 5, T0 + 3, 1), false);
        }
        Run json = run("alerts", "--store", store.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.lines()).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(json.lines().get(0));
        assertThat(first.get("id").asText()).isEqualTo("scan-00000000000a");
        assertThat(first.get("counts").get("hosts").asLong()).isEqualTo(140);
        assertThat(json.err()).isEqualTo("Summary: alerts 2\n");

        Run table = run("alerts", "--store", store.toString(), "--detector", "signature");
        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().get(0)).startsWith("first").contains("detector", "severity", "summary", "evidence");
        assertThat(table.lines().get(1)).contains("2025-11-26 10:00:00.005", "signature", "high", "203.0.113.9",
                "src ip 203.0.113.9 and dst port 23");

        Run csv = run("alerts", "--store", store.toString(), "--format", "csv", "--to", "2025-11-26T10:00:00.003Z");
        assertThat(csv.lines()).hasSize(2);
        assertThat(csv.lines().get(1)).startsWith("scan-00000000000a,scan,high,2025-11-26T10:00:00.000Z,")
                .contains(",\"203.0.113.9 probed 140 hosts, on port 23, telnet.\",", ",hosts=140,hosts=25,");
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCodeTwo() throws Exception {
        Path store = storeWithFlows();
        Path badConfig = tmp.resolve("bad.yaml");
        Files.writeString(badConfig, "home: [10.0.0.0/8]\nscan:\n  treshold: 3\n");
        for (String[] args : List.of(new String[] {"detect"},
                new String[] {"detect", "--store", tmp.resolve("missing").toString()},
                new String[] {"detect", "--store", store.toString(), "--config", badConfig.toString()},
                new String[] {"detect", "--store", store.toString(), "--config", tmp.resolve("none.yaml").toString()},
                new String[] {"detect", "--store", store.toString(), "--format", "xml"},
                new String[] {"detect", "--store", store.toString(), "--from", "2025-11-27", "--to", "2025-11-26"},
                new String[] {"alerts", "--store", store.toString(), "--detector", "virus"},
                new String[] {"alerts", "--store", store.toString(), "--from", "soon"},
                new String[] {"collect", "--store", store.toString(), "--config", badConfig.toString()},
                new String[] {"collect", "--store", store.toString(), "--detect", "--config", badConfig.toString()})) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("flowsec: ");
        }
        assertThat(run("detect", "--store", store.toString(), "--config", badConfig.toString()).err())
                .contains("line 3", "unknown key 'treshold' in scan");
    }

    @Test
    void bothCommandsHaveHelp() {
        assertThat(run("detect", "--help").out()).contains("Usage: flowsec detect", "--config", "--from");
        assertThat(run("alerts", "--help").out()).contains("Usage: flowsec alerts", "--detector");
        assertThat(run("collect", "--help").out()).contains("--detect");
    }
}
