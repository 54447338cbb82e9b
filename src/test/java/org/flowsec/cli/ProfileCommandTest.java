package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.bigtalker.TestFlows;
import org.flowsec.detect.newservice.NewServiceDetector;
import org.flowsec.detect.newservice.NewServiceParams;
import org.flowsec.store.FlowStore;
import org.flowsec.store.StoreConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowsec profile} over a store of known flows: who offers and uses what, in every format. */
class ProfileCommandTest {
    static final long T0 = 1_764_000_000_000L; // 2025-11-24T16:00:00Z

    @TempDir
    static Path tmp;
    static Path store;
    static TestFlows flows;

    private record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** 10.1.0.5 serves ssh to two outsiders; 10.1.0.6 browses (tcp/80) and resolves names (udp/53); a scan gets resets. */
    @BeforeAll
    static void storeKnownFlows() throws Exception {
        flows = new TestFlows();
        for (int i = 0; i < 2; i++) {
            long t = T0 + i * 60_000L;
            flows.tcp("198.51.100." + (i + 1), 40000 + i, "10.1.0.5", 22).at(t, t + 1000).volume(10, 1000).flags("SAPF");
            flows.tcp("10.1.0.5", 22, "198.51.100." + (i + 1), 40000 + i).at(t + 10, t + 1000).volume(12, 5000).flags("SAPF");
        }
        flows.tcp("10.1.0.6", 50000, "192.0.2.80", 80).at(T0 + 5000, T0 + 6000).volume(5, 400).flags("SAPF");
        flows.tcp("192.0.2.80", 80, "10.1.0.6", 50000).at(T0 + 5010, T0 + 6000).volume(8, 9000).flags("SAPF");
        flows.udp("10.1.0.6", 51000, "192.0.2.53", 53).at(T0 + 7000, T0 + 7000).volume(1, 70);
        flows.tcp("45.155.205.3", 61000, "10.1.0.6", 3389).at(T0 + 8000, T0 + 8000).volume(1, 44).flags("S");
        flows.tcp("10.1.0.6", 3389, "45.155.205.3", 61000).at(T0 + 8001, T0 + 8001).volume(1, 40).flags("RA");
        store = tmp.resolve("store");
        try (FlowStore s = FlowStore.open(store, StoreConfig.DEFAULTS, () -> T0 + 3_600_000)) {
            s.accept(flows.batch());
        }
    }

    @Test
    void theTableListsWhatEachLocalHostOffersAndUses() {
        Run r = run("profile", "--store", store.toString(), "--home", "10.1.0.0/16");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(4);
        assertThat(r.lines().get(0)).containsSubsequence("host", "role", "service", "flows", "bytes", "first", "last");
        // an offered service counts from its first answer on: the very first request came before it
        assertThat(r.lines().get(1)).containsSubsequence("10.1.0.5", "offers", "tcp/22", "3", "11000",
                "2025-11-24T16:00:00.010Z", "2025-11-24T16:01:01Z");
        assertThat(r.lines().get(2)).containsSubsequence("10.1.0.6", "uses", "tcp/80", "2", "9400");
        assertThat(r.lines().get(3)).containsSubsequence("10.1.0.6", "uses", "udp/53", "1", "70");
        assertThat(r.out()).doesNotContain("3389", "40000", "50000");
        assertThat(r.err()).startsWith("Summary: flows 9,");
    }

    @Test
    void csvAndJsonCarryTheSameRows() throws Exception {
        Run csv = run("profile", "--store", store.toString(), "--home", "10.1.0.0/16", "--format", "csv", "--quiet");
        assertThat(csv.lines()).containsExactly("host,role,service,flows,bytes,first,last",
                "10.1.0.5,offers,tcp/22,3,11000,2025-11-24T16:00:00.010Z,2025-11-24T16:01:01Z",
                "10.1.0.6,uses,tcp/80,2,9400,2025-11-24T16:00:05Z,2025-11-24T16:00:06Z",
                "10.1.0.6,uses,udp/53,1,70,2025-11-24T16:00:07Z,2025-11-24T16:00:07Z");
        assertThat(csv.err()).isEmpty();

        Run json = run("profile", "--store", store.toString(), "--home", "10.1.0.0/16", "--format", "json", "--quiet");
        assertThat(json.lines()).hasSize(3);
        JsonNode first = new ObjectMapper().readTree(json.lines().get(0));
        assertThat(first.get("host").asText()).isEqualTo("10.1.0.5");
        assertThat(first.get("service").asText()).isEqualTo("tcp/22");
        assertThat(first.get("flows").asLong()).isEqualTo(3);
    }

    @Test
    void hostNarrowsTheProfileToOneHost() {
        Run r = run("profile", "--store", store.toString(), "--home", "10.1.0.0/16", "--host", "10.1.0.6",
                "--format", "csv", "--quiet");
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().subList(1, 3)).allMatch(l -> l.startsWith("10.1.0.6,uses,"));

        Run none = run("profile", "--store", store.toString(), "--home", "10.1.0.0/16", "--host", "10.1.0.99", "--quiet");
        assertThat(none.code()).isZero();
        assertThat(none.err()).contains("no services of 10.1.0.99");
    }

    @Test
    void withoutHomeThePrivateRangesAreLocal() {
        Run r = run("profile", "--store", store.toString(), "--format", "csv", "--quiet");
        assertThat(r.lines()).hasSize(4);
    }

    @Test
    void theDetectorsSavedProfilePrintsLikeTheStoresProfile() throws Exception {
        Path file = tmp.resolve("services.json");
        NewServiceParams p = new NewServiceParams();
        p.profileFile = file.toString();
        NewServiceDetector d = new NewServiceDetector(p, HomeNetworks.of(List.of("10.1.0.0/16")), a -> { });
        TestFlows.feed(d, flows.batch());
        d.finish();
        Run saved = run("profile", "--profile-file", file.toString(), "--format", "csv");
        Run scanned = run("profile", "--store", store.toString(), "--home", "10.1.0.0/16", "--format", "csv", "--quiet");
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.out()).isEqualTo(scanned.out());
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCodeTwo() throws Exception {
        Path garbage = tmp.resolve("garbage.json");
        Files.writeString(garbage, "not json");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"profile"});
        cases.add(new String[] {"profile", "--store", tmp.resolve("missing").toString()});
        cases.add(new String[] {"profile", "--store", store.toString(), "--host", "somewhere"});
        cases.add(new String[] {"profile", "--store", store.toString(), "--home", "10.1.0.0/99"});
        cases.add(new String[] {"profile", "--store", store.toString(), "--profile-file", garbage.toString()});
        cases.add(new String[] {"profile", "--profile-file", garbage.toString()});
        for (String[] args : cases) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("flowsec: ");
        }
        assertThat(run("profile", "--help").out()).contains("Usage: flowsec profile");
    }
}
