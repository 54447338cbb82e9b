package org.flowsec.detect.bruteforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.signature.TestFlows;
import org.junit.jupiter.api.Test;

class BruteForceDetectorTest {
    private static final long T = 1_700_000_000_000L;
    private final List<Alert> raised = new ArrayList<>();
    private final TestFlows flows = new TestFlows();

    private List<Alert> run(BruteForceParams params) {
        BruteForceDetector d = new BruteForceDetector(params, HomeNetworks.of(List.of()), raised::add);
        TestFlows.runAll(d, flows.batch);
        return TestFlows.latestPerKey(raised);
    }

    private List<Alert> run() { return run(new BruteForceParams()); }

    /** One login attempt: the client's flow and the server's reply. */
    private void attempt(String client, int clientPort, String server, int port, long at, long packets, long bytes) {
        flows.tcp(client, clientPort, server, port).packets(packets).bytes(bytes).flags("APSF").at(at, 400);
        flows.tcp(server, port, client, clientPort).packets(packets + 4).bytes(bytes + 300).flags("APSF").at(at, 400);
    }

    @Test
    void manyShortSimilarFtpLoginsFromOneSourceAreNamedWithTheirVictim() {
        for (int i = 0; i < 40; i++) {
            attempt("10.0.0.66", 40000 + i, "10.0.0.21", 21, T + i * 2000L, 12 + i % 2, 580 + i % 7);
        }
        List<Alert> alerts = run();

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("bruteforce/10.0.0.66/10.0.0.21/21");
            assertThat(a.srcAddr()).isEqualTo("10.0.0.66");
            assertThat(a.dstAddr()).isEqualTo("10.0.0.21");
            assertThat(a.ports()).containsExactly(21);
            assertThat(a.counts()).containsEntry("sessions", 40L);
            assertThat(a.summary()).startsWith("10.0.0.66 opened 40 short, similar sessions to ftp (tcp/21) on 10.0.0.21");
            assertThat(a.first()).isEqualTo(T);
            // the evidence shows the 40 client flows, not the replies
            assertThat(TestFlows.selected(a, flows.batch)).hasSize(40).allMatch(r -> r % 2 == 0);
        });
        // first raised at the 30th session, then updated once at the end
        assertThat(raised).extracting(a -> a.counts().get("sessions")).containsExactly(30L, 40L);
    }

    @Test
    void theResetsAPortScannedHostSendsToTheScannersSourcePortAreNoSessions() {
        // nmap probes 1000 ports from one source port; each closed port answers with one RST|ACK packet to that
        // port. The answers from ports above it (nmap's list has dozens from 49152 up) look like short, similar
        // sessions from high client ports to one lower "service" port unless one-packet flows are left out.
        for (int i = 0; i < 100; i++) {
            flows.tcp("10.0.0.25", 49152 + i, "10.0.0.10", 45195).packets(1).bytes(40).flags("AR").at(T + i * 10L, 0);
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void aMailClientPollingImapEveryMinuteForADayRaisesNothing() {
        for (int i = 0; i < 24 * 60; i++) {
            attempt("10.0.0.30", 40000 + i % 20000, "203.0.113.25", 993, T + i * 60_000L, 18, 2400);
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void hourlyBackupsOverSshRaiseNothing() {
        for (int i = 0; i < 24; i++) {
            long at = T + i * 3_600_000L;
            // a short control session (login, list the remote files), then the long transfer
            flows.tcp("10.0.0.40", 50000 + i, "10.0.0.41", 22).packets(40).bytes(6000).flags("APSF").at(at, 2_000);
            flows.tcp("10.0.0.40", 51000 + i, "10.0.0.41", 22).packets(400_000).bytes(500_000_000).flags("APSF")
                    .at(at + 2_000, 1_800_000);
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void aHeavyRemoteDesktopUserWhoseShortSessionsAreAFewAmongManyLongOnesIsNoBruteForce() {
        // 40 short, similar RDP sessions (a guesser's shape) among 120 long ones from the same client to the same
        // server in the same windows: a user reconnecting all day, not a password guesser
        for (int i = 0; i < 160; i++) {
            long at = T + i * 3000L;
            if (i % 4 == 0) {
                attempt("10.0.0.60", 40000 + i, "10.0.0.61", 3389, at, 80 + i % 5, 9000 + i % 11);
            } else {
                flows.tcp("10.0.0.60", 40000 + i, "10.0.0.61", 3389).packets(150).bytes(40_000).flags("APSF")
                        .at(at, 45_000);
            }
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void aGuesserStillAlertsWhenAFewOfItsSessionsAreLong() {
        for (int i = 0; i < 50; i++) {
            long at = T + i * 2000L;
            if (i % 10 == 9) { // one in ten hangs in a tarpit until the server times it out
                flows.tcp("10.0.0.66", 40000 + i, "10.0.0.22", 22).packets(12).bytes(1800).flags("APSF").at(at, 60_000);
            } else {
                attempt("10.0.0.66", 40000 + i, "10.0.0.22", 22, at, 10, 1700 + i % 9);
            }
        }
        assertThat(run()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("bruteforce/10.0.0.66/10.0.0.22/22");
            assertThat(a.counts()).containsEntry("long_sessions_in_window", 5L);
        });
    }

    @Test
    void dissimilarSessionsAreNotBruteForce() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 60; i++) {
            long packets = Math.max(4, Math.round(10 * Math.exp(1.3 * random.nextGaussian())));
            attempt("10.0.0.50", 40000 + i, "10.0.0.51", 22, T + i * 1000L, Math.min(100, packets), 80 * packets);
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void anyPortCatchesASourceFarBeyondTheServicesOtherClients() {
        for (int i = 0; i < 45; i++) {
            attempt("147.32.80.40", 50000 + i, "147.32.80.37", 902, T + i * 300L, 10, 2000 + i % 5 * 50);
        }
        for (int c = 1; c <= 3; c++) {
            attempt("147.32.80." + (100 + c), 50000, "147.32.80.37", 902, T, 10, 2000);
        }
        List<Alert> alerts = run();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("bruteforce/147.32.80.40/147.32.80.37/902");
            assertThat(a.summary()).contains("tcp/902").contains("its other clients average 1.0");
            assertThat(a.thresholds()).containsEntry("baseline_factor", 10.0);
        });
    }

    @Test
    void anyPortStaysQuietWhenEveryClientOfTheServiceBehavesTheSame() {
        for (int i = 0; i < 45; i++) {
            for (int c = 1; c <= 5; c++) {
                attempt("198.51.100." + c, 50000 + i, "10.0.0.90", 9200, T + i * 1000L, 10, 2000);
            }
        }
        assertThat(run()).isEmpty();
    }

    @Test
    void webPortsLoneSynsAndAllowedSourcesAreNotWatched() {
        for (int i = 0; i < 100; i++) {
            attempt("10.0.0.60", 40000 + i, "10.0.0.61", 443, T + i * 1000L, 10, 2000);
            flows.tcp("10.0.0.62", 40000 + i, "10.0.0.63", 22).packets(1).bytes(60).flags("S").at(T + i * 1000L, 0);
            attempt("10.0.0.64", 40000 + i, "10.0.0.65", 22, T + i * 1000L, 10, 2000);
        }
        BruteForceParams p = new BruteForceParams();
        p.allow = List.of("10.0.0.64");
        assertThat(run(p)).isEmpty();
    }

    @Test
    void pairsAreBoundedAndExpireTwoWindowsAfterTheirLastSession() {
        BruteForceParams p = new BruteForceParams();
        p.maxTracked = 2;
        BruteForceDetector d = new BruteForceDetector(p, HomeNetworks.of(List.of()), raised::add);
        for (int i = 1; i <= 3; i++) {
            flows.tcp("10.0.0." + i, 40000, "10.0.0.100", 22).packets(10).bytes(900).flags("APSF").at(T, 100);
        }
        for (int r = 0; r < flows.size(); r++) {
            d.accept(flows.batch, r);
        }
        assertThat(d.counters()).containsEntry("pairs", 2L).containsEntry("pairs_dropped", 1L);
        d.advance(T + 600_101);
        assertThat(d.counters()).containsEntry("pairs", 0L).containsEntry("pairs_evicted", 2L)
                .containsEntry("services", 0L);
        d.accept(flows.batch, 0);
        assertThat(d.counters()).containsEntry("late_flows", 1L).containsEntry("pairs", 1L);
    }
}
