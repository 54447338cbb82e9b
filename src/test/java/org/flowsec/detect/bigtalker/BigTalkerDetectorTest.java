package org.flowsec.detect.bigtalker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.flowsec.detect.Alert;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.Test;

class BigTalkerDetectorTest {
    static final long I = 300_000;
    static final long START = 1_764_000_000_000L; // a multiple of 5 minutes
    static final long MB = 1_000_000;
    static final String QUIET = "10.0.0.99";

    private final TestFlows.Alerts alerts = new TestFlows.Alerts();
    private final List<TopTalkersReport> reports = new ArrayList<>();

    private BigTalkerDetector detector(BigTalkerParams p) {
        return new BigTalkerDetector(p, HomeNetworks.of(List.of("10.0.0.0/16")), alerts, reports::add);
    }

    /** 20 steady hosts 10.0.0.1..20 moving i x 8 MB per interval (13..20 are steady big talkers above 100 MB). */
    private static void background(TestFlows f, long k) {
        long t = START + k * I;
        for (int i = 1; i <= 20; i++) {
            f.tcp("10.0.0." + i, 40000 + i, "192.0.2." + i, 443).at(t + 1000 * i, t + 1000 * i + 60_000).volume(1000, i * 8 * MB);
        }
    }

    /** Runs intervals [from, to): background plus what `extra` adds, the watermark one interval behind. */
    private void run(BigTalkerDetector d, int from, int to, java.util.function.BiConsumer<TestFlows, Long> extra) {
        for (long k = from; k < to; k++) {
            TestFlows f = new TestFlows();
            background(f, k);
            extra.accept(f, k);
            TestFlows.feed(d, f.batch());
            d.advance(START + k * I);
        }
    }

    private static void talk(TestFlows f, long k, String host, long bytes) {
        long t = START + k * I;
        f.tcp(host, 50000, "198.51.100.7", 443).at(t + 10_000, t + 200_000).volume(bytes / 1000, bytes);
    }

    @Test
    void aQuietHostThatStartsTalkingBigIsNamedAfterThreeIntervals() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        run(d, 0, 30, (f, k) -> talk(f, k, QUIET, k < 20 ? MB : 500 * MB));
        d.finish();

        assertThat(alerts.raised).isNotEmpty();
        assertThat(alerts.raised).extracting(Alert::srcAddr).containsOnly(QUIET);
        assertThat(alerts.raised.stream().map(Alert::key).distinct()).hasSize(1);
        Alert a = alerts.raised.get(0);
        assertThat(a.first()).isEqualTo(START + 20 * I);
        assertThat(a.last()).isEqualTo(START + 23 * I - 1);
        assertThat(a.counts().get("bytes")).isEqualTo(1500 * MB);
        assertThat(a.counts().get("rank")).isEqualTo(1);
        assertThat(a.thresholds().get("baseline_bytes")).isBetween(0.9 * MB, 1.1 * MB);
        assertThat(a.summary()).startsWith("10.0.0.99 became a big talker in 10.0.0.0/16: 1.5 GB in 3 intervals of 5 min");
        assertThat(a.detector()).isEqualTo("bigtalker");
    }

    @Test
    void aLongUploadExportedOnlyAtItsEndStillCountsForTheIntervalsItRanIn() {
        // A 20-minute upload under a 30-minute active timeout: its one record arrives when the upload ends,
        // after the watermark has finalised the intervals it ran in; the transfer was sustained all the same.
        BigTalkerDetector d = detector(new BigTalkerParams());
        run(d, 0, 20, (f, k) -> talk(f, k, QUIET, MB));
        run(d, 20, 24, (f, k) -> { });
        TestFlows late = new TestFlows();
        late.tcp(QUIET, 50001, "198.51.100.8", 443).at(START + 20 * I, START + 24 * I - 1_000).volume(4_000_000, 4_000 * MB);
        TestFlows.feed(d, late.batch());
        run(d, 24, 28, (f, k) -> { });
        d.finish();

        assertThat(alerts.raised).isNotEmpty();
        assertThat(alerts.raised).extracting(Alert::srcAddr).containsOnly(QUIET);
        assertThat(alerts.raised.get(0).first()).isLessThan(START + 24 * I);
    }

    @Test
    void oneLateFlowTooSmallForTheIntervalsItCoveredIsNoStreak() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        run(d, 0, 20, (f, k) -> talk(f, k, QUIET, MB));
        run(d, 20, 24, (f, k) -> { });
        TestFlows late = new TestFlows();
        // 150 MB over four intervals: above the 100 MB floor in one interval, not in each of them
        late.tcp(QUIET, 50001, "198.51.100.8", 443).at(START + 20 * I, START + 24 * I - 1_000).volume(150_000, 150 * MB);
        TestFlows.feed(d, late.batch());
        run(d, 24, 28, (f, k) -> { });
        d.finish();

        assertThat(alerts.raised).isEmpty();
    }

    @Test
    void theEvidenceSelectsTheTalkersFlowsOfTheStreakOnly() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        TestFlows all = new TestFlows();
        for (long k = 0; k < 26; k++) {
            TestFlows f = new TestFlows();
            background(f, k);
            talk(f, k, QUIET, k < 20 ? MB : 500 * MB);
            TestFlows.feed(d, f.batch());
            all.batch().appendAll(f.batch());
            d.advance(START + k * I);
        }
        Filter evidence = Filter.parse(alerts.raised.get(0).evidence());
        FlowBatch b = all.batch();
        List<Long> selected = new ArrayList<>();
        for (int r = 0; r < b.size(); r++) {
            if (evidence.predicate().test(b, r)) {
                assertThat(b.formatAddress(org.flowsec.flow.Field.SRC_ADDR, r)).isEqualTo(QUIET);
                selected.add(b.get(org.flowsec.flow.Field.BYTES, r));
            }
        }
        assertThat(selected).containsExactly(500 * MB, 500 * MB, 500 * MB);
    }

    @Test
    void steadyBigTalkersAreNeverAlertedAndATalkerIsNotAlertedAgainOnceItIsItsNormal() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        // 10.0.0.50 is big from the first interval on, before the warm-up ends; QUIET turns big and stays big
        run(d, 0, 80, (f, k) -> {
            talk(f, k, "10.0.0.50", 300 * MB);
            talk(f, k, QUIET, k < 20 ? MB : 500 * MB);
        });
        d.finish();
        assertThat(alerts.raised).extracting(Alert::srcAddr).containsOnly(QUIET);
        assertThat(alerts.raised.stream().map(Alert::key).distinct()).hasSize(1);
        assertThat(alerts.raised.size()).isLessThan(5);
    }

    @Test
    void oneBigDownloadOrTwoIntervalsOfTalkAreNotABigTalker() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        run(d, 0, 40, (f, k) -> {
            talk(f, k, QUIET, k == 20 ? 3000 * MB : MB);
            talk(f, k, "10.0.0.98", k == 25 || k == 26 ? 3000 * MB : MB);
        });
        d.finish();
        assertThat(alerts.raised).isEmpty();
    }

    @Test
    void aHostWithoutHistoryIsQuietOnlyOnceTheDetectorHasWarmedUp() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        run(d, 0, 40, (f, k) -> {
            if (k >= 2) {
                talk(f, k, "10.0.0.60", 400 * MB); // new during warm-up: no history is not "quiet"
            }
            if (k >= 25) {
                talk(f, k, "10.0.0.61", 400 * MB); // new after warm-up: quiet until now
            }
        });
        d.finish();
        assertThat(alerts.raised).extracting(Alert::srcAddr).containsOnly("10.0.0.61");
    }

    @Test
    void aSmallHostWakingUpStaysBelowTheAbsoluteFloor() {
        BigTalkerDetector d = detector(new BigTalkerParams());
        run(d, 0, 40, (f, k) -> talk(f, k, QUIET, k < 20 ? 10_000 : 90 * MB));
        d.finish();
        assertThat(alerts.raised).isEmpty();
        assertThat(reports.get(reports.size() - 1).rows()).extracting(TopTalkersReport.Row::host).contains(QUIET);
    }

    @Test
    void allowedHostsAreRankedButNotAlerted() {
        BigTalkerParams p = new BigTalkerParams();
        p.allow = List.of("10.0.0.96/28");
        BigTalkerDetector d = detector(p);
        run(d, 0, 30, (f, k) -> talk(f, k, QUIET, k < 20 ? MB : 500 * MB));
        d.finish();
        assertThat(alerts.raised).isEmpty();
        assertThat(reports.get(reports.size() - 1).rows().get(0).host()).isEqualTo(QUIET);
    }

    @Test
    void eachNetworkGetsItsOwnTopNReportPerInterval() {
        BigTalkerParams p = new BigTalkerParams();
        p.networks = List.of("10.0.0.0/28", "10.0.0.16/28");
        p.top = 3;
        BigTalkerDetector d = detector(p);
        TestFlows f = new TestFlows();
        background(f, 0);
        f.tcp("192.0.2.200", 443, "10.0.0.2", 40000).at(START + 5000, START + 6000).volume(10, 200 * MB); // received
        TestFlows.feed(d, f.batch());
        d.advance(START + I);

        assertThat(reports).hasSize(2);
        TopTalkersReport low = reports.get(0);
        assertThat(low.network()).isEqualTo("10.0.0.0/28");
        assertThat(low.start()).isEqualTo(START);
        assertThat(low.end()).isEqualTo(START + I);
        assertThat(low.orderBy()).isEqualTo("bytes");
        assertThat(low.rows()).extracting(TopTalkersReport.Row::host).containsExactly("10.0.0.2", "10.0.0.15", "10.0.0.14");
        TopTalkersReport.Row two = low.rows().get(0);
        assertThat(two.bytesIn()).isEqualTo(200 * MB);
        assertThat(two.bytesOut()).isEqualTo(16 * MB);
        assertThat(two.bytes()).isEqualTo(216 * MB);
        assertThat(two.flows()).isEqualTo(2);
        assertThat(reports.get(1).network()).isEqualTo("10.0.0.16/28");
        assertThat(reports.get(1).rows()).extracting(TopTalkersReport.Row::host).containsExactly("10.0.0.20", "10.0.0.19", "10.0.0.18");
        assertThat(d.reports()).isEqualTo(reports);
    }

    @Test
    void hostsCanBeRankedByFlows() {
        BigTalkerParams p = new BigTalkerParams();
        p.orderBy = "flows";
        BigTalkerDetector d = detector(p);
        TestFlows f = new TestFlows();
        background(f, 0);
        for (int i = 0; i < 5; i++) {
            f.udp("10.0.0.77", 50000 + i, "192.0.2.53", 53).at(START + i, START + i).volume(1, 80);
        }
        TestFlows.feed(d, f.batch());
        d.advance(START + I);
        assertThat(reports.get(0).rows().get(0).host()).isEqualTo("10.0.0.77");
        assertThat(reports.get(0).rows().get(0).flows()).isEqualTo(5);
    }

    @Test
    void flowsArrivingOutOfOrderAroundIntervalEndsGiveTheSameReportsAndLateOnesStillCount() {
        List<Integer> order = new ArrayList<>();
        TestFlows f = new TestFlows();
        for (long k = 0; k < 4; k++) {
            background(f, k);
            // straddles the interval end: 60 s before, 60 s after
            f.tcp("10.0.0.30", 40000, "192.0.2.9", 22).at(START + (k + 1) * I - 60_000, START + (k + 1) * I + 59_999).volume(1000, 12 * MB);
        }
        for (int r = 0; r < f.size(); r++) {
            order.add(r);
        }
        BigTalkerParams all = new BigTalkerParams();
        all.top = 30;
        BigTalkerDetector inOrder = detector(all);
        TestFlows.feed(inOrder, f.batch());
        inOrder.finish();
        List<TopTalkersReport> expected = List.copyOf(reports);
        reports.clear();

        // exporter-like arrival: by flow end plus up to 2 minutes of export delay, the watermark 5 minutes behind
        Random random = new Random(3);
        long[] arrival = new long[f.size()];
        for (int r = 0; r < f.size(); r++) {
            arrival[r] = f.batch().get(org.flowsec.flow.Field.LAST, r) + random.nextInt(120_000);
        }
        order.sort((x, y) -> Long.compare(arrival[x], arrival[y]));
        BigTalkerDetector shuffled = detector(all);
        for (int r : order) {
            shuffled.accept(f.batch(), r);
            shuffled.advance(arrival[r] - 120_000 - I);
        }
        shuffled.finish();
        assertThat(shuffled.counters().get("late_flows")).isZero();
        assertThat(reports).isEqualTo(expected);
        // the straddling flow is split 6 MB / 6 MB between the intervals it covers
        TopTalkersReport second = expected.get(1);
        assertThat(second.rows()).filteredOn(row -> row.host().equals("10.0.0.30"))
                .extracting(TopTalkersReport.Row::bytes).containsExactly(12 * MB);
        TopTalkersReport first = expected.get(0);
        assertThat(first.rows()).filteredOn(row -> row.host().equals("10.0.0.30"))
                .extracting(TopTalkersReport.Row::bytes).containsExactly(6 * MB);

        // a flow of an interval already finalised still counts, in the oldest open interval, and is counted as late
        reports.clear();
        BigTalkerDetector late = detector(new BigTalkerParams());
        TestFlows early = new TestFlows();
        background(early, 0);
        TestFlows.feed(late, early.batch());
        late.advance(START + 2 * I);
        TestFlows tardy = new TestFlows();
        tardy.tcp("10.0.0.31", 40000, "192.0.2.9", 22).at(START + 1000, START + 2000).volume(1000, 7 * MB);
        TestFlows.feed(late, tardy.batch());
        late.finish();
        assertThat(late.counters().get("late_flows")).isEqualTo(1);
        assertThat(reports.get(reports.size() - 1).start()).isEqualTo(START + 2 * I);
        assertThat(reports.get(reports.size() - 1).rows()).extracting(TopTalkersReport.Row::host).containsExactly("10.0.0.31");
    }

    @Test
    void theHostTableStaysWithinItsCapAndCountsWhatItCannotTrack() {
        BigTalkerParams p = new BigTalkerParams();
        p.maxHosts = 64;
        BigTalkerDetector d = detector(p);
        for (long k = 0; k < 10; k++) {
            TestFlows f = new TestFlows();
            for (int h = 0; h < 500; h++) {
                f.udp("10.0." + (k + 1) + "." + (h % 250), 5000, "192.0.2.1", 53).at(START + k * I + h, START + k * I + h).volume(1, 100 + h);
            }
            TestFlows.feed(d, f.batch());
            d.advance(START + k * I);
            assertThat(d.counters().get("hosts")).isLessThanOrEqualTo(64);
        }
        d.finish();
        assertThat(d.counters().get("untracked_flows")).isPositive();
        assertThat(d.counters().get("hosts_expired") + d.counters().get("hosts_evicted")).isPositive();
    }

    @Test
    void theConfigSectionsBindFromYamlWithSnakeCaseKeys() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        org.flowsec.detect.DetectConfig c = yaml.readValue("""
                home: [10.0.0.0/16]
                bigtalker:
                  networks: [10.0.0.0/24]
                  interval: 10m
                  top: 5
                  order_by: packets
                  baseline_half_life: 7d
                  warmup_intervals: 6
                  factor: 50
                  min_bytes: 500000000
                  sustain_intervals: 2
                  open_intervals: 12
                  max_hosts: 1000
                  allow: [10.0.0.7]
                newservice:
                  learning_period: 7d
                  profile_file: /var/lib/flowsec/services.json
                  save_interval: 30m
                  alert_new_services: true
                  alert_new_servers: false
                  alert_new_hosts: true
                  alert_new_client_services: true
                  ephemeral_min: 49152
                  max_hosts: 100
                  max_services_per_host: 32
                  max_services: 1000
                  expire_after: 90d
                """, org.flowsec.detect.DetectConfig.class);
        assertThat(c.bigtalker.orderBy).isEqualTo("packets");
        assertThat(c.bigtalker.baselineHalfLife).isEqualTo("7d");
        assertThat(c.bigtalker.minBytes).isEqualTo(500_000_000L);
        assertThat(c.bigtalker.allow).containsExactly("10.0.0.7");
        assertThat(c.newservice.profileFile).isEqualTo("/var/lib/flowsec/services.json");
        assertThat(c.newservice.alertNewServers).isFalse();
        assertThat(c.newservice.ephemeralMin).isEqualTo(49152);
        assertThat(c.newservice.expireAfter).isEqualTo("90d");
        new BigTalkerDetector(c.bigtalker, HomeNetworks.of(c.home), alerts); // valid as bound
    }

    @Test
    void badParametersAreRejectedWithTheirName() {
        BigTalkerParams p = new BigTalkerParams();
        p.orderBy = "pps";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> detector(p))
                .hasMessageContaining("bigtalker.order_by");
        BigTalkerParams q = new BigTalkerParams();
        q.interval = "soon";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> detector(q)).hasMessageContaining("soon");
    }

    @Test
    void acceptingFlowsOfKnownHostsAllocatesNothing() {
        BigTalkerDetector d = new BigTalkerDetector(new BigTalkerParams(), HomeNetworks.of(List.of()), alerts, reports::add);
        org.flowsec.generate.RealisticFlowModel model = new org.flowsec.generate.RealisticFlowModel(3, START, 100, 0.1);
        FlowBatch batch = new FlowBatch(100_000);
        model.fill(batch, 100_000);
        TestFlows.feed(d, batch); // first sight of every host: the table grows
        long before = allocatedBytes();
        TestFlows.feed(d, batch);
        TestFlows.feed(d, batch);
        assertThat(allocatedBytes() - before).as("bytes allocated for 200,000 flows").isLessThan(10_000);
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static String hosts(List<Alert> alerts) {
        return alerts.stream().map(Alert::srcAddr).collect(Collectors.joining(","));
    }
}
