package org.flowsec.generate.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flowsec.cli.Main;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowsec generate --scenario} to a loopback socket this test reads and decodes. */
class GenerateScenarioIT {
    @TempDir
    Path tmp;

    @Test
    void synFloodScenarioSendsTheAskedFlowsAndLabelsWhatTheEvidenceSelects() throws Exception {
        for (String version : List.of("5", "10")) {
            Path labels = tmp.resolve("labels-" + version + ".jsonl");
            int flows = 40_000;
            FlowBatch got;
            StringWriter err = new StringWriter();
            try (DatagramChannel receiver = DatagramChannel.open()) {
                receiver.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
                receiver.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
                CompletableFuture<FlowBatch> reading = CompletableFuture.supplyAsync(() -> read(receiver, flows));
                int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "generate",
                        "--scenario", "syn-flood", "--flows", String.valueOf(flows), "--labels", labels.toString(),
                        "--target", "127.0.0.1:" + port, "--version", version, "--rate", "100000", "--seed", "3");
                assertThat(code).as(err.toString()).isZero();
                got = reading.get(60, TimeUnit.SECONDS);
            }
            assertThat(got.size()).as("v" + version).isEqualTo(flows);
            assertThat(err.toString()).contains("Summary: sent 40000 flows");

            List<Label> written = Label.readLines(labels);
            assertThat(written).hasSize(1);
            Label l = written.get(0);
            assertThat(l.scenario()).isEqualTo("syn-flood");
            assertThat(l.detector()).isEqualTo("flood");
            var evidence = Filter.parse(l.evidence()).predicate();
            long selected = 0;
            long synOnly = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int r = 0; r < got.size(); r++) {
                if (evidence.test(got, r)) {
                    selected++;
                    synOnly += got.get(Field.TCP_FLAGS, r) == 2 ? 1 : 0;
                    first = Math.min(first, got.get(Field.FIRST, r));
                    last = Math.max(last, got.get(Field.LAST, r));
                }
            }
            assertThat(selected).isEqualTo(l.flows());
            assertThat(synOnly).isEqualTo(15_000);
            assertThat(first).isEqualTo(l.first());
            assertThat(last).isEqualTo(l.last());
        }
    }

    private static FlowBatch read(DatagramChannel receiver, int flows) {
        FlowBatch out = new FlowBatch(flows);
        NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            receiver.socket().setSoTimeout(30_000);
            while (out.size() < flows) {
                buf.clear();
                receiver.receive(buf);
                buf.flip();
                decoder.decode(buf, 0, 0, System.currentTimeMillis(), out, new DatagramInfo());
            }
        } catch (SocketTimeoutException e) {
            return out; // the assertion on the count says what was missing
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
