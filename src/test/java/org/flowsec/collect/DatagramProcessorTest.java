package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Addresses;
import org.junit.jupiter.api.Test;

class DatagramProcessorTest {
    private static final long V4_A = Addresses.v4Low(0xC000_0201); // 192.0.2.1
    private static final long V4_B = Addresses.v4Low(0xC000_0202); // 192.0.2.2

    private final CountingSink sink = new CountingSink(true, 0);
    private final CollectorConfig config = CollectorConfig.defaults().withQueues(4, 2, 64);

    private DatagramProcessor processor(CollectorConfig c) {
        return new DatagramProcessor(new NetflowDecoder(SamplingPolicy.EXPORTED), BatchHandOff.direct(sink), c);
    }

    private static boolean send(DatagramProcessor p, long t, long lo, byte[] d) {
        return p.process(t, 0, lo, 2055, ByteBuffer.wrap(d));
    }

    private static CollectorStats.ExporterStats only(DatagramProcessor p) {
        List<CollectorStats.ExporterStats> all = p.exporterStats();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void everyFlowReachesTheSinkInFullBatchesAndTheRestOnFlush() {
        DatagramProcessor p = processor(config);
        for (int i = 0; i < 10; i++) {
            send(p, 1000 + i, V4_A, V5Datagrams.datagram(i * 30L, 30, 0, 0, 1));
        }
        // 64-row batches: 300 flows give 4 full hand-overs (after datagrams 3, 5, 8 and so on)
        assertThat(sink.flows.get()).isLessThan(300).isPositive();
        p.flush();
        assertThat(sink.flows.get()).isEqualTo(300);
        assertThat(sink.flushes.get()).isEqualTo(1);
        assertThat(sink.bytes()).hasSize(300).doesNotHaveDuplicates();
        assertThat(sink.exporters()).containsOnly("192.0.2.1");
    }

    @Test
    void countsDatagramsFlowsAndBytesPerExporterAndEngine() {
        DatagramProcessor p = processor(config);
        send(p, 1000, V4_A, V5Datagrams.datagram(0, 30, 0, 0, 1));
        send(p, 2000, V4_A, V5Datagrams.datagram(30, 10, 0, 0, 1));
        send(p, 1500, V4_A, V5Datagrams.datagram(0, 5, 1, 2, 1));   // engine 1/2: another domain
        send(p, 3000, V4_B, V5Datagrams.datagram(0, 1, 0, 0, 2));
        Map<String, CollectorStats.ExporterStats> byKey = new java.util.HashMap<>();
        p.exporterStats().forEach(e -> byKey.put(e.exporter() + "#" + e.domain(), e));
        CollectorStats.ExporterStats a = byKey.get("192.0.2.1#0");
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.datagrams()).isEqualTo(2);
        assertThat(a.flows()).isEqualTo(40);
        assertThat(a.bytes()).isEqualTo(24 + 30 * 48 + 24 + 10 * 48);
        assertThat(a.firstSeenMillis()).isEqualTo(1000);
        assertThat(a.lastSeenMillis()).isEqualTo(2000);
        assertThat(byKey.get("192.0.2.1#258").flows()).isEqualTo(5);
        assertThat(byKey.get("192.0.2.2#0").flows()).isEqualTo(1);
        CollectorStats s = p.snapshot(4000);
        assertThat(s.totals().flows()).isEqualTo(46);
        assertThat(s.totals().exporters()).isEqualTo(3);
    }

    @Test
    void aMissingDatagramIsCountedAsItsLostFlowsAndAReorderedOneIsNot() {
        DatagramProcessor p = processor(config);
        send(p, 1, V4_A, V5Datagrams.datagram(0, 30, 0, 0, 1));
        send(p, 2, V4_A, V5Datagrams.datagram(60, 30, 0, 0, 1));   // 30..59 late
        send(p, 3, V4_A, V5Datagrams.datagram(30, 30, 0, 0, 1));
        send(p, 4, V4_A, V5Datagrams.datagram(120, 30, 0, 0, 1));  // 90..119 lost
        CollectorStats.ExporterStats e = only(p);
        assertThat(e.estimatedLostFlows()).isEqualTo(30);
        assertThat(e.sequenceGaps()).isEqualTo(2);
        assertThat(e.reordered()).isEqualTo(1);
        assertThat(e.resets()).isZero();
    }

    @Test
    void sourcesOutsideTheAllowlistAreCountedAndNeverDecoded() {
        DatagramProcessor p = processor(config.withAllowlist(List.of("192.0.2.1/32")));
        assertThat(send(p, 1, V4_A, V5Datagrams.datagram(0, 30, 0, 0, 1))).isTrue();
        assertThat(send(p, 2, V4_B, V5Datagrams.datagram(0, 30, 0, 0, 2))).isFalse();
        assertThat(send(p, 3, V4_B, V5Datagrams.datagram(30, 30, 0, 0, 2))).isFalse();
        p.flush();
        assertThat(sink.flows.get()).isEqualTo(30);
        assertThat(p.rejectedSources()).containsExactly(new CollectorStats.RejectedSource("192.0.2.2", 2));
        assertThat(p.exporterStats()).extracting(CollectorStats.ExporterStats::exporter).containsExactly("192.0.2.1");
    }

    @Test
    void decodeErrorsAreCountedByReasonAndDoNotStopTheStream() {
        DatagramProcessor p = processor(config);
        byte[] good = V5Datagrams.datagram(0, 30, 0, 0, 1);
        send(p, 1, V4_A, java.util.Arrays.copyOf(good, 24 + 48 * 29 + 10));   // truncated
        byte[] v8 = good.clone();
        v8[1] = 8;                                                              // unknown version
        send(p, 2, V4_A, v8);
        send(p, 3, V4_A, new byte[1]);
        send(p, 4, V4_A, good);
        p.flush();
        CollectorStats.ExporterStats e = only(p);
        assertThat(e.decodeErrors()).containsEntry("TRUNCATED", 2L).containsEntry("UNKNOWN_VERSION", 1L);
        assertThat(e.datagrams()).isEqualTo(4);
        assertThat(sink.flows.get()).isEqualTo(30);
    }

    @Test
    void exportersBeyondTheCapShareTheOtherBucket() {
        DatagramProcessor p = processor(config.withLimits(2, 1, 64));
        for (int i = 1; i <= 5; i++) {
            send(p, i, Addresses.v4Low(0x0A00_0000 | i), V5Datagrams.datagram(0, 1, 0, 0, 1));
        }
        List<CollectorStats.ExporterStats> all = p.exporterStats();
        assertThat(all).extracting(CollectorStats.ExporterStats::exporter)
                .containsExactly("10.0.0.1", "10.0.0.2", CollectorStats.OTHER);
        assertThat(all.get(2).datagrams()).isEqualTo(3);
        assertThat(p.snapshot(9).totals().exporters()).isEqualTo(2);
    }

    @Test
    void decodeErrorsAreLoggedAtMostOncePerMinutePerExporterAndReason() {
        DatagramProcessor p = processor(config);
        byte[] truncated = java.util.Arrays.copyOf(V5Datagrams.datagram(0, 30, 0, 0, 1), 100);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (int i = 0; i < 100; i++) {
                send(p, 1_000 + i * 500L, V4_A, truncated);      // 100 errors within 50 s: one line
            }
            send(p, 1_000 + 61_000L, V4_A, truncated);           // a minute later: a second line
            send(p, 2_000, V4_B, truncated);                     // another exporter has its own budget
        } finally {
            System.setErr(err);
        }
        String[] lines = captured.toString().lines().filter(l -> l.contains("decode error TRUNCATED"))
                .toArray(String[]::new);
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("192.0.2.1 port 2055").contains("1 such errors");
        assertThat(lines[1]).contains("192.0.2.1").contains("100 such errors"); // 99 held back + this one
        assertThat(lines[2]).contains("192.0.2.2");
        assertThat(only192021(p).decodeErrors()).containsEntry("TRUNCATED", 101L);
    }

    private static CollectorStats.ExporterStats only192021(DatagramProcessor p) {
        return p.exporterStats().stream().filter(e -> e.exporter().equals("192.0.2.1")).findFirst().orElseThrow();
    }
}
