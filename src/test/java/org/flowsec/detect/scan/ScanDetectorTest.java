package org.flowsec.detect.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowsec.detect.scan.TestFlows.ACK;
import static org.flowsec.detect.scan.TestFlows.FIN;
import static org.flowsec.detect.scan.TestFlows.PSH;
import static org.flowsec.detect.scan.TestFlows.RST;
import static org.flowsec.detect.scan.TestFlows.SYN;
import static org.flowsec.detect.scan.TestFlows.URG;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Severity;
import org.flowsec.query.filter.Filter;
import org.flowsec.query.filter.FlowPredicate;
import org.junit.jupiter.api.Test;

class ScanDetectorTest {
    static final long T0 = 1_700_000_000_000L;

    /** Ordinary answered web traffic of other hosts, to mix with the attack. */
    private static void background(TestFlows f, int n, long start) {
        for (int i = 0; i < n; i++) {
            String client = "10.1.0." + (1 + i % 50);
            String server = "93.184." + (i % 7) + "." + (1 + i % 200);
            long t = start + i * 100L;
            f.tcp(client, 50000 + i, server, 443, SYN | ACK | PSH | FIN, 12, 2000, t, t + 900);
            f.tcp(server, 443, client, 50000 + i, SYN | ACK | PSH | FIN, 14, 15000, t + 20, t + 900);
        }
    }

    private static Set<Integer> selected(String evidence, TestFlows f) {
        FlowPredicate p = Filter.parse(evidence).predicate();
        Set<Integer> rows = new HashSet<>();
        for (int r = 0; r < f.batch.size(); r++) {
            if (p.test(f.batch, r)) {
                rows.add(r);
            }
        }
        return rows;
    }

    @Test
    void aVerticalScanOfOneHostIsNamedOnceWithItsPortsCountsAndEvidence() {
        TestFlows f = new TestFlows();
        background(f, 300, T0);
        Set<Integer> scanRows = new HashSet<>();
        for (int port = 1; port <= 1001; port++) {
            scanRows.add(f.syn("10.0.0.5", "198.124.152.15", port, T0 + port * 10L));
        }
        background(f, 300, T0 + 20_000);

        TestFlows.Run run = new TestFlows.Run().all(f.batch);

        assertThat(run.keys()).containsExactly("scan/vertical/10.0.0.5/198.124.152.15");
        Alert a = run.latest().get("scan/vertical/10.0.0.5/198.124.152.15");
        assertThat(a.summary()).isEqualTo("10.0.0.5 probed 1001 ports on 198.124.152.15 (1001 unanswered)");
        assertThat(a.srcAddr()).isEqualTo("10.0.0.5");
        assertThat(a.dstAddr()).isEqualTo("198.124.152.15");
        assertThat(a.proto()).isEqualTo(6);
        assertThat(a.ports()).hasSize(20).startsWith(1, 2, 3).isSorted();
        assertThat(a.counts()).containsEntry("ports", 1001L).containsEntry("failed_ports", 1001L)
                .containsEntry("answered_ports", 0L).containsEntry("attempts", 1001L);
        assertThat(a.thresholds()).containsEntry("vertical_ports", 15.0);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL); // > 1000 ports, from inside
        assertThat(a.first()).isEqualTo(T0 + 10);
        assertThat(a.last()).isEqualTo(T0 + 10_010);
        assertThat(a.evidence()).isEqualTo("src ip 10.0.0.5 and dst ip 198.124.152.15 and proto tcp");
        assertThat(selected(a.evidence(), f)).isEqualTo(scanRows);
        // raised at the threshold, then again as the count doubled and at the end: one finding, a few updates
        assertThat(run.alerts).hasSizeBetween(2, 12).allMatch(x -> x.key().equals(a.key()));
        assertThat(run.alerts.get(0).counts()).containsEntry("failed_ports", 15L);
    }

    @Test
    void aHorizontalScanOfOnePortIsNamedAndItsEvidenceSelectsExactlyTheProbes() {
        TestFlows f = new TestFlows();
        background(f, 200, T0);
        Set<Integer> scanRows = new HashSet<>();
        for (int i = 1; i <= 60; i++) {
            String victim = "10.2.0." + i;
            scanRows.add(f.syn("45.155.205.3", victim, 22, T0 + i * 50L));
            if (i % 3 == 0) {
                f.rst("45.155.205.3", victim, 22, T0 + i * 50L + 1);
            }
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);

        assertThat(run.keys()).containsExactly("scan/horizontal/45.155.205.3/tcp/22");
        Alert a = run.latest().values().iterator().next();
        assertThat(a.summary()).isEqualTo("45.155.205.3 probed 60 hosts on tcp port 22 (60 failed)");
        assertThat(a.counts()).containsEntry("failed_hosts", 60L).containsEntry("refused", 20L)
                .containsEntry("unanswered", 40L);
        assertThat(a.ports()).containsExactly(22);
        assertThat(a.severity()).isEqualTo(Severity.LOW);
        assertThat(a.evidence()).isEqualTo("src ip 45.155.205.3 and dst port 22 and proto tcp");
        assertThat(selected(a.evidence(), f)).isEqualTo(scanRows);
    }

    @Test
    void anIcmpEchoSweepOfALanIsNamedEvenWhenMostHostsAnswer() {
        TestFlows f = new TestFlows();
        for (int i = 1; i <= 40; i++) {
            String host = "192.168.1." + i;
            f.icmp("192.168.1.109", host, 8, 0, 1, T0 + i * 20L);
            if (i % 4 != 0) {
                f.icmp(host, "192.168.1.109", 0, 0, 1, T0 + i * 20L + 2);
            }
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);

        assertThat(run.keys()).containsExactly("scan/horizontal/192.168.1.109/icmp/8");
        Alert a = run.latest().values().iterator().next();
        assertThat(a.summary()).startsWith("192.168.1.109 swept 40 hosts with ICMP echo requests (10 unanswered, 30 answered)");
        assertThat(a.evidence()).isEqualTo("src ip 192.168.1.109 and proto icmp and icmp-type 8");
        assertThat(selected(a.evidence(), f)).hasSize(40);
    }

    @Test
    void aSlowScanOfOneProbeEveryThirtySecondsIsNamedWhileTheWatermarkMoves() {
        TestFlows f = new TestFlows();
        for (int i = 0; i < 40; i++) {
            f.syn("203.0.113.9", "10.3.0.7", 1000 + i, T0 + i * 30_000L);
        }
        TestFlows.Run run = new TestFlows.Run();
        for (int r = 0; r < f.batch.size(); r++) {
            run.detector.accept(f.batch, r);
            run.detector.advance(T0 + r * 30_000L - 60_000); // watermark one minute behind, as live
        }
        assertThat(run.alerts).isNotEmpty();
        assertThat(run.alerts.get(0).key()).isEqualTo("scan/vertical/203.0.113.9/10.3.0.7");
        run.detector.advance(Long.MAX_VALUE);
        run.detector.finish();
        assertThat(run.latest().get("scan/vertical/203.0.113.9/10.3.0.7").counts()).containsEntry("failed_ports", 40L);
    }

    @Test
    void aSlowHorizontalScanAcrossTwentyMinutesIsNamed() {
        TestFlows f = new TestFlows();
        for (int i = 0; i < 40; i++) {
            f.syn("203.0.113.10", "10.4.0." + (i + 1), 3389, T0 + i * 30_000L);
        }
        TestFlows.Run run = new TestFlows.Run();
        for (int r = 0; r < f.batch.size(); r++) {
            run.detector.accept(f.batch, r);
            run.detector.advance(T0 + r * 30_000L - 60_000);
        }
        run.detector.advance(Long.MAX_VALUE);
        run.detector.finish();
        assertThat(run.keys()).containsExactly("scan/horizontal/203.0.113.10/tcp/3389");
        assertThat(run.latest().values().iterator().next().counts()).containsEntry("failed_hosts", 40L);
    }

    @Test
    void theSequentialTestNamesAScannerAfterFourFailedFirstContacts() {
        TestFlows f = new TestFlows();
        for (int i = 1; i <= 5; i++) {
            f.syn("198.51.100.77", "10.5.0." + i, 445, T0 + i * 1000L);
            f.rst("198.51.100.77", "10.5.0." + i, 445, T0 + i * 1000L + 1);
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);

        assertThat(run.keys()).containsExactly("scan/horizontal/198.51.100.77/tcp/445");
        Alert first = run.alerts.get(0);
        assertThat(first.counts()).containsEntry("failed_hosts", 4L).containsEntry("trw_failed_first_contacts", 4L);
        assertThat(first.summary()).endsWith("named by the sequential test");
        assertThat(first.thresholds()).containsEntry("trw_likelihood_ratio", 99.0);
        // the final update when the key expires still carries the sequential test's count
        assertThat(run.latest().get(first.key()).counts()).containsEntry("failed_hosts", 5L)
                .containsEntry("trw_failed_first_contacts", 5L);
    }

    @Test
    void threeFailedFirstContactsAreNotEnough() {
        TestFlows f = new TestFlows();
        for (int i = 1; i <= 3; i++) {
            f.syn("198.51.100.78", "10.5.0." + i, 445, T0 + i * 1000L);
        }
        assertThat(new TestFlows.Run().all(f.batch).alerts).isEmpty();
    }

    @Test
    void aBusyClientBrowsingTwoHundredServersWithSomeDeadOnesIsNotNamed() {
        TestFlows f = new TestFlows();
        String client = "10.6.0.20";
        for (int i = 1; i <= 200; i++) {
            String server = "151.101." + (i % 13) + "." + i;
            long t = T0 + i * 500L;
            f.udp(client, 30000 + i, "10.6.0.1", 53, 1, 70, t, t);
            f.udp("10.6.0.1", 53, client, 30000 + i, 1, 180, t + 3, t + 3);
            if (i % 20 == 0) {
                // a dead server: the SYN and its retransmissions go unanswered
                f.tcp(client, 50000 + i, server, 443, SYN, 3, 180, t + 10, t + 3010);
                continue;
            }
            f.tcp(client, 50000 + i, server, 443, SYN | ACK | PSH | FIN, 15, 2500, t + 10, t + 4000);
            f.tcp(server, 443, client, 50000 + i, SYN | ACK | PSH | FIN, 20, 25000, t + 30, t + 4000);
            // the stray last ACK some stacks send after the close: an ACK-only packet nobody answers
            f.tcp(client, 50000 + i, server, 443, ACK, 1, 52, t + 4100, t + 4100);
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        assertThat(run.alerts).isEmpty();
    }

    @Test
    void aDnsResolverTalkingToThousandsOfServersIsNotNamed() {
        TestFlows f = new TestFlows();
        String resolver = "10.7.0.53";
        for (int i = 0; i < 3000; i++) {
            String server = (i % 200 + 20) + "." + (i % 97) + "." + (i / 97 % 250) + "." + (i % 250 + 1);
            long t = T0 + i * 40L;
            f.udp(resolver, 20000 + i % 40000, server, 53, 1, 80, t, t);
            if (i % 25 != 0) { // 4 % of the authoritative servers never answer
                f.udp(server, 53, resolver, 20000 + i % 40000, 1, 300, t + 30, t + 30);
            }
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        assertThat(run.alerts).isEmpty();
    }

    @Test
    void aDnsResolverSeenOnlyOneWayIsNotNamed() {
        TestFlows f = new TestFlows();
        for (int i = 0; i < 3000; i++) {
            String server = (i % 200 + 20) + "." + (i % 97) + "." + (i / 97 % 250) + "." + (i % 250 + 1);
            f.udp("10.7.0.54", 20000 + i, server, 53, 1, 80, T0 + i * 40L, T0 + i * 40L);
            f.udp("10.7.0.54", 20000 + i, "192.0.2." + (i % 4 + 1), 123, 1, 76, T0 + i * 40L, T0 + i * 40L);
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        assertThat(run.alerts).isEmpty();
        assertThat(run.detector.counters().get("fan_out_ignored")).isEqualTo(6000L);
    }

    @Test
    void repliesPairWithTheirProbesWhetherTheyArriveBeforeOrAfterThem() {
        TestFlows f = new TestFlows();
        // 60 SYNs to 60 hosts, every one answered by a SYN-ACK: half of the answers are exported first
        for (int i = 1; i <= 60; i++) {
            String host = "10.8.0." + i;
            long t = T0 + i * 100L;
            if (i % 2 == 0) {
                f.tcp(host, 443, "172.20.5.5", 41000 + i, SYN | ACK, 1, 44, t + 1, t + 1);
                f.tcp("172.20.5.5", 41000 + i, host, 443, SYN, 1, 44, t, t);
            } else {
                f.tcp("172.20.5.5", 41000 + i, host, 443, SYN, 1, 44, t, t);
            }
        }
        for (int i = 1; i <= 60; i += 2) { // the other half arrives much later, still before the watermark passes
            f.tcp("10.8.0." + i, 443, "172.20.5.5", 41000 + i, SYN | ACK, 1, 44, T0 + i * 100L + 1, T0 + i * 100L + 1);
        }
        TestFlows.Run run = new TestFlows.Run();
        for (int r = 0; r < f.batch.size(); r++) {
            run.detector.accept(f.batch, r);
            run.detector.advance(T0 - 60_000 + r); // far behind: nothing is decided before its answer came
        }
        run.detector.advance(Long.MAX_VALUE);
        run.detector.finish();
        assertThat(run.alerts).isEmpty();
        assertThat(run.detector.counters()).containsEntry("replies_paired", 60L).containsEntry("probes_decided", 60L);

        // the same probes without their answers are a scan
        TestFlows unanswered = new TestFlows();
        for (int i = 1; i <= 60; i++) {
            unanswered.tcp("172.20.5.5", 41000 + i, "10.8.0." + i, 443, SYN, 1, 44, T0 + i * 100L, T0 + i * 100L);
        }
        assertThat(new TestFlows.Run().all(unanswered.batch).keys()).containsExactly("scan/horizontal/172.20.5.5/tcp/443");
    }

    @Test
    void anAnswerThatArrivesAfterTheWatermarkPassedIsTooLate() {
        TestFlows f = new TestFlows();
        for (int i = 1; i <= 30; i++) {
            f.tcp("172.20.5.6", 41000 + i, "10.8.1." + i, 443, SYN, 1, 44, T0 + i, T0 + i);
        }
        TestFlows.Run run = new TestFlows.Run();
        for (int r = 0; r < f.batch.size(); r++) {
            run.detector.accept(f.batch, r);
        }
        run.detector.advance(T0 + 31 + 30_000); // every probe's pair wait is over
        assertThat(run.alerts).isNotEmpty();
    }

    @Test
    void aRecordWithACorruptEndTimeDoesNotHoldBackTheOthers() {
        TestFlows f = new TestFlows();
        f.tcp("10.17.0.1", 40000, "10.17.0.2", 80, SYN, 1, 44, T0, Long.MAX_VALUE / 2);
        for (int i = 1; i <= 30; i++) {
            f.syn("172.20.9.9", "10.17.1." + i, 23, T0 + i);
        }
        TestFlows.Run run = new TestFlows.Run();
        for (int r = 0; r < f.batch.size(); r++) {
            run.detector.accept(f.batch, r);
        }
        run.detector.advance(T0 + 31 + 30_000);
        assertThat(run.keys()).containsExactly("scan/horizontal/172.20.9.9/tcp/23");
        assertThat(run.detector.counters().get("pending")).isEqualTo(1L);
    }

    @Test
    void spoofedSourcesOfASynFloodAreNotNamed() {
        TestFlows f = new TestFlows();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 50_000; i++) {
            String spoofed = (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
            long t = T0 + i;
            f.tcp(spoofed, 1024 + rnd.nextInt(60000), "10.9.0.80", 80, SYN, 1 + rnd.nextInt(2), 60, t, t);
            if (i % 3 == 0) {
                f.tcp("10.9.0.80", 80, spoofed, 1024, SYN | ACK, 2, 88, t + 1, t + 1000);
            }
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        assertThat(run.alerts).isEmpty();
        assertThat(run.detector.counters().get("probes_decided")).isGreaterThan(40_000L);
    }

    @Test
    void anAllowlistedScannerIsNotNamedButOthersStillAre() {
        TestFlows f = new TestFlows();
        for (int i = 1; i <= 100; i++) {
            f.syn("10.10.0.250", "10.11.0." + i, 443, T0 + i * 10L);
            f.syn("10.10.0.251", "10.11.0." + i, 443, T0 + i * 10L + 5);
        }
        ScanParams params = new ScanParams();
        params.allow = List.of("10.10.0.250/32");
        TestFlows.Run run = new TestFlows.Run(params).all(f.batch);
        assertThat(run.keys()).containsExactly("scan/horizontal/10.10.0.251/tcp/443");
        assertThat(run.detector.counters().get("allowed")).isEqualTo(100L);
    }

    @Test
    void craftedProbesToAFewPortsAreNamedAsFingerprinting() {
        TestFlows f = new TestFlows();
        f.tcp("172.16.16.128", 53950, "172.16.16.150", 135, 0, 1, 40, T0, T0);
        f.tcp("172.16.16.128", 53951, "172.16.16.150", 135, SYN | FIN | PSH | URG, 1, 40, T0 + 25, T0 + 25);
        f.tcp("172.16.16.128", 53955, "172.16.16.150", 41296, FIN | PSH | URG, 1, 40, T0 + 50, T0 + 50);
        f.tcp("172.16.16.150", 41296, "172.16.16.128", 53955, RST | ACK, 1, 40, T0 + 51, T0 + 51);
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        assertThat(run.keys()).containsExactly("scan/vertical/172.16.16.128/172.16.16.150");
        Alert a = run.latest().values().iterator().next();
        assertThat(a.summary()).contains("3 kinds of crafted or half-open probes");
        assertThat(a.counts()).containsEntry("crafted_probes", 3L);
    }

    @Test
    void tracerouteAndExportersWithoutTcpFlagsAreNotScans() {
        TestFlows f = new TestFlows();
        for (int hop = 0; hop < 30; hop++) {
            f.udp("10.12.0.1", 42000 + hop, "8.8.8.8", 33434 + hop, 1, 60, T0 + hop * 10L, T0 + hop * 10L);
        }
        // an exporter that leaves TCP flags 0: its real connections carry data...
        for (int i = 0; i < 200; i++) {
            f.tcp("10.12.0.2", 50000 + i, "93.184.216." + (i % 50), 443, 0, 20, 9000, T0 + i, T0 + i + 500);
        }
        // ...and its small flows to one host on 20 ports are not NULL scans
        for (int i = 0; i < 20; i++) {
            f.tcp("10.12.0.2", 51000 + i, "93.184.216.1", 8000 + i, 0, 1, 40, T0 + 1000 + i, T0 + 1000 + i);
        }
        assertThat(new TestFlows.Run().all(f.batch).alerts).isEmpty();
    }

    @Test
    void aBlockScanOfManyPortsOnManyHostsStaysAHandfulOfAlerts() {
        TestFlows f = new TestFlows();
        for (int h = 1; h <= 64; h++) {
            for (int port = 1; port <= 100; port++) {
                f.syn("10.13.0.9", "10.14.0." + h, port, T0 + h * 1000L + port);
            }
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        assertThat(run.keys()).hasSize(new ScanParams().maxAlertsPerSource);
        assertThat(run.detector.counters().get("alerts_folded")).isGreaterThan(100L);
    }

    @Test
    void ipv6ScansAreNamedWithIpv6Evidence() {
        TestFlows f = new TestFlows();
        Set<Integer> rows = new HashSet<>();
        for (int port = 1; port <= 30; port++) {
            rows.add(f.tcp("2001:db8::5", 40000 + port, "2001:db8:1::9", port, SYN, 1, 64, T0 + port, T0 + port));
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        Alert a = run.latest().get("scan/vertical/2001:db8::5/2001:db8:1::9");
        assertThat(a).isNotNull();
        assertThat(selected(a.evidence(), f)).isEqualTo(rows);
    }

    @Test
    void anUnreachableRefusesUdpProbesOfItsHostPair() {
        TestFlows f = new TestFlows();
        for (int port = 1; port <= 20; port++) {
            f.udp("10.15.0.1", 45000, "10.15.0.2", 1000 + port, 1, 28, T0 + port, T0 + port);
            f.icmp("10.15.0.2", "10.15.0.1", 3, 3, 1, T0 + port + 1);
        }
        TestFlows.Run run = new TestFlows.Run().all(f.batch);
        Alert a = run.latest().get("scan/vertical/10.15.0.1/10.15.0.2");
        assertThat(a.summary()).isEqualTo("10.15.0.1 probed 20 ports on 10.15.0.2 (20 refused)");
        assertThat(a.proto()).isEqualTo(17);
    }

    @Test
    void countersNameTheStateSizes() {
        TestFlows f = new TestFlows();
        f.syn("10.16.0.1", "10.16.0.2", 80, T0);
        TestFlows.Run run = new TestFlows.Run();
        run.detector.accept(f.batch, 0);
        Map<String, Long> c = run.detector.counters();
        assertThat(c).containsEntry("flows", 1L).containsEntry("probes", 1L).containsEntry("pending", 1L);
        run.detector.advance(T0 + 31_000);
        assertThat(run.detector.counters()).containsEntry("pending", 0L).containsEntry("sources", 1L);
        List<String> names = new ArrayList<>(run.detector.counters().keySet());
        assertThat(names).contains("source_evictions", "pending_evictions", "distinct_capped", "late_flows");
    }
}
