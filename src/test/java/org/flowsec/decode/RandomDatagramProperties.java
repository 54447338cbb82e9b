package org.flowsec.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.flowsec.flow.FlowBatch;

/**
 * Random datagrams with a valid header of each version and random bodies (plus random set headers for
 * v9 and IPFIX, so the template paths are reached) decode or raise DecodeException, never anything else.
 * One decoder sees all of them, so templates built from random bytes meet random data sets.
 */
class RandomDatagramProperties {
    private final NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED);
    private final FlowBatch out = new FlowBatch(64);
    private final DatagramInfo info = new DatagramInfo();
    private long now;

    @Property(tries = 3000)
    void randomBodiesBehindValidHeadersDecodeOrRaiseDecodeException(@ForAll("datagrams") byte[] datagram) {
        RobustnessTest.decodeOrTypedError(decoder, ByteBuffer.wrap(datagram), now++, out, info);
        assertThat(decoder.templateState().templates()).isLessThanOrEqualTo(DecoderConfig.DEFAULT.maxTemplatesTotal());
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<Integer> version = Arbitraries.of(1, 5, 7, 9, 10);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
        Arbitrary<List<int[]>> sets = Combinators.combine(
                Arbitraries.of(0, 1, 2, 3, 256, 257, 258, 4, 65535),
                Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(0, 6))
                .as((id, len, fields) -> new int[] {id, len, fields}).list().ofMaxSize(6);
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 40);
        return Combinators.combine(version, body, sets, count).as(RandomDatagramProperties::build);
    }

    private static byte[] build(int version, byte[] body, List<int[]> sets, int count) {
        ByteBuffer b = ByteBuffer.allocate(20 + sets.size() * 40 + body.length + 64);
        b.putShort((short) version).putShort((short) count);
        switch (version) {
            case 1 -> b.putInt(1000).putInt(1_700_000_000).putInt(0);
            case 5, 7 -> b.putInt(1000).putInt(1_700_000_000).putInt(0).putInt(7).putInt(0);
            case 9 -> b.putInt(1000).putInt(1_700_000_000).putInt(3).putInt(count & 3);
            default -> b.putInt(1_700_000_000).putInt(3).putInt(count & 3); // IPFIX length patched below
        }
        if (version == 9 || version == 10) {
            for (int[] s : sets) {
                // a set header, then a template-ish record (id, field count, fields) to reach the template code
                b.putShort((short) s[0]).putShort((short) s[1]);
                b.putShort((short) (256 + s[2])).putShort((short) s[2]);
                for (int f = 0; f < s[2]; f++) {
                    b.putShort((short) (f * 7 + 1)).putShort((short) (f == 3 ? 0xFFFF : f + 1));
                }
            }
        }
        b.put(body);
        if (version == 10) {
            b.putShort(2, (short) b.position());
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
