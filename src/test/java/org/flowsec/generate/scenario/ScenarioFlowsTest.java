package org.flowsec.generate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowsec.flow.Field;
import org.flowsec.generate.scenario.Runs.Generated;
import org.junit.jupiter.api.Test;

/** Each scenario's flows have what its label and docs/scenarios.md promise, as a user would check them. */
class ScenarioFlowsTest {
    private static final int FIN = 1;
    private static final int SYN = 2;
    private static final int RST = 4;
    private static final int ACK = 16;

    private static Set<Long> distinct(Generated g, List<Integer> rows, Field f) {
        // addresses: the low word tells IPv4 addresses apart
        return rows.stream().map(r -> f.kind() == Field.Kind.ADDRESS ? g.lo(f, r) : g.get(f, r)).collect(Collectors.toSet());
    }

    @Test
    void verticalScanProbesPorts1To1024OfOneHostAndGetsResetsForClosedOnes() {
        Generated g = Runs.only(ScenarioKind.VERTICAL_SCAN, 1);
        Label l = g.label(ScenarioKind.VERTICAL_SCAN);
        List<Integer> probes = g.select("src host " + l.attackers().get(0) + " and dst host " + l.victim());
        assertThat(distinct(g, probes, Field.DST_PORT)).hasSize(1024);
        assertThat(probes).allSatisfy(r -> assertThat(g.get(Field.TCP_FLAGS, r) & ~RST).isEqualTo(SYN));
        List<Integer> resets = g.select("src host " + l.victim() + " and flags R");
        assertThat(resets.size()).isBetween(900, 1000);
        List<Integer> open = g.select("src host " + l.victim() + " and flags SA");
        assertThat(distinct(g, open, Field.SRC_PORT)).containsExactlyInAnyOrder(22L, 80L, 443L);
        assertThat(l.last() - l.first()).isBetween(2_000L, 10_000L);
    }

    @Test
    void horizontalScanSweepsTcp445OverHundredsOfHostsMostlyUnanswered() {
        Generated g = Runs.only(ScenarioKind.HORIZONTAL_SCAN, 2);
        Label l = g.label(ScenarioKind.HORIZONTAL_SCAN);
        List<Integer> probes = g.select("src host " + l.attackers().get(0) + " and dst port 445");
        assertThat(probes).hasSize(507);
        assertThat(distinct(g, probes, Field.DST_ADDR)).hasSize(507);
        assertThat(g.select(l.evidence() + " and src net 10.20.202.0/23 and flags R").size()).isBetween(100, 200);
        assertThat(g.select(l.evidence() + " and proto icmp and icmp-type 3 and icmp-code 1").size()).isBetween(40, 110);
    }

    @Test
    void slowScanSendsOneProbeEvery30SecondsForHalfAnHour() {
        Generated g = Runs.only(ScenarioKind.SLOW_SCAN, 3);
        Label l = g.label(ScenarioKind.SLOW_SCAN);
        List<Long> starts = g.select("src host " + l.attackers().get(0)).stream().map(r -> g.get(Field.FIRST, r))
                .sorted().toList();
        assertThat(starts).hasSize(60);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isBetween(27_000L, 33_000L);
        }
        assertThat(starts.get(59) - starts.get(0)).isGreaterThan(29 * 60_000L);
    }

    @Test
    void synFloodSendsSynOnlyFlowsFromFifteenThousandSpoofedSourcesToOnePort() {
        Generated g = Runs.only(ScenarioKind.SYN_FLOOD, 4);
        Label l = g.label(ScenarioKind.SYN_FLOOD);
        List<Integer> syns = g.select("dst host " + l.victim() + " and dst port 80 and flags S and not flags AFRPU");
        assertThat(syns).hasSize(15_000);
        assertThat(syns).allSatisfy(r -> {
            assertThat(g.get(Field.PACKETS, r)).isEqualTo(1);
            assertThat(g.get(Field.BYTES, r)).isEqualTo(40);
        });
        assertThat(distinct(g, syns, Field.SRC_ADDR).size()).isGreaterThan(14_900).isEqualTo(l.attackerCount());
        assertThat(l.attackers()).hasSize(Label.MAX_LISTED);
        long span = l.last() - l.first();
        assertThat(syns.size() * 1000L / span).isBetween(500L, 1500L); // flows per second
        assertThat(g.select("src host " + l.victim() + " and flags SA").size()).isBetween(5_500, 6_500);
    }

    @Test
    void udpAmplificationBringsLargeAnswersFromPorts53And123AndPortUnreachablesBack() {
        Generated g = Runs.only(ScenarioKind.UDP_AMPLIFICATION, 5);
        Label l = g.label(ScenarioKind.UDP_AMPLIFICATION);
        List<Integer> dns = g.select("dst host " + l.victim() + " and proto udp and src port 53");
        List<Integer> ntp = g.select("dst host " + l.victim() + " and proto udp and src port 123");
        assertThat(distinct(g, dns, Field.SRC_ADDR)).hasSize(150);
        assertThat(distinct(g, ntp, Field.SRC_ADDR)).hasSize(80);
        assertThat(dns).allSatisfy(r -> assertThat(g.get(Field.BYTES, r) / g.get(Field.PACKETS, r)).isBetween(1200L, 1500L));
        assertThat(ntp).allSatisfy(r -> assertThat(g.get(Field.BYTES, r) / g.get(Field.PACKETS, r)).isEqualTo(482));
        long inBytes = g.select("dst host " + l.victim()).stream().mapToLong(r -> g.get(Field.BYTES, r)).sum();
        assertThat(inBytes).isGreaterThan(100_000_000L);
        assertThat(g.select("src host " + l.victim() + " and proto icmp and icmp-type 3 and icmp-code 3")).isNotEmpty();
    }

    @Test
    void backdoorHostAnswersFromPort31337AndTheLongSessionIsSplitByTheActiveTimeout() {
        Generated g = Runs.only(ScenarioKind.BACKDOOR, 6);
        Label bo = g.labels().get(0);
        List<Integer> answers = g.select("src host " + bo.victim() + " and src port 31337");
        assertThat(answers).hasSize(6); // four short sessions and a long one in two records
        List<Integer> cut = g.select(bo.evidence() + " and end_reason 2");
        assertThat(cut).hasSize(2);
        assertThat(cut).allSatisfy(r -> assertThat(g.get(Field.LAST, r) - g.get(Field.FIRST, r))
                .isLessThan(ScenarioSpec.DEFAULT_ACTIVE_TIMEOUT_MILLIS));
        Label blaster = g.labels().get(1);
        assertThat(blaster.description()).contains("Blaster");
        assertThat(g.select("dst host " + blaster.victim() + " and dst port 4444 and flags SAPF")).hasSize(1);
        assertThat(g.select("src host " + blaster.victim() + " and dst port 69 and proto udp")).hasSize(1);
    }

    @Test
    void codeRedProbesFailWithThreeSynsAndInfectionsMatchTheWormSignature() {
        Generated g = Runs.only(ScenarioKind.CODERED, 7);
        Label l = g.label(ScenarioKind.CODERED);
        assertThat(g.select("proto tcp and dst port 80 and packets 7 and bytes 4327 and flags F")).hasSize(24)
                .isSubsetOf(g.rowsOf(ScenarioKind.CODERED));
        assertThat(g.select("proto tcp and dst port 80 and packets 3 and bytes 144").size()).isBetween(130, 200);
        assertThat(l.attackerCount()).isEqualTo(3);
    }

    @Test
    void p2pHostAnnouncesToTheTrackerThenTalksToManyPeersOnBitTorrentAndHighPorts() {
        Generated g = Runs.only(ScenarioKind.P2P, 8);
        Label l = g.label(ScenarioKind.P2P);
        String local = l.attackers().get(0);
        List<Integer> announces = g.select("src host " + local + " and dst host " + l.victim() + " and dst port 6969");
        assertThat(announces).hasSize(2);
        long firstAnnounce = announces.stream().mapToLong(r -> g.get(Field.FIRST, r)).min().orElseThrow();
        List<Integer> peers = g.select("host " + local + " and proto tcp and not port 6969");
        assertThat(peers).allSatisfy(r -> assertThat(g.get(Field.FIRST, r)).isGreaterThan(firstAnnounce));
        Set<Long> remote = new HashSet<>();
        for (int r : peers) {
            remote.add(g.src(r).equals(local) ? g.lo(Field.DST_ADDR, r) : g.lo(Field.SRC_ADDR, r));
        }
        assertThat(remote).hasSize(HostScenarios.P2P_PEERS);
        assertThat(g.select("host " + local + " and port >= 6881 and port <= 6889 and proto tcp")).isNotEmpty();
        assertThat(g.select("host " + local + " and proto udp and port 6881").size()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void bruteforceIsHundredsOfShortSimilarCompleteSshSessions() {
        Generated g = Runs.only(ScenarioKind.BRUTEFORCE, 9);
        Label l = g.label(ScenarioKind.BRUTEFORCE);
        List<Integer> sessions = g.select("src host " + l.attackers().get(0) + " and dst host " + l.victim() + " and dst port 22");
        assertThat(sessions).hasSize(300);
        assertThat(sessions).allSatisfy(r -> {
            assertThat(g.get(Field.TCP_FLAGS, r) & (SYN | ACK | FIN)).isEqualTo(SYN | ACK | FIN);
            assertThat(g.get(Field.PACKETS, r)).isBetween(14L, 18L);
            assertThat(g.get(Field.BYTES, r)).isBetween(2_400L, 2_900L);
            assertThat(g.get(Field.LAST, r) - g.get(Field.FIRST, r)).isBetween(2_500L, 4_500L);
        });
        assertThat(distinct(g, sessions, Field.SRC_PORT)).hasSize(300);
    }

    @Test
    void bigTalkerIsQuietThenUploadsAboutTwentyGigabytesInTwentyMinutes() {
        Generated g = Runs.only(ScenarioKind.BIGTALKER, 10);
        Label l = g.label(ScenarioKind.BIGTALKER);
        String host = l.attackers().get(0);
        long burst = g.select("src host " + host + " and dst host " + l.victim()).stream()
                .mapToLong(r -> g.get(Field.BYTES, r)).sum();
        assertThat(burst).isBetween(18_000_000_000L, 22_000_000_000L);
        assertThat(l.last() - l.first()).isLessThanOrEqualTo(20 * 60_000L + 5_000);
        List<Integer> before = g.select("src host " + host + " and not dst host " + l.victim());
        assertThat(before).isNotEmpty();
        assertThat(before).allSatisfy(r -> assertThat(g.isAttackRow(r)).isFalse());
        long quietBytes = before.stream().mapToLong(r -> g.get(Field.BYTES, r)).sum();
        assertThat(quietBytes).isLessThan(burst / 10_000);
        assertThat(g.select(l.evidence())).allSatisfy(r -> assertThat(g.get(Field.BYTES, r)).isLessThan(1L << 32));
    }
}
