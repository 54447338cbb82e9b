package org.flowsec.collect.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.flowsec.collect.pcap.TestCaptures.Datagram;
import org.flowsec.collect.pcap.TestCaptures.Frame;
import org.flowsec.flow.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
    private static final Path NETFLOW = Path.of("../shared/data/netflow-pcaps");
    private static final Path SOURCE = NETFLOW.resolve("akvorado/ipfix_v10_with_mpls_labels.pcap");

    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static List<byte[]> rewrap(List<Frame> frames, UnaryOperator<byte[]> wrap) {
        List<byte[]> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(wrap.apply(f.ip()));
        }
        return out;
    }

    private static byte[] prefix(byte[] header, byte[] ip) {
        return TestCaptures.concat(header, ip);
    }

    @Test
    void theSameRealPacketsReadAlikeFromEveryContainerAndLinkLayer() throws IOException {
        List<Frame> frames = TestCaptures.frames(SOURCE);
        List<Datagram> expected = TestCaptures.datagrams(SOURCE, null);
        assertThat(expected).hasSize(38);
        List<Long> micros = frames.stream().map(Frame::micros).toList();
        List<byte[]> eth = frames.stream().map(Frame::data).toList();
        byte[] mac = new byte[12];
        List<byte[]> vlan = rewrap(frames, ip -> prefix(ByteBuffer.allocate(18).put(mac).putShort((short) 0x8100)
                .putShort((short) 42).putShort((short) 0x0800).array(), ip));
        List<byte[]> qinq = rewrap(frames, ip -> prefix(ByteBuffer.allocate(22).put(mac).putShort((short) 0x88A8)
                .putShort((short) 7).putShort((short) 0x8100).putShort((short) 42).putShort((short) 0x0800).array(), ip));
        List<byte[]> sll = rewrap(frames, ip -> prefix(ByteBuffer.allocate(16).putShort((short) 0).putShort((short) 1)
                .putShort((short) 6).put(new byte[8]).putShort((short) 0x0800).array(), ip));
        List<byte[]> sll2 = rewrap(frames, ip -> prefix(ByteBuffer.allocate(20).putShort((short) 0x0800).putShort((short) 0)
                .putInt(3).putShort((short) 1).put((byte) 0).put((byte) 6).put(new byte[8]).array(), ip));
        List<byte[]> bsdNull = rewrap(frames, ip -> prefix(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(2).array(), ip));
        List<byte[]> loop = rewrap(frames, ip -> prefix(ByteBuffer.allocate(4).putInt(2).array(), ip));
        List<byte[]> raw = rewrap(frames, ip -> ip);

        ByteOrder be = ByteOrder.BIG_ENDIAN;
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        assertThat(read("be.pcap", TestCaptures.classic(eth, micros, 1, be, false))).isEqualTo(expected);
        assertThat(read("ns.pcap", TestCaptures.classic(eth, micros, 1, le, true))).isEqualTo(expected);
        assertThat(read("le.pcapng", TestCaptures.pcapng(eth, micros, 1, le, 6, false))).isEqualTo(expected);
        assertThat(read("be-ns.pcapng", TestCaptures.pcapng(eth, micros, 1, be, 9, false))).isEqualTo(expected);
        assertThat(read("vlan.pcap", TestCaptures.classic(vlan, micros, 1, le, false))).isEqualTo(expected);
        assertThat(read("qinq.pcapng", TestCaptures.pcapng(qinq, micros, 1, be, 6, false))).isEqualTo(expected);
        assertThat(read("sll.pcap", TestCaptures.classic(sll, micros, 113, le, false))).isEqualTo(expected);
        assertThat(read("sll2.pcap", TestCaptures.classic(sll2, micros, 276, be, false))).isEqualTo(expected);
        assertThat(read("null.pcap", TestCaptures.classic(bsdNull, micros, 0, le, false))).isEqualTo(expected);
        assertThat(read("loop.pcap", TestCaptures.classic(loop, micros, 108, be, false))).isEqualTo(expected);
        assertThat(read("raw.pcap", TestCaptures.classic(raw, micros, 101, le, false))).isEqualTo(expected);
        assertThat(read("ipv4.pcapng", TestCaptures.pcapng(raw, micros, 228, le, 6, false))).isEqualTo(expected);
        // simple packet blocks carry no timestamp: compare everything else
        List<Datagram> spb = read("spb.pcapng", TestCaptures.pcapng(eth, micros, 1, le, 6, true));
        assertThat(spb).extracting(Datagram::payload).containsExactlyElementsOf(expected.stream().map(Datagram::payload).toList());
    }

    private List<Datagram> read(String name, byte[] bytes) throws IOException {
        return TestCaptures.datagrams(write(name, bytes), null);
    }

    @Test
    void aSmallReadBufferSlidingOverTheFileYieldsTheSameDatagrams() throws IOException {
        Path big = Path.of("../shared/data/traffic-pcaps/dos/stopddos_amp.dns.RRSIG.fragmented.pcap");
        List<Datagram> whole = TestCaptures.datagrams(big, null);
        List<Datagram> small = new ArrayList<>();
        // 512 bytes: most frames straddle the buffer's end and some are larger than it
        new CaptureReader(big, FragmentLimits.DEFAULT, 512).read((ts, hi, lo, sp, dp, p) -> {
            byte[] c = new byte[p.remaining()];
            p.duplicate().get(c);
            small.add(new Datagram(ts, hi, lo, sp, dp, c));
        });
        assertThat(small).isEqualTo(whole);
    }

    @Test
    void exportersOverIpv6AreReportedWithTheirFullAddress() throws IOException {
        List<Datagram> d = TestCaptures.datagrams(NETFLOW.resolve("pmacct/104-IPFIXv10-IPv6-CISCO-sampling_option_traffic-00.pcap"), null);
        InetAddress exporter = Addresses.parse("2a02:a90:4007:700::54");
        assertThat(d).hasSize(5).allSatisfy(x -> {
            assertThat(x.hi()).isEqualTo(Addresses.hi(exporter));
            assertThat(x.lo()).isEqualTo(Addresses.lo(exporter));
            assertThat(x.dport()).isEqualTo(9992);
        });
    }

    @Test
    void realFragmentedDnsResponsesAreReassembled() throws IOException {
        // tshark -r stopddos_amp.dns.RRSIG.fragmented.pcap -Y udp | wc -l  ->  430 (tshark reassembles too);
        // its 430th, frame 4194, is UDP inside a GRE tunnel, which we do not open (counted as non-UDP)
        CaptureStats[] s = new CaptureStats[1];
        List<Datagram> d = TestCaptures.datagrams(Path.of("../shared/data/traffic-pcaps/dos/stopddos_amp.dns.RRSIG.fragmented.pcap"), s);
        assertThat(d).hasSize(429);
        assertThat(s[0].reassembled).isGreaterThan(300);
        assertThat(s[0].packets).isEqualTo(4412);
    }

    @Test
    void aBigIpfixDatagramSplitIntoShuffledFragmentsComesOutWhole() throws IOException {
        Frame big = TestCaptures.frames(SOURCE).stream().max((a, b) -> Integer.compare(a.data().length, b.data().length)).orElseThrow();
        byte[] ip = big.ip();
        List<byte[]> fragments = fragment(ip, 200);
        Collections.shuffle(fragments, new Random(1));
        fragments.add(fragments.get(0)); // a duplicate must not break anything
        List<Long> ts = Collections.nCopies(fragments.size(), big.micros());
        CaptureStats[] s = new CaptureStats[1];
        List<Datagram> d = TestCaptures.datagrams(write("frag.pcap", TestCaptures.classic(fragments, ts, 101, ByteOrder.LITTLE_ENDIAN, false)), s);
        assertThat(d).hasSize(1);
        int ihl = (ip[0] & 0x0F) * 4;
        assertThat(d.get(0).payload()).isEqualTo(Arrays.copyOfRange(ip, ihl + 8, ip.length));
        assertThat(s[0].reassembled).isEqualTo(1);
    }

    @Test
    void partialDatagramsBeyondTheBoundsAreDroppedAndCounted() throws IOException {
        Frame big = TestCaptures.frames(SOURCE).stream().max((a, b) -> Integer.compare(a.data().length, b.data().length)).orElseThrow();
        List<byte[]> firsts = new ArrayList<>();
        for (int id = 0; id < 10; id++) {
            byte[] ip = big.ip().clone();
            ip[4] = (byte) id; // a different identification each time
            firsts.add(fragment(ip, 200).get(0));
        }
        Path p = write("partial.pcap", TestCaptures.classic(firsts, Collections.nCopies(10, big.micros()), 101, ByteOrder.BIG_ENDIAN, false));
        CaptureStats s = new CaptureReader(p, new FragmentLimits(2, 100_000, 1000)).read((a, b, c, e, f, g) -> { });
        assertThat(s.fragments).isEqualTo(10);
        assertThat(s.udpDatagrams).isZero();
        assertThat(s.reassemblyDrops).isEqualTo(10); // 8 evicted, 2 left incomplete at the end
    }

    /** Splits an IPv4 packet into fragments of {@code size} payload bytes (a multiple of 8). */
    private static List<byte[]> fragment(byte[] ip, int size) {
        int ihl = (ip[0] & 0x0F) * 4;
        int total = ip.length - ihl;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < total; off += size) {
            int len = Math.min(size, total - off);
            ByteBuffer f = ByteBuffer.allocate(ihl + len);
            f.put(ip, 0, ihl).put(ip, ihl + off, len);
            f.putShort(2, (short) (ihl + len));
            f.putShort(6, (short) ((off + len < total ? 0x2000 : 0) | (off / 8)));
            out.add(f.array());
        }
        return out;
    }

    @Test
    void everyTruncationOfACaptureIsATypedErrorOrACountedSkip() throws IOException {
        byte[] whole = Files.readAllBytes(NETFLOW.resolve("graylog/nprobe-netflow9-2.pcap"));
        byte[] ng = TestCaptures.pcapng(TestCaptures.frames(NETFLOW.resolve("graylog/nprobe-netflow9-2.pcap")).stream()
                .map(Frame::data).toList(), List.of(1L, 2L, 3L), 1, ByteOrder.BIG_ENDIAN, 6, false);
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            for (byte[] file : List.of(whole, ng)) {
                for (int len = 0; len < file.length; len++) {
                    Path p = write("cut", Arrays.copyOf(file, len));
                    try {
                        CaptureStats s = new CaptureReader(p).read((a, b, c, d, e, f) -> { });
                        assertThat(s.truncatedRecords + s.malformed).isLessThanOrEqualTo(1);
                    } catch (CaptureFormatException e) {
                        assertThat(e.path()).isEqualTo(p);
                        assertThat(e.offset()).isBetween(0L, (long) len);
                    }
                }
            }
        });
    }

    @Test
    void aFileThatIsNotACaptureSaysSoWithItsPath() throws IOException {
        Path p = write("notes.txt", "hello, these are not packets".getBytes());
        assertThatThrownBy(() -> new CaptureReader(p).read((a, b, c, d, e, f) -> { }))
                .isInstanceOf(CaptureFormatException.class).hasMessageContaining("notes.txt").hasMessageContaining("at byte 0");
    }

    @Test
    void anImpossibleRecordLengthIsReportedAtItsOffset() throws IOException {
        byte[] file = Files.readAllBytes(NETFLOW.resolve("graylog/netflow5.pcap"));
        int first = 24 + 16 + ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(24 + 8);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(first + 8, 0x7FFF_0000);
        Path p = write("bad.pcap", file);
        assertThatThrownBy(() -> new CaptureReader(p).read((a, b, c, d, e, f) -> { }))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> assertThat(e.offset()).isEqualTo(first));
    }

    @Test
    void randomBitFlipsInAPcapngNeverEscapeAsAnythingButACaptureFormatException() throws IOException {
        List<Frame> frames = TestCaptures.frames(SOURCE);
        byte[] ng = TestCaptures.pcapng(frames.stream().map(Frame::data).toList(), frames.stream().map(Frame::micros).toList(),
                1, ByteOrder.LITTLE_ENDIAN, 6, false);
        Random r = new Random(7);
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            for (int i = 0; i < 300; i++) {
                byte[] m = ng.clone();
                for (int f = 0; f < 3; f++) {
                    int bit = r.nextInt(m.length * 8);
                    m[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                Path p = write("flip", m);
                try {
                    new CaptureReader(p).read((a, b, c, d, e, f) -> { });
                } catch (CaptureFormatException e) {
                    assertThat(e.path()).isEqualTo(p);
                }
            }
        });
    }
}
