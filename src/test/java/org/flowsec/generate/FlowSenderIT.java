package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** FlowSender over loopback to a socket this test reads, decoded with the project's v5 decoder. */
class FlowSenderIT {
    private static final long START = GoldenFlows.EXPORT;

    /** What a receiver got: decoded flows and each datagram's header. */
    private record Received(FlowBatch flows, List<DatagramInfo> headers) {}

    private static Received sendAndReceive(GeneratorConfig partial, List<RateReport> progress) throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open()) {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            GeneratorConfig config = new GeneratorConfig((InetSocketAddress) receiver.getLocalAddress(), partial.version(),
                    partial.flows(), partial.rate(), partial.seed(), partial.domain(), partial.refresh(), partial.mode(),
                    partial.ipv6Share(), partial.ringDatagrams());
            CompletableFuture<Received> reading = CompletableFuture.supplyAsync(() -> read(receiver, config.flows()));
            SendResult result = new FlowSender(() -> START).run(config, progress::add);
            assertThat(result.flows()).isEqualTo(config.flows());
            assertThat(result.sendErrors()).isZero();
            assertThat(result.cancelled()).isFalse();
            return reading.get(30, TimeUnit.SECONDS);
        }
    }

    private static Received read(DatagramChannel receiver, long flows) {
        FlowBatch out = new FlowBatch(1024);
        List<DatagramInfo> headers = new ArrayList<>();
        NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            while (out.size() < flows) {
                buf.clear();
                receiver.receive(buf);
                buf.flip();
                DatagramInfo info = new DatagramInfo();
                decoder.decode(buf, 0, 0, START, out, info);
                headers.add(info);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Received(out, headers);
    }

    @Test
    void pacedV5DeliversTheModelsFlowsInOrderWithContiguousSequenceNumbers() throws Exception {
        List<RateReport> progress = new ArrayList<>();
        GeneratorConfig config = GeneratorConfig.of(new InetSocketAddress("127.0.0.1", 9), 5, 20_000)
                .withRate(100_000).withSeed(21).withDomain(0x0203);
        Received got = sendAndReceive(config, progress);

        FlowBatch expected = new FlowBatch(20_000);
        new RealisticFlowModel(21, START, 100_000, 0).fill(expected, 20_000);
        assertThat(got.flows().size()).isEqualTo(20_000);
        for (Field f : new Field[] {Field.SRC_ADDR, Field.DST_ADDR, Field.PACKETS, Field.BYTES, Field.FIRST, Field.LAST, Field.DST_PORT}) {
            for (int s = f.slot(); s < f.slot() + f.width(); s++) {
                assertThat(Arrays.copyOf(got.flows().slot(s), 20_000)).as(f.catalogName())
                        .isEqualTo(Arrays.copyOf(expected.slot(s), 20_000));
            }
        }
        long next = 0;
        for (DatagramInfo h : got.headers()) {
            assertThat(h.sequence).isEqualTo(next);
            assertThat(h.domain).isEqualTo(0x0203);
            next += h.flows;
        }
        assertThat(progress).last().extracting(RateReport::flows).isEqualTo(20_000L);
    }

    @Test
    void replayingASmallRingInLapsMakesNewConnectionsAndEndsOnTheExactFlowCount() throws Exception {
        GeneratorConfig config = GeneratorConfig.of(new InetSocketAddress("127.0.0.1", 9), 5, 1000)
                .withRate(50_000).withSeed(5).withRingDatagrams(4);
        Received got = sendAndReceive(config, new ArrayList<>());

        assertThat(got.flows().size()).isEqualTo(1000);
        long next = 0;
        for (DatagramInfo h : got.headers()) {
            assertThat(h.sequence).isEqualTo(next);
            next += h.flows;
        }
        // lap 1 replays lap 0's 120 flows: same hosts and, as a lap spans 2.4 ms, the same second of
        // flow time, but each client's ephemeral port moved on
        FlowBatch f = got.flows();
        int rotated = 0;
        for (int r = 0; r < 120; r++) {
            assertThat(f.get(Field.FIRST, r + 120)).isEqualTo(f.get(Field.FIRST, r));
            assertThat(f.lo(Field.SRC_ADDR, r + 120)).isEqualTo(f.lo(Field.SRC_ADDR, r));
            long port = f.get(Field.SRC_PORT, r);
            if (port >= EphemeralPorts.FIRST && f.get(Field.PROTO, r) != 1) {
                assertThat(f.get(Field.SRC_PORT, r + 120)).isEqualTo(EphemeralPorts.rotate((int) port));
                rotated++;
            }
        }
        assertThat(rotated).isGreaterThan(30);
        // the last 40 flows end inside a datagram: its first 10 are fresh flows from the tail
        assertThat(got.headers()).last().extracting(h -> h.flows).isEqualTo(10);
    }

    @Test
    void cancellingStopsARunEarlyAndSaysSo() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            GeneratorConfig config = GeneratorConfig.of((InetSocketAddress) receiver.getLocalAddress(), 10, 10_000_000).withRate(20_000);
            FlowSender sender = new FlowSender(() -> START);
            CompletableFuture<SendResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return sender.run(config, ProgressListener.NONE);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            sender.cancel();
            SendResult result = running.get(30, TimeUnit.SECONDS);
            assertThat(result.cancelled()).isTrue();
            assertThat(result.flows()).isPositive().isLessThan(10_000_000);
        }
    }

    @Test
    void sendsToAnIpv6Loopback() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("::1", 0))) {
            GeneratorConfig config = GeneratorConfig.of((InetSocketAddress) receiver.getLocalAddress(), 9, 100);
            SendResult result = new FlowSender(() -> START).run(config, ProgressListener.NONE);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            receiver.receive(buf);
            assertThat(result.flows()).isEqualTo(100);
            assertThat(buf.getShort(0)).isEqualTo((short) 9);
        }
    }

    @Test
    void sendingWhereNobodyListensCountsTheRefusalsAndStillFinishes() throws Exception {
        int closedPort;
        try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        GeneratorConfig config = GeneratorConfig.of(new InetSocketAddress("127.0.0.1", closedPort), 9, 600).withRate(20_000);
        SendResult result = new FlowSender(() -> START).run(config, ProgressListener.NONE);
        assertThat(result.cancelled()).isFalse();
        assertThat(result.sendErrors()).isPositive();
        assertThat(result.flows()).isLessThan(600);
    }
}
