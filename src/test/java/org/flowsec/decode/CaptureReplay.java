package org.flowsec.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowsec.collect.pcap.CaptureReader;
import org.flowsec.flow.FlowBatch;

/** Feeds captures through one decoder in order, as a collector would, and tallies what came out. */
final class CaptureReplay {
    static final Path DATA = Path.of("../shared/data/netflow-pcaps");

    final NetflowDecoder decoder;
    final FlowBatch flows = new FlowBatch(1024);
    final Map<Integer, Integer> datagramsByVersion = new TreeMap<>();
    final Map<DecodeError, Integer> thrown = new EnumMap<>(DecodeError.class);
    /** Every UDP payload, copied, in order, for robustness tests. */
    final List<byte[]> payloads = new ArrayList<>();
    /** The DatagramInfo of each datagram (copied), in order. */
    final List<long[]> infos = new ArrayList<>();
    private final DatagramInfo info = new DatagramInfo();

    CaptureReplay(SamplingPolicy policy) {
        this(policy, DecoderConfig.DEFAULT);
    }

    CaptureReplay(SamplingPolicy policy, DecoderConfig config) {
        this.decoder = new NetflowDecoder(policy, config);
    }

    CaptureReplay() {
        this(SamplingPolicy.EXPORTED);
    }

    static Path file(String name) {
        return DATA.resolve(name);
    }

    CaptureReplay feed(String... names) {
        for (String name : names) {
            try {
                new CaptureReader(file(name)).read((ts, hi, lo, sport, dport, payload) -> {
                    if (dport == 179 || sport == 179 || dport == 1790 || sport == 1790) {
                        return; // BGP/BMP sessions in pmacct captures are not export traffic
                    }
                    byte[] copy = new byte[payload.remaining()];
                    payload.duplicate().get(copy);
                    payloads.add(copy);
                    info.reset();
                    try {
                        decoder.decode(payload, hi, lo, ts, flows, info);
                    } catch (DecodeException e) {
                        thrown.merge(e.error(), 1, Integer::sum);
                    }
                    datagramsByVersion.merge(info.version, 1, Integer::sum);
                    infos.add(new long[] {info.version, info.domain, info.sequence, info.sequenceAdvance,
                            info.flows, info.templates, info.exportMillis});
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    long optionsRecords() {
        return decoder.stats().snapshot().stream().mapToLong(DomainStats::optionsRecords).sum();
    }

    /** Data sets never decoded: still waiting, or given up on as TEMPLATE_MISSING. */
    long undecodedSets() {
        return decoder.templateState().pendingSets() + errors(DecodeError.TEMPLATE_MISSING);
    }

    long errors(DecodeError e) {
        return decoder.stats().total(e);
    }

    ByteBuffer payload(int i) {
        return ByteBuffer.wrap(payloads.get(i));
    }
}
