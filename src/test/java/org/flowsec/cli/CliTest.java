package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a user meets it: help, one-line usage errors with exit code 2, and real data end to end. */
class CliTest {
    private static final Path TELEGRAF = Path.of("../shared/data/netflow-pcaps/telegraf");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"demo", "collect", "query", "stat", "series", "info", "exporters", "generate", "ingest"})
    void everyCommandHasHelp(String command) {
        CliRun r = CliRun.of(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: flowsec " + command);
    }

    /** A command line naming one command is built with that one alone: help must still list and explain them all. */
    @Test
    void helpListsEveryCommandAndExplainsEach() {
        List<String> names = Main.COMMANDS.stream()
                .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name()).toList();
        assertThat(names).contains("demo", "collect", "query", "stat", "series", "info", "exporters", "detect", "alerts",
                "profile", "generate", "ingest", "help");
        for (CliRun r : List.of(CliRun.of("--help"), CliRun.of("help"), CliRun.of())) {
            for (String name : names) {
                assertThat(r.out()).as("help lists " + name).containsPattern("(?m)^  " + name + " ");
            }
        }
        for (String name : names) {
            if (!name.equals("help")) {
                CliRun r = CliRun.of("help", name);
                assertThat(r.code()).isZero();
                assertThat(r.out()).contains("Usage: flowsec " + name);
            }
        }
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCodeTwo() {
        for (String[] args : List.of(new String[] {"query"}, new String[] {"query", "--store", "x", "--format", "xml"},
                new String[] {"query", "--store", tmp.toString(), "--from", "last tuesday"},
                new String[] {"generate", "--flows", "10", "--version", "8"},
                new String[] {"generate", "--flows", "10", "--target", "nowhere"},
                new String[] {"collect", "--store", tmp.toString(), "--rotate", "soon"},
                new String[] {"collect", "--store", tmp.toString(), "--receive-nice", "5"},
                new String[] {"nosuchcommand"}, new String[] {"query", "--store", tmp.resolve("missing").toString()})) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("flowsec: ");
        }
    }

    @Test
    void ingestedCaptureQueriesBackAsCsvJsonAndTable() throws Exception {
        Path store = tmp.resolve("store");
        CliRun ingest = CliRun.of("ingest", "--pcap", TELEGRAF.resolve("netflow_v5_example.pcap").toString(), "--store", store.toString());
        assertThat(ingest.code()).as(ingest.err()).isZero();
        assertThat(ingest.err()).contains("8 flows stored");

        CliRun csv = CliRun.of("query", "--store", store.toString(), "--format", "csv");
        assertThat(csv.code()).isZero();
        assertThat(csv.lines()).hasSize(9);
        assertThat(csv.lines().get(0)).startsWith("first,last,exporter,domain,src_addr,dst_addr");
        // telegraf's expected values for this capture: 140.82.121.3:443 -> 192.168.119.100:55516, 78 packets, 87477 bytes
        assertThat(csv.out()).contains(",140.82.121.3,192.168.119.100,443,55516,6,24,0,78,87477,");
        assertThat(csv.err()).startsWith("Summary: flows 8,");

        CliRun json = CliRun.of("query", "--store", store.toString(), "--format", "json", "--limit", "3", "--quiet");
        assertThat(json.lines()).hasSize(3);
        assertThat(json.err()).isEmpty();
        JsonNode first = new ObjectMapper().readTree(json.lines().get(0));
        assertThat(first.get("first").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(first.get("proto").asInt()).isEqualTo(6);

        CliRun count = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet");
        long packets = 0;
        long bytes = 0;
        for (String line : csv.lines().subList(1, csv.lines().size())) {
            String[] f = line.split(",");
            packets += Long.parseLong(f[11]);
            bytes += Long.parseLong(f[12]);
        }
        assertThat(count.lines()).containsExactly("flows,packets,bytes", "8," + packets + "," + bytes);

        CliRun table = CliRun.of("query", "--store", store.toString(), "--limit", "2");
        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().get(1)).contains("TCP").contains("...AP...");

        CliRun exporters = CliRun.of("exporters", "--store", store.toString(), "--format", "csv");
        assertThat(exporters.code()).isZero();
        assertThat(exporters.lines()).hasSize(2);
        assertThat(exporters.lines().get(1)).isEqualTo("192.0.2.105,4950,5,1,8,408,0,0,0,0,0,0,0,2022-10-21T12:08:01Z,2022-10-21T12:08:01Z");
    }

    @Test
    void aFilterSelectsFlowsAndABadOneShowsWhereItIsWrong() throws Exception {
        Path store = tmp.resolve("store");
        CliRun.of("ingest", "--pcap", TELEGRAF.resolve("netflow_v5_example.pcap").toString(), "--store", store.toString());
        CliRun all = CliRun.of("query", "--store", store.toString(), "--format", "csv", "--quiet");
        long fromGithub = all.lines().stream().skip(1).filter(l -> l.split(",")[4].startsWith("140.82.")).count();
        assertThat(fromGithub).isGreaterThan(0).isLessThan(8);

        CliRun words = CliRun.of("query", "--store", store.toString(), "--format", "csv", "--quiet", "src", "net", "140.82.0.0/16");
        assertThat(words.lines()).hasSize((int) fromGithub + 1);
        CliRun option = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet",
                "--filter", "proto tcp and src port 443");
        assertThat(option.lines().get(1)).startsWith(fromGithub + ",");
        Path file = tmp.resolve("github.filter");
        java.nio.file.Files.writeString(file, "# GitHub's servers\nsrc net 140.82.0.0/16\n");
        CliRun fromFile = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet", "--filter-file", file.toString());
        assertThat(fromFile.lines().get(1)).startsWith(fromGithub + ",");
        Path acls = tmp.resolve("acls.txt");
        java.nio.file.Files.writeString(acls, "ip access-list standard github\n permit 140.82.0.0 0.0.255.255\n");
        CliRun acl = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet", "--acl", acls + ":github");
        assertThat(acl.lines().get(1)).startsWith(fromGithub + ",");

        CliRun bad = CliRun.of("query", "--store", store.toString(), "dst", "port", "70000");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("dst port 70000").contains("^");
    }

    @Test
    void aTimeWindowSelectsByFlowTime() {
        Path store = tmp.resolve("store");
        CliRun.of("ingest", "--pcap", TELEGRAF.resolve("netflow_v5_example.pcap").toString(), "--store", store.toString());
        CliRun all = CliRun.of("query", "--store", store.toString(), "--format", "csv", "--quiet");
        String firstTime = all.lines().get(1).split(",")[0];
        CliRun none = CliRun.of("query", "--store", store.toString(), "--format", "csv", "--to", "2000-01-01T00:00:00Z", "--quiet");
        assertThat(none.lines()).hasSize(1); // the header only
        CliRun after = CliRun.of("query", "--store", store.toString(), "--format", "csv", "--from", firstTime, "--quiet");
        assertThat(after.lines()).hasSizeGreaterThan(1);
        // the capture is from 2022: relative windows count back from the machine's clock
        CliRun lastHour = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet", "--from", "now-1h");
        assertThat(lastHour.lines()).containsExactly("flows,packets,bytes", "0,0,0");
        CliRun tenYears = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet",
                "--from", "now-3650d", "--to", "now");
        assertThat(tenYears.lines().get(1)).startsWith("8,");
    }
}
