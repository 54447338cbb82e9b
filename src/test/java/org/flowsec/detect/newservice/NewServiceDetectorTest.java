package org.flowsec.detect.newservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.Severity;
import org.flowsec.detect.bigtalker.TestFlows;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewServiceDetectorTest {
    static final long T0 = 1_764_000_000_000L;
    static final long HOUR = 3_600_000;
    static final String SERVER = "10.0.0.5";
    static final String CLIENT = "10.0.0.6";

    @TempDir
    Path tmp;

    private final TestFlows.Alerts alerts = new TestFlows.Alerts();

    private static NewServiceParams params() {
        NewServiceParams p = new NewServiceParams();
        p.learningPeriod = "1h";
        return p;
    }

    private NewServiceDetector detector(NewServiceParams p) {
        return new NewServiceDetector(p, HomeNetworks.of(List.of("10.0.0.0/16")), alerts);
    }

    /** A TCP session: the client's SYN...FIN record and the server's SYN|ACK answer. */
    private static void session(TestFlows f, String client, int clientPort, String server, int serverPort, long t) {
        f.tcp(client, clientPort, server, serverPort).at(t, t + 500).volume(8, 900).flags("SAPF");
        f.tcp(server, serverPort, client, clientPort).at(t + 20, t + 500).volume(10, 9000).flags("SAPF");
    }

    /** The learning hour: SERVER offers ssh and https to outsiders; CLIENT browses and resolves names. */
    private static TestFlows learningTraffic() {
        TestFlows f = new TestFlows();
        for (int i = 0; i < 30; i++) {
            long t = T0 + i * 60_000L;
            session(f, "198.51.100." + (i + 1), 40000 + i, SERVER, 22, t);
            session(f, "203.0.113." + (i + 1), 50000 + i, SERVER, 443, t + 5000);
            session(f, CLIENT, 33000 + i, "192.0.2.80", 80, t + 10_000);
            f.udp(CLIENT, 45000 + i, "192.0.2.53", 53).at(t + 11_000, t + 11_000).volume(1, 70);
            f.udp("192.0.2.53", 53, CLIENT, 45000 + i).at(t + 11_010, t + 11_010).volume(1, 200);
        }
        return f;
    }

    private NewServiceDetector learned(NewServiceParams p) {
        NewServiceDetector d = detector(p);
        TestFlows.feed(d, learningTraffic().batch());
        d.advance(T0 + HOUR);
        assertThat(d.learned()).isTrue();
        return d;
    }

    @Test
    void aKnownHostAnsweringOnANewPortAfterLearningIsAHighAlert() {
        NewServiceDetector d = learned(params());
        TestFlows after = new TestFlows();
        long t = T0 + HOUR + 60_000;
        session(after, "198.51.100.9", 41000, SERVER, 22, t); // known service
        session(after, "198.51.100.9", 41001, SERVER, 8443, t + 1000); // new
        session(after, "198.51.100.10", 41002, SERVER, 8443, t + 2000); // same finding again
        TestFlows.feed(d, after.batch());

        assertThat(alerts.raised).hasSize(1);
        Alert a = alerts.raised.get(0);
        assertThat(a.detector()).isEqualTo("newservice");
        assertThat(a.severity()).isEqualTo(Severity.HIGH);
        assertThat(a.srcAddr()).isEqualTo(SERVER);
        assertThat(a.dstAddr()).isEqualTo("198.51.100.9");
        assertThat(a.proto()).isEqualTo(6);
        assertThat(a.ports()).containsExactly(8443);
        assertThat(a.summary()).isEqualTo("10.0.0.5 answers on tcp/8443 (to 198.51.100.9), a service it did not offer before.");

        // the evidence selects both directions of the 8443 sessions and nothing else
        Filter evidence = Filter.parse(a.evidence());
        FlowBatch b = after.batch();
        int selected = 0;
        for (int r = 0; r < b.size(); r++) {
            boolean port8443 = b.get(Field.SRC_PORT, r) == 8443 || b.get(Field.DST_PORT, r) == 8443;
            assertThat(evidence.predicate().test(b, r)).isEqualTo(port8443);
            selected += port8443 ? 1 : 0;
        }
        assertThat(selected).isEqualTo(4);
        assertThat(d.profile().hosts()).filteredOn(h -> h.host().equals(SERVER)).singleElement()
                .satisfies(h -> assertThat(h.offers()).extracting(HostProfile.Service::text)
                        .containsExactly("tcp/22", "tcp/443", "tcp/8443"));
    }

    @Test
    void ephemeralClientPortsNeverBecomeServices() {
        NewServiceParams p = params();
        p.alertNewClientServices = true;
        NewServiceDetector d = learned(p);
        TestFlows after = new TestFlows();
        for (int i = 0; i < 50; i++) {
            session(after, CLIENT, 33100 + i, "192.0.2.80", 80, T0 + HOUR + 1000L * i); // known use, new client ports
            // two ephemeral ports (a P2P or WebRTC pair): nobody can tell the server, so no service either
            after.udp(CLIENT, 50000 + i, "192.0.2.99", 60000 + i).at(T0 + HOUR + 1000L * i, T0 + HOUR + 1000L * i);
        }
        TestFlows.feed(d, after.batch());
        assertThat(alerts.raised).isEmpty();
        HostProfile client = d.profile().hosts().stream().filter(h -> h.host().equals(CLIENT)).findFirst().orElseThrow();
        assertThat(client.offers()).isEmpty();
        assertThat(client.uses()).extracting(HostProfile.Service::text).containsExactly("tcp/80", "udp/53");
        assertThat(client.uses().get(0).flows()).isEqualTo(2 * 30 + 2 * 50); // both directions of every session
        assertThat(d.counters().get("undecided_flows")).isEqualTo(50);
    }

    @Test
    void aScanOfClosedPortsAnsweredWithResetsMakesNoService() {
        NewServiceDetector d = learned(params());
        TestFlows scan = new TestFlows();
        for (int port = 1; port <= 200; port++) {
            long t = T0 + HOUR + port * 10L;
            scan.tcp("45.155.205.3", 61000, SERVER, port).at(t, t).volume(1, 44).flags("S");
            if (port != 22 && port != 443) {
                scan.tcp(SERVER, port, "45.155.205.3", 61000).at(t + 1, t + 1).volume(1, 40).flags("RA");
            }
        }
        TestFlows.feed(d, scan.batch());
        assertThat(alerts.raised).isEmpty();
        assertThat(d.profile().hosts()).filteredOn(h -> h.host().equals(SERVER)).singleElement()
                .satisfies(h -> assertThat(h.offers()).extracting(HostProfile.Service::text).containsExactly("tcp/22", "tcp/443"));
    }

    @Test
    void aNeverSeenHostAnsweringAsAServerIsAHighAlertButANewClientIsOnlyProfiled() {
        NewServiceDetector d = learned(params());
        TestFlows after = new TestFlows();
        session(after, "10.0.0.70", 40000, "192.0.2.80", 80, T0 + HOUR + 1000); // new client host: profiled only
        session(after, "198.51.100.3", 40000, "10.0.0.77", 3389, T0 + HOUR + 2000); // new host serving rdp
        TestFlows.feed(d, after.batch());
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.srcAddr()).isEqualTo("10.0.0.77");
            assertThat(a.summary()).isEqualTo("New local host 10.0.0.77 answers as a server on tcp/3389 (to 198.51.100.3), after the profile was learned.");
        });
        assertThat(d.profile().hosts()).extracting(HostProfile::host).contains("10.0.0.70", "10.0.0.77");
    }

    @Test
    void newHostsAndNewClientServicesAlertWhenTurnedOn() {
        NewServiceParams p = params();
        p.alertNewHosts = true;
        p.alertNewClientServices = true;
        NewServiceDetector d = learned(p);
        TestFlows after = new TestFlows();
        after.udp("10.0.0.70", 40000, "192.0.2.53", 53).at(T0 + HOUR + 1000, T0 + HOUR + 1000);
        session(after, CLIENT, 40001, "192.0.2.66", 6667, T0 + HOUR + 2000);
        TestFlows.feed(d, after.batch());
        assertThat(alerts.raised).hasSize(2);
        Alert host = alerts.raised.get(0);
        assertThat(host.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(host.summary()).isEqualTo("New local host 10.0.0.70 appeared after the profile was learned (first flow: udp to 192.0.2.53).");
        assertThat(Filter.parse(host.evidence()).predicate().test(after.batch(), 0)).isTrue();
        Alert use = alerts.raised.get(1);
        assertThat(use.severity()).isEqualTo(Severity.LOW);
        assertThat(use.summary()).isEqualTo("10.0.0.6 uses tcp/6667 as a client (to 192.0.2.66) for the first time since the profile was learned.");
        assertThat(Filter.parse(use.evidence()).predicate().test(after.batch(), 1)).isTrue();
    }

    @Test
    void flowsOfTheLearningPeriodThatArriveLateAreLearnedSilently() {
        NewServiceDetector d = learned(params());
        TestFlows late = new TestFlows();
        session(late, "198.51.100.4", 40000, SERVER, 8080, T0 + HOUR - 5000); // started before learning ended
        TestFlows.feed(d, late.batch());
        assertThat(alerts.raised).isEmpty();
        assertThat(d.profile().hosts()).filteredOn(h -> h.host().equals(SERVER)).singleElement()
                .satisfies(h -> assertThat(h.offers()).extracting(HostProfile.Service::port).contains(8080));
    }

    @Test
    void nothingAlertsBeforeTheWatermarkPassesTheEndOfLearning() {
        NewServiceDetector d = detector(params());
        TestFlows.feed(d, learningTraffic().batch());
        TestFlows after = new TestFlows();
        session(after, "198.51.100.9", 41001, SERVER, 8443, T0 + HOUR + 1000);
        TestFlows.feed(d, after.batch());
        d.advance(T0 + HOUR - 1);
        assertThat(d.learned()).isFalse();
        assertThat(alerts.raised).isEmpty();
    }

    @Test
    void aFirstFlowWithABrokenTimestampDoesNotCutLearningShort() {
        NewServiceDetector d = detector(params());
        TestFlows broken = new TestFlows();
        session(broken, "198.51.100.1", 40000, SERVER, 25, 0); // 1970
        TestFlows.feed(d, broken.batch());
        TestFlows.feed(d, learningTraffic().batch());
        d.advance(T0);
        assertThat(d.learned()).isFalse();
        TestFlows more = new TestFlows();
        session(more, "198.51.100.9", 41001, SERVER, 8443, T0 + 60_000);
        TestFlows.feed(d, more.batch());
        d.advance(T0 + HOUR);
        assertThat(d.learned()).isTrue();
        assertThat(alerts.raised).isEmpty();
        assertThat(d.counters().get("learning_restarts")).isEqualTo(1);
    }

    @Test
    void allowedHostsAreProfiledButNotAlerted() {
        NewServiceParams p = params();
        p.allow = List.of(SERVER);
        NewServiceDetector d = learned(p);
        TestFlows after = new TestFlows();
        session(after, "198.51.100.9", 41001, SERVER, 8443, T0 + HOUR + 1000);
        TestFlows.feed(d, after.batch());
        assertThat(alerts.raised).isEmpty();
    }

    @Test
    void theProfileIsSavedAndReloadedUnchangedAndLearningIsNotRepeated() throws Exception {
        Path file = tmp.resolve("profiles/services.json");
        NewServiceParams p = params();
        p.profileFile = file.toString();
        NewServiceDetector first = learned(p);
        first.finish();
        assertThat(file).exists();
        assertThat(tmp.resolve("profiles/services.json.tmp")).doesNotExist();
        assertThat(Files.readString(file)).contains("\"format\" : \"flowsec-service-profile\"", "\"version\" : 1",
                "\"learning_end\"");

        NewServiceDetector second = detector(p);
        assertThat(second.profile().hosts()).isEqualTo(first.profile().hosts());
        assertThat(second.profile().hosts()).hasSize(2);
        assertThat(second.learned()).isTrue();
        TestFlows after = new TestFlows();
        session(after, "198.51.100.9", 41001, SERVER, 8443, T0 + 5 * HOUR);
        TestFlows.feed(second, after.batch());
        assertThat(alerts.raised).extracting(Alert::srcAddr).containsExactly(SERVER);
    }

    @Test
    void aCorruptOrForeignProfileFileIsRefusedWithAClearMessage() throws Exception {
        Path file = tmp.resolve("services.json");
        NewServiceParams p = params();
        p.profileFile = file.toString();

        Files.writeString(file, "{\"format\": \"flowsec-service-profile\", \"version\": 1, \"hosts\": [{\"ho");
        assertThatThrownBy(() -> detector(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("service profile " + file + " is corrupt (")
                .hasMessageEndingWith("fix it or move it away to learn the profile again");

        Files.writeString(file, "{\"format\": \"flowsec-service-profile\", \"version\": 1, \"learning_start\": 1,"
                + " \"learning_end\": 2, \"learned\": true, \"hosts\": [{\"host\": \"not-an-address\", \"first\": 1,"
                + " \"last\": 2, \"offers\": [], \"uses\": []}]}");
        assertThatThrownBy(() -> detector(p)).hasMessageContaining("is corrupt").hasMessageContaining("not-an-address");

        Files.writeString(file, "{\"format\": \"flowsec-service-profile\", \"version\": 9, \"learning_start\": 1,"
                + " \"learning_end\": 2, \"learned\": true, \"hosts\": []}");
        assertThatThrownBy(() -> detector(p)).hasMessageContaining("has version 9, this flowsec reads version 1");

        Files.writeString(file, "[1, 2, 3]");
        assertThatThrownBy(() -> detector(p)).hasMessageContaining("is corrupt");
    }

    @Test
    void theProfileIsBoundedPerHostAndInHostsAndCountsWhatItDrops() {
        NewServiceParams p = params();
        p.maxServicesPerHost = 4;
        p.maxHosts = 3;
        NewServiceDetector d = detector(p);
        TestFlows f = new TestFlows();
        for (int port = 1; port <= 10; port++) {
            session(f, "198.51.100.1", 40000, SERVER, port, T0 + port);
        }
        for (int h = 10; h < 20; h++) {
            f.udp("10.0.1." + h, 40000, "192.0.2.53", 53).at(T0 + h, T0 + h);
        }
        TestFlows.feed(d, f.batch());
        assertThat(d.profile().hosts()).hasSize(3);
        assertThat(d.profile().hosts().get(0).offers()).hasSize(4);
        assertThat(d.counters().get("services_dropped")).isEqualTo(6);
        assertThat(d.counters().get("hosts_dropped")).isEqualTo(8);
    }

    @Test
    void hostsAndServicesNotSeenForTheExpiryAreForgotten() {
        NewServiceParams p = params();
        p.expireAfter = "2h";
        NewServiceDetector d = learned(p);
        TestFlows later = new TestFlows();
        session(later, "198.51.100.1", 40000, SERVER, 22, T0 + 3 * HOUR);
        TestFlows.feed(d, later.batch());
        d.advance(T0 + 4 * HOUR);
        assertThat(d.profile().hosts()).singleElement().satisfies(h -> {
            assertThat(h.host()).isEqualTo(SERVER);
            assertThat(h.offers()).extracting(HostProfile.Service::text).containsExactly("tcp/22");
        });
        assertThat(d.counters().get("hosts_expired")).isEqualTo(1);
    }

    @Test
    void aProfileThatCannotBeSavedIsCountedAndDetectionGoesOn() throws Exception {
        Path blocker = tmp.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        NewServiceParams p = params();
        p.profileFile = blocker.resolve("services.json").toString();
        NewServiceDetector d = learned(p);
        TestFlows after = new TestFlows();
        session(after, "198.51.100.9", 41001, SERVER, 8443, T0 + HOUR + 1000);
        TestFlows.feed(d, after.batch());
        d.finish();
        assertThat(d.counters().get("save_errors")).isPositive();
        assertThat(alerts.raised).hasSize(1);
    }

    @Test
    void profilingFlowsOfKnownServicesAllocatesNothing() {
        NewServiceDetector d = detector(params());
        org.flowsec.generate.RealisticFlowModel model = new org.flowsec.generate.RealisticFlowModel(3, T0, 100, 0.1);
        FlowBatch batch = new FlowBatch(100_000);
        model.fill(batch, 100_000);
        TestFlows.feed(d, batch); // first sight of every host and service: the table grows
        long before = allocatedBytes();
        TestFlows.feed(d, batch);
        TestFlows.feed(d, batch);
        assertThat(allocatedBytes() - before).as("bytes allocated for 200,000 flows").isLessThan(10_000);
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
