package org.flowsec.collect.pcap;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Puts IPv4 fragments back together (RFC 791), within {@link FragmentLimits}: a fixed set of slots keyed by
 * (source, destination, identification, protocol), each with a reusable 64 KiB buffer and a bitmap of the
 * 8-byte units received. Overlaps are accepted (later bytes win); a datagram is complete when the last
 * fragment fixed its length and every unit below it arrived. Whatever is evicted or times out is counted
 * in {@link CaptureStats#reassemblyDrops}.
 */
final class Ipv4Reassembler {
    /** Largest IPv4 payload: total length 65535 minus a 20-byte header. */
    private static final int MAX_PAYLOAD = 65535 - 20;
    private static final int UNITS = (MAX_PAYLOAD + 7) / 8;

    private final FragmentLimits limits;
    private final CaptureStats stats;
    private final Slot[] slots;
    private long bytesHeld;

    private static final class Slot {
        boolean used;
        int src;
        int dst;
        int id;
        int proto;
        long firstTs;
        int total = -1;
        int held;
        byte[] data;
        ByteBuffer view;
        final long[] units = new long[(UNITS + 63) / 64];
    }

    Ipv4Reassembler(FragmentLimits limits, CaptureStats stats) {
        this.limits = limits;
        this.stats = stats;
        this.slots = new Slot[limits.maxDatagrams()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    void fragment(int src, int dst, int id, int proto, int offset, boolean more, ByteBuffer b, int p, int len,
                  long ts, PacketDissector out) {
        expire(ts);
        if (offset + len > MAX_PAYLOAD || (more && (len == 0 || (len & 7) != 0))) {
            stats.reassemblyDrops++; // a middle fragment must carry a multiple of 8 bytes
            return;
        }
        Slot s = find(src, dst, id, proto);
        if (s == null) {
            s = claim(ts);
            s.src = src;
            s.dst = dst;
            s.id = id;
            s.proto = proto;
        }
        if (!more) {
            int total = offset + len;
            if (s.total >= 0 && s.total != total) {
                drop(s);
                return;
            }
            s.total = total;
        }
        if (s.data == null) {
            s.data = new byte[MAX_PAYLOAD];
            s.view = ByteBuffer.wrap(s.data);
        }
        b.get(p, s.data, offset, len);
        for (int u = offset >>> 3, last = (offset + len + 7) >>> 3; u < last; u++) {
            s.units[u >>> 6] |= 1L << u;
        }
        s.held += len;
        bytesHeld += len;
        while (bytesHeld > limits.maxBytes()) {
            Slot oldest = oldest();
            drop(oldest);
            if (oldest == s) {
                return;
            }
        }
        if (s.total >= 0 && complete(s)) {
            int total = s.total;
            int srcAddr = s.src;
            int protocol = s.proto;
            ByteBuffer view = s.view;
            release(s);
            out.reassembled(view, 0, total, protocol, srcAddr, ts);
        }
    }

    private static boolean complete(Slot s) {
        int units = (s.total + 7) >>> 3;
        for (int u = 0; u < units; u++) {
            if ((s.units[u >>> 6] & (1L << u)) == 0) {
                return false;
            }
        }
        return true;
    }

    private Slot find(int src, int dst, int id, int proto) {
        for (Slot s : slots) {
            if (s.used && s.src == src && s.dst == dst && s.id == id && s.proto == proto) {
                return s;
            }
        }
        return null;
    }

    private Slot claim(long ts) {
        for (Slot s : slots) {
            if (!s.used) {
                s.used = true;
                s.firstTs = ts;
                return s;
            }
        }
        Slot victim = oldest();
        drop(victim);
        victim.used = true;
        victim.firstTs = ts;
        return victim;
    }

    private Slot oldest() {
        Slot oldest = null;
        for (Slot s : slots) {
            if (s.used && (oldest == null || s.firstTs < oldest.firstTs)) {
                oldest = s;
            }
        }
        return oldest;
    }

    private void expire(long ts) {
        for (Slot s : slots) {
            if (s.used && ts - s.firstTs > limits.timeoutMillis()) {
                drop(s);
            }
        }
    }

    private void drop(Slot s) {
        stats.reassemblyDrops++;
        release(s);
    }

    private void release(Slot s) {
        bytesHeld -= s.held;
        s.used = false;
        s.held = 0;
        s.total = -1;
        Arrays.fill(s.units, 0);
    }

    /** Counts every datagram still incomplete at the end of the capture as dropped. */
    void finish() {
        for (Slot s : slots) {
            if (s.used) {
                drop(s);
            }
        }
    }
}
