package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class RealisticFlowModelTest {
    private static final long START = GoldenFlows.EXPORT;
    private static final int N = 50_000;

    private static FlowBatch flows(long seed, double ipv6) {
        FlowBatch b = new FlowBatch(N);
        new RealisticFlowModel(seed, START, 10_000, ipv6).fill(b, N);
        return b;
    }

    @Test
    void theSameSeedGivesTheSameFlowsHoweverTheyAreChunked() {
        FlowBatch whole = flows(7, 0.1);
        FlowBatch chunked = new FlowBatch(N);
        RealisticFlowModel model = new RealisticFlowModel(7, START, 10_000, 0.1);
        for (int n = 0; chunked.size() < N; n = n % 5 + 1) {
            model.fill(chunked, Math.min(n, N - chunked.size())); // odd chunks split request/response pairs
        }
        assertThat(chunked.sameRows(whole)).isTrue();
        assertThat(flows(8, 0.1).sameRows(whole)).isFalse();
    }

    @Test
    void bytesStayWithinFortyAndFifteenHundredPerPacket() {
        FlowBatch b = flows(1, 0.1);
        for (int r = 0; r < b.size(); r++) {
            long packets = b.get(Field.PACKETS, r);
            long bytes = b.get(Field.BYTES, r);
            assertThat(packets).isPositive();
            assertThat(bytes).isBetween(40 * packets, 1500 * packets).isLessThan(1L << 32);
        }
    }

    @Test
    void flowTimesAreOrderedRecentAndAtMostTheActiveTimeoutLong() {
        FlowBatch b = flows(2, 0.1);
        long end = START + N * 1000L / 10_000;
        for (int r = 0; r < b.size(); r++) {
            long first = b.get(Field.FIRST, r);
            long last = b.get(Field.LAST, r);
            assertThat(first).isLessThanOrEqualTo(last);
            assertThat(last - first).isLessThanOrEqualTo(RealisticFlowModel.ACTIVE_TIMEOUT_MS);
            assertThat(last).isLessThanOrEqualTo(end).isGreaterThan(START - 20_000);
        }
    }

    @Test
    void aFewHostsCarryMostFlowsAsOnARealNetwork() {
        FlowBatch b = flows(3, 0);
        Map<Long, Integer> perSource = new HashMap<>();
        for (int r = 0; r < b.size(); r++) {
            perSource.merge(b.lo(Field.SRC_ADDR, r), 1, Integer::sum);
        }
        int[] counts = perSource.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int top10 = Arrays.stream(counts, counts.length - 10, counts.length).sum();
        assertThat(perSource.size()).isGreaterThan(2000); // a long tail of hosts...
        assertThat(top10).isGreaterThan(N / 10); // ...and a head of ten that sends over a tenth of all flows
        assertThat(counts[counts.length / 2]).isLessThan(5); // the median host is quiet
    }

    @Test
    void httpsIsTheBiggestServiceAndDnsRunsOverUdp() {
        FlowBatch b = flows(4, 0);
        Map<Long, Integer> perServerPort = new HashMap<>();
        for (int r = 0; r < b.size(); r++) {
            perServerPort.merge(b.get(Field.PROTO, r) << 16 | Math.min(b.get(Field.SRC_PORT, r), b.get(Field.DST_PORT, r)), 1, Integer::sum);
        }
        long httpsTcp = 6L << 16 | 443;
        assertThat(perServerPort.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()).isEqualTo(httpsTcp);
        assertThat(perServerPort.getOrDefault(17L << 16 | 53, 0)).isGreaterThan(N / 20);
        assertThat(perServerPort.getOrDefault(6L << 16 | 53, 0)).isZero();
    }

    @Test
    void responsesMirrorTheirRequests() {
        FlowBatch b = flows(5, 0.2);
        int pairs = 0;
        for (int r = 0; r + 1 < b.size(); r++) {
            boolean mirrored = b.lo(Field.SRC_ADDR, r) == b.lo(Field.DST_ADDR, r + 1)
                    && b.hi(Field.SRC_ADDR, r) == b.hi(Field.DST_ADDR, r + 1)
                    && b.lo(Field.DST_ADDR, r) == b.lo(Field.SRC_ADDR, r + 1)
                    && b.get(Field.PROTO, r) == b.get(Field.PROTO, r + 1);
            if (mirrored && b.get(Field.PROTO, r) != 1 && b.get(Field.PROTO, r) != 58) {
                assertThat(b.get(Field.SRC_PORT, r)).isEqualTo(b.get(Field.DST_PORT, r + 1));
                assertThat(b.get(Field.IN_IF, r)).isEqualTo(b.get(Field.OUT_IF, r + 1));
                pairs++;
                r++;
            }
        }
        assertThat(pairs).isGreaterThan(N / 3);
    }

    @Test
    void scansAreSingleSynPacketsFromAFewSourcesToManyHosts() {
        FlowBatch b = flows(6, 0);
        Set<Long> scanners = new HashSet<>();
        Set<Long> targets = new HashSet<>();
        int scans = 0;
        for (int r = 0; r < b.size(); r++) {
            if (b.get(Field.PROTO, r) == 6 && b.get(Field.TCP_FLAGS, r) == 0x02 && b.get(Field.SRC_AS, r) == 49505) {
                assertThat(b.get(Field.PACKETS, r)).isEqualTo(1);
                assertThat(b.get(Field.BYTES, r)).isBetween(40L, 44L);
                scanners.add(b.lo(Field.SRC_ADDR, r));
                targets.add(b.lo(Field.DST_ADDR, r));
                scans++;
            }
        }
        assertThat(scans).isGreaterThan(N / 50);
        assertThat(scanners.size()).isLessThanOrEqualTo(RealisticFlowModel.SCANNERS);
        assertThat(targets.size()).isGreaterThan(scans / 2);
    }

    @Test
    void ipv6AppearsOnlyWhenAsked() {
        FlowBatch none = flows(9, 0);
        FlowBatch some = flows(9, 0.3);
        int v6None = 0;
        int v6Some = 0;
        for (int r = 0; r < N; r++) {
            v6None += Addresses.isV4(none.hi(Field.SRC_ADDR, r), none.lo(Field.SRC_ADDR, r)) ? 0 : 1;
            v6Some += Addresses.isV4(some.hi(Field.SRC_ADDR, r), some.lo(Field.SRC_ADDR, r)) ? 0 : 1;
        }
        assertThat(v6None).isZero();
        assertThat(v6Some).isBetween(N / 5, N * 2 / 5);
    }

    @Test
    void tcpFlagsFollowThePackets() {
        FlowBatch b = flows(10, 0);
        for (int r = 0; r < b.size(); r++) {
            if (b.get(Field.PROTO, r) != 6) {
                assertThat(b.get(Field.TCP_FLAGS, r)).isZero();
            } else if (b.get(Field.END_REASON, r) == 3) { // closed: the whole handshake and a FIN or RST
                assertThat(b.get(Field.TCP_FLAGS, r) & 0x12).isEqualTo(0x12);
                assertThat(b.get(Field.TCP_FLAGS, r) & 0x05).isNotZero();
            }
        }
    }
}
