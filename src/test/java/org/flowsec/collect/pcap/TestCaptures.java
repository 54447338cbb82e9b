package org.flowsec.collect.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-side capture plumbing: pulls the frames out of a real little-endian Ethernet pcap, and writes
 * them back in other containers (big-endian pcap, pcapng of either byte order) and link layers, so the
 * reader is tested on real packets in every format it claims.
 */
final class TestCaptures {
    record Frame(long micros, byte[] data) {
        /** The IP packet inside an untagged Ethernet frame. */
        byte[] ip() { return Arrays.copyOfRange(data, 14, data.length); }
    }

    record Datagram(long ts, long hi, long lo, int sport, int dport, byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Datagram d && d.ts == ts && d.hi == hi && d.lo == lo && d.sport == sport
                    && d.dport == dport && Arrays.equals(d.payload, payload);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(payload); }
    }

    private TestCaptures() {}

    static List<Datagram> datagrams(Path file, CaptureStats[] statsOut) throws IOException {
        List<Datagram> all = new ArrayList<>();
        CaptureStats s = new CaptureReader(file).read((ts, hi, lo, sp, dp, p) -> {
            byte[] copy = new byte[p.remaining()];
            p.duplicate().get(copy);
            all.add(new Datagram(ts, hi, lo, sp, dp, copy));
        });
        if (statsOut != null) {
            statsOut[0] = s;
        }
        return all;
    }

    /** Frames of a classic little-endian microsecond pcap. */
    static List<Frame> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xA1B2C3D4) {
            throw new IllegalArgumentException(file + " is not a little-endian microsecond pcap");
        }
        List<Frame> frames = new ArrayList<>();
        int p = 24;
        while (p + 16 <= b.limit()) {
            long micros = (b.getInt(p) & 0xFFFF_FFFFL) * 1_000_000 + (b.getInt(p + 4) & 0xFFFF_FFFFL);
            int len = b.getInt(p + 8);
            frames.add(new Frame(micros, Arrays.copyOfRange(b.array(), p + 16, p + 16 + len)));
            p += 16 + len;
        }
        return frames;
    }

    static byte[] classic(List<byte[]> data, List<Long> micros, int linkType, ByteOrder order, boolean nanos) {
        ByteBuffer b = ByteBuffer.allocate(24 + data.stream().mapToInt(d -> d.length + 16).sum()).order(order);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        for (int i = 0; i < data.size(); i++) {
            long us = micros.get(i);
            b.putInt((int) (us / 1_000_000)).putInt((int) (nanos ? (us % 1_000_000) * 1000 : us % 1_000_000))
                    .putInt(data.get(i).length).putInt(data.get(i).length).put(data.get(i));
        }
        return b.array();
    }

    /** pcapng: SHB, one IDB with if_tsresol (10^-resolution s), EPBs (or SPBs when simple). */
    static byte[] pcapng(List<byte[]> data, List<Long> micros, int linkType, ByteOrder order, int resolution,
                         boolean simple) {
        ByteBuffer b = ByteBuffer.allocate(200 + data.stream().mapToInt(d -> d.length + 40).sum()).order(order);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        // an unknown block in between must be skipped
        b.putInt(0x00000BAD).putInt(16).putInt(0xDEADBEEF).putInt(16);
        b.putInt(1).putInt(32).putShort((short) linkType).putShort((short) 0).putInt(65535)
                .putShort((short) 9).putShort((short) 1).put((byte) resolution).put(new byte[3])
                .putShort((short) 0).putShort((short) 0).putInt(32);
        long scale = 1;
        for (int i = 6; i < resolution; i++) {
            scale *= 10;
        }
        for (int i = 0; i < data.size(); i++) {
            byte[] d = data.get(i);
            int padded = (d.length + 3) & ~3;
            if (simple) {
                int len = 16 + padded;
                b.putInt(3).putInt(len).putInt(d.length).put(d).put(new byte[padded - d.length]).putInt(len);
            } else {
                int len = 32 + padded;
                long ts = micros.get(i) * scale;
                b.putInt(6).putInt(len).putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(d.length)
                        .putInt(d.length).put(d).put(new byte[padded - d.length]).putInt(len);
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static byte[] concat(byte[] head, byte[] tail) {
        byte[] r = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }
}
