package org.flowsec.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every truncation and random bit flips of every datagram of every capture either decode or raise
 * {@link DecodeException}: no other exception, no hang, and the batch always holds exactly the flows the
 * datagram info reports. The decoder keeps its template state across the mutations, as it would when a
 * real exporter sends garbage between good datagrams.
 */
class RobustnessTest {
    private static final int FLIPS_PER_DATAGRAM = 64;

    static Stream<String> captures() throws IOException {
        try (Stream<Path> s = Files.walk(CaptureReplay.DATA)) {
            return s.filter(p -> p.toString().endsWith(".pcap")).map(p -> CaptureReplay.DATA.relativize(p).toString())
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyTruncationAndBitFlipDecodesOrRaisesDecodeException(String capture) {
        CaptureReplay replay = new CaptureReplay().feed(capture);
        List<byte[]> datagrams = replay.payloads;
        NetflowDecoder decoder = replay.decoder; // templates learnt from the intact capture
        FlowBatch out = new FlowBatch(256);
        DatagramInfo info = new DatagramInfo();
        SplittableRandom random = new SplittableRandom(capture.hashCode());
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            long now = 0;
            for (byte[] d : datagrams) {
                for (int len = 0; len <= d.length; len++) {
                    decodeOrTypedError(decoder, ByteBuffer.wrap(d, 0, len).slice(), now++, out, info);
                }
                for (int i = 0; i < FLIPS_PER_DATAGRAM && d.length > 0; i++) {
                    byte[] m = d.clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        int bit = random.nextInt(m.length * 8);
                        m[bit >>> 3] ^= (byte) (1 << (bit & 7));
                    }
                    decodeOrTypedError(decoder, ByteBuffer.wrap(m), now++, out, info);
                }
            }
        });
        // state stays within the configured bounds whatever came in
        assertThat(decoder.templateState().templates()).isLessThanOrEqualTo(DecoderConfig.DEFAULT.maxTemplatesTotal());
        assertThat(decoder.templateState().pendingSets()).isLessThanOrEqualTo(DecoderConfig.DEFAULT.maxPendingSets());
        assertThat(decoder.templateState().pendingBytes()).isLessThanOrEqualTo(DecoderConfig.DEFAULT.maxPendingBytes());
    }

    static void decodeOrTypedError(NetflowDecoder decoder, ByteBuffer datagram, long now, FlowBatch out,
                                   DatagramInfo info) {
        out.clear();
        info.reset();
        try {
            decoder.decode(datagram, 0, 0x0000_FFFF_C000_0201L, now, out, info);
        } catch (DecodeException e) {
            assertThat(e.error()).isNotNull();
        }
        assertThat(out.size()).as("rows in the batch vs info.flows").isEqualTo(info.flows);
    }
}
