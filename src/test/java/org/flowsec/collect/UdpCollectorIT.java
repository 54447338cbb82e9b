package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.flowsec.base.Clock;
import org.flowsec.base.ThreadNiceness;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets on 127.0.0.1, 127.0.0.2 and ::1: exporters send NetFlow v5 to the collector. */
class UdpCollectorIT {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private UdpCollector start(CollectorConfig config, CountingSink sink) throws IOException {
        UdpCollector c = new UdpCollector(config, new NetflowDecoder(SamplingPolicy.EXPORTED), sink, Clock.SYSTEM);
        open.add(c);
        c.start();
        return c;
    }

    private DatagramChannel exporter(String bindAddress) throws IOException {
        boolean v6 = bindAddress.contains(":");
        DatagramChannel ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        ch.bind(new InetSocketAddress(bindAddress, 0));
        open.add(ch);
        return ch;
    }

    /** Sends {@code count} full v5 datagrams with consecutive sequence numbers starting at {@code from}. */
    private static void send(DatagramChannel ch, InetSocketAddress to, int stream, long from, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            ch.send(ByteBuffer.wrap(V5Datagrams.datagram(from + i * 30L, 30, 0, stream, stream)), to);
        }
    }

    /** Waits (without asserting on time) until the condition holds; the test fails on its own if it never does. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static CollectorConfig config(String... listen) {
        return CollectorConfig.defaults().withListen(List.of(listen)).withRcvbuf(4 << 20);
    }

    private static Map<String, CollectorStats.ExporterStats> byExporter(CollectorStats s) {
        return s.exporters().stream().collect(Collectors.toMap(e -> e.exporter() + "#" + e.domain(), e -> e));
    }

    @Test
    void everyFlowFromTwoIpv4AndOneIpv6ExporterReachesTheSinkAndIsCountedPerExporter() throws Exception {
        CountingSink sink = new CountingSink(true, 0);
        UdpCollector c = start(config("127.0.0.1:0", "[::1]:0"), sink);
        InetSocketAddress v4 = c.localAddresses().get(0);
        InetSocketAddress v6 = c.localAddresses().get(1);
        DatagramChannel a = exporter("127.0.0.1");
        DatagramChannel b = exporter("127.0.0.2");
        DatagramChannel six = exporter("::1");
        for (int round = 0; round < 10; round++) {
            send(a, v4, 1, round * 20 * 30L, 20);
            send(b, v4, 2, round * 20 * 30L, 20);
            send(six, v6, 3, round * 20 * 30L, 20);
            int expected = (round + 1) * 60;
            await(() -> c.stats().listeners().stream().mapToLong(CollectorStats.ListenerStats::datagrams).sum() >= expected);
        }
        c.close();

        assertThat(sink.flows.get()).isEqualTo(3 * 200 * 30);
        assertThat(sink.flushes.get()).isPositive();
        Set<String> flows = new HashSet<>();
        List<Long> bytes = sink.bytes();
        List<String> exporters = sink.exporters();
        for (int i = 0; i < bytes.size(); i++) {
            flows.add(exporters.get(i) + "/" + bytes.get(i));
        }
        assertThat(flows).as("every flow once").hasSize(3 * 6000);
        assertThat(exporters).containsOnly("127.0.0.1", "127.0.0.2", "::1");

        CollectorStats s = c.stats();
        Map<String, CollectorStats.ExporterStats> e = byExporter(s);
        assertThat(e).containsOnlyKeys("127.0.0.1#1", "127.0.0.2#2", "::1#3");
        for (CollectorStats.ExporterStats x : e.values()) {
            assertThat(x.datagrams()).isEqualTo(200);
            assertThat(x.flows()).isEqualTo(6000);
            assertThat(x.bytes()).isEqualTo(200L * (24 + 30 * 48));
            assertThat(x.estimatedLostFlows()).isZero();
            assertThat(x.version()).isEqualTo(5);
        }
        assertThat(s.listeners()).extracting(CollectorStats.ListenerStats::datagrams).containsExactly(400L, 200L);
        assertThat(s.listeners()).allSatisfy(l -> {
            assertThat(l.rcvbufRequested()).isEqualTo(4 << 20);
            assertThat(l.rcvbufActual()).isPositive();
            assertThat(l.queueDrops()).isZero();
        });
        assertThat(s.totals().flows()).isEqualTo(18_000);
    }

    /** The nice value of this process's first thread whose name starts with {@code name}, from /proc, or null. */
    /** The nice value of this process's first thread whose name starts with {@code name}; null: none (yet). */
    private static Integer niceOf(String name) {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                if (java.nio.file.Files.readString(t.resolve("comm")).strip().startsWith(name)) {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3]);
                }
            }
        } catch (IOException e) {
            return null; // a thread ended while being looked at
        }
        return null;
    }

    @Test
    void theReceiverRunsBeforeEverythingWhenPermittedAndTheDecoderYieldsTheCpuToIt() throws Exception {
        int expected = mayRaisePriority() ? CollectorConfig.DEFAULT_RECEIVE_NICE : ThreadNiceness.current();
        start(config("127.0.0.1:0"), new CountingSink(false, 0));
        // a thread shows its name in /proc only once it runs, and renices itself just after
        await(() -> Objects.equals(niceOf("flowsec-decode"), UdpCollector.DECODE_NICE)
                && Objects.equals(niceOf("flowsec-udp-"), expected));
        assertThat(niceOf("flowsec-decode")).isEqualTo(UdpCollector.DECODE_NICE);
        assertThat(niceOf("flowsec-udp-")).as("the receiver; raising its priority is permitted: " + mayRaisePriority())
                .isEqualTo(expected);
    }

    @Test
    void aReceiveNiceOfZeroLeavesTheReceiverAsItWas() throws Exception {
        start(config("127.0.0.1:0").withReceiveNice(0), new CountingSink(false, 0));
        await(() -> niceOf("flowsec-udp-") != null);
        assertThat(niceOf("flowsec-udp-")).as("the receiver, as this test's thread").isEqualTo(ThreadNiceness.current());
    }

    /** Whether this process may give a thread a negative nice value: a scratch thread tries. */
    private static boolean mayRaisePriority() throws InterruptedException {
        AtomicBoolean took = new AtomicBoolean();
        Thread t = new Thread(() -> took.set(ThreadNiceness.setCurrent(-1)));
        t.start();
        t.join();
        return took.get();
    }

    @Test
    void aGapInAnExportersSequenceIsReportedAsLostFlows() throws Exception {
        CountingSink sink = new CountingSink(false, 0);
        UdpCollector c = start(config("127.0.0.1:0"), sink);
        DatagramChannel a = exporter("127.0.0.1");
        InetSocketAddress to = c.localAddresses().get(0);
        send(a, to, 1, 0, 10);
        send(a, to, 1, 12 * 30, 10); // datagrams 10 and 11 never sent: 60 flows lost
        await(() -> c.stats().listeners().get(0).datagrams() >= 20);
        c.close();
        CollectorStats.ExporterStats e = c.stats().exporters().get(0);
        assertThat(e.estimatedLostFlows()).isEqualTo(60);
        assertThat(e.sequenceGaps()).isEqualTo(1);
    }

    @Test
    void datagramsFromOutsideTheAllowlistAreDroppedAndCountedPerSource() throws Exception {
        CountingSink sink = new CountingSink(true, 0);
        UdpCollector c = start(config("127.0.0.1:0").withAllowlist(List.of("127.0.0.1/32", "::1")), sink);
        InetSocketAddress to = c.localAddresses().get(0);
        send(exporter("127.0.0.1"), to, 1, 0, 5);
        send(exporter("127.0.0.2"), to, 2, 0, 7);
        await(() -> c.stats().listeners().get(0).datagrams() >= 12);
        c.close();
        assertThat(sink.flows.get()).isEqualTo(150);
        assertThat(sink.exporters()).containsOnly("127.0.0.1");
        CollectorStats s = c.stats();
        assertThat(s.rejected()).containsExactly(new CollectorStats.RejectedSource("127.0.0.2", 7));
        assertThat(s.totals().rejectedDatagrams()).isEqualTo(7);
        assertThat(s.exporters()).extracting(CollectorStats.ExporterStats::exporter).containsExactly("127.0.0.1");
    }

    @Test
    void theRepeaterForwardsEveryAcceptedDatagramByteForByte() throws Exception {
        DatagramChannel downstream = DatagramChannel.open(StandardProtocolFamily.INET);
        open.add(downstream);
        downstream.bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress target = (InetSocketAddress) downstream.getLocalAddress();
        String forward = "127.0.0.1:" + target.getPort();
        CountingSink sink = new CountingSink(false, 0);
        UdpCollector c = start(config("127.0.0.1:0").withForward(List.of(forward))
                .withAllowlist(List.of("127.0.0.1")), sink);
        InetSocketAddress to = c.localAddresses().get(0);
        DatagramChannel a = exporter("127.0.0.1");
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] d = V5Datagrams.datagram(i * 7L, 1 + i, 0, 1, 1);
            sent.add(d);
            a.send(ByteBuffer.wrap(d), to);
        }
        exporter("127.0.0.2").send(ByteBuffer.wrap(V5Datagrams.datagram(0, 1, 0, 2, 2)), to); // refused, not forwarded
        await(() -> c.stats().listeners().get(0).datagrams() >= 6);
        c.close();

        ByteBuffer in = ByteBuffer.allocate(65_536);
        downstream.configureBlocking(false);
        List<byte[]> received = new ArrayList<>();
        for (int tries = 0; tries < 500 && received.size() < 5; tries++) {
            in.clear();
            if (downstream.receive(in) == null) {
                Thread.sleep(10);
                continue;
            }
            in.flip();
            byte[] d = new byte[in.remaining()];
            in.get(d);
            received.add(d);
        }
        assertThat(received).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(received.get(i)).isEqualTo(sent.get(i));
        }
        assertThat(c.stats().forwards()).containsExactly(new CollectorStats.ForwardStats(forward, 5, 0));
    }

    @Test
    void aFullReceiveQueueDropsAndCountsDatagramsInsteadOfGrowing() throws Exception {
        CountingSink slow = new CountingSink(false, 20);
        UdpCollector c = start(config("127.0.0.1:0").withQueues(1, 1, 16), slow);
        InetSocketAddress to = c.localAddresses().get(0);
        send(exporter("127.0.0.1"), to, 1, 0, 300);
        await(() -> {
            CollectorStats.ListenerStats l = c.stats().listeners().get(0);
            return l.datagrams() + l.kernelDrops() >= 300;
        });
        c.close();
        CollectorStats s = c.stats();
        CollectorStats.ListenerStats l = s.listeners().get(0);
        assertThat(l.queueDrops()).isPositive();
        // every datagram read from the socket was either decoded or counted as dropped
        assertThat(s.totals().datagrams() + l.queueDrops()).isEqualTo(l.datagrams());
        assertThat(slow.flows.get()).isEqualTo(s.totals().datagrams() * 30);
    }

    @Test
    void closeDeliversEverythingAlreadySentAndFlushesTheSink() throws Exception {
        CountingSink sink = new CountingSink(false, 0);
        UdpCollector c = start(config("127.0.0.1:0"), sink);
        send(exporter("127.0.0.1"), c.localAddresses().get(0), 1, 0, 100); // 146 KB: fits the socket buffer
        c.close();
        assertThat(sink.flows.get()).isEqualTo(3000);
        assertThat(sink.flushes.get()).isPositive();
        c.close(); // twice is harmless
    }

    @Test
    void countersSurviveARestartThroughTheStatisticsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(ExporterStatsFile.FILE_NAME);
        for (int run = 0; run < 2; run++) {
            CountingSink sink = new CountingSink(false, 0);
            UdpCollector c = start(config("127.0.0.1:0").withStats(file, 100), sink);
            send(exporter("127.0.0.1"), c.localAddresses().get(0), 1, run * 10 * 30L, 10);
            await(() -> c.stats().listeners().get(0).datagrams() >= 10);
            c.close();
        }
        CollectorStats s = new ExporterStatsFile(file).read().orElseThrow();
        assertThat(s.exporters()).hasSize(1);
        assertThat(s.exporters().get(0).datagrams()).isEqualTo(20);
        assertThat(s.exporters().get(0).flows()).isEqualTo(600);
        assertThat(s.totals().flows()).isEqualTo(600);
    }

    @Test
    void aPortInUseFailsStartWithTheAddressInTheMessageAndBindsNothing() throws Exception {
        DatagramChannel taken = exporter("127.0.0.1");
        int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
        UdpCollector c = new UdpCollector(config("127.0.0.1:0", "127.0.0.1:" + port),
                new NetflowDecoder(SamplingPolicy.EXPORTED), new CountingSink(false, 0), Clock.SYSTEM);
        open.add(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(c::start)
                .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + port);
        c.close(); // harmless after a failed start
    }

    @Test
    void aDualStackListenerNamesIpv4ExportersByTheirIpv4Address() throws Exception {
        CountingSink sink = new CountingSink(true, 0);
        UdpCollector c = start(config("[::]:0"), sink);
        int port = c.localAddresses().get(0).getPort();
        send(exporter("127.0.0.1"), new InetSocketAddress("127.0.0.1", port), 4, 0, 3);
        send(exporter("::1"), new InetSocketAddress("::1", port), 6, 0, 2);
        await(() -> c.stats().listeners().get(0).datagrams() >= 5);
        c.close();
        assertThat(byExporter(c.stats())).containsOnlyKeys("127.0.0.1#4", "::1#6");
        assertThat(sink.flows.get()).isEqualTo(150);
    }
}
