package org.flowsec.collect.pcap;

import java.nio.ByteBuffer;
import org.flowsec.flow.Addresses;

/**
 * Peels one captured frame down to UDP: link layer (Ethernet with any number of 802.1Q/802.1ad tags,
 * Linux SLL/SLL2, raw IP, BSD loopback), then IPv4 (fragments go to the {@link Ipv4Reassembler}) or IPv6
 * (extension headers skipped), then UDP. Reads with absolute gets; allocates nothing.
 */
final class PacketDissector {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    /** More tags than this is not a real frame. */
    private static final int MAX_VLAN_TAGS = 8;

    private static final int ETH_HEADER = 14;
    private static final int ETH_TYPE = 12;
    private static final int VLAN_TAG = 4;
    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL = 14;
    private static final int SLL2_HEADER = 20;
    private static final int SLL2_PROTOCOL = 0;
    private static final int NULL_HEADER = 4;

    static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;
    static final int PROTO_UDP = 17;
    private static final int MAX_EXTENSION_HEADERS = 16;

    private final CaptureStats stats;
    private final Ipv4Reassembler reassembler;
    private final UdpDatagramHandler handler;
    private ByteBuffer view;
    private ByteBuffer viewOf;

    PacketDissector(CaptureStats stats, Ipv4Reassembler reassembler, UdpDatagramHandler handler) {
        this.stats = stats;
        this.reassembler = reassembler;
        this.handler = handler;
    }

    /** One captured frame of {@code caplen} bytes at {@code off}. */
    void frame(ByteBuffer b, int off, int caplen, int linkType, long tsMillis) {
        int end = off + caplen;
        int etherType;
        int p;
        switch (linkType) {
            case LinkTypes.ETHERNET -> {
                if (caplen < ETH_HEADER) {
                    stats.malformed++;
                    return;
                }
                etherType = b.getShort(off + ETH_TYPE) & 0xFFFF;
                p = off + ETH_HEADER;
                for (int tags = 0; etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ
                        || etherType == ETHERTYPE_QINQ_OLD; tags++) {
                    if (tags == MAX_VLAN_TAGS || p + VLAN_TAG > end) {
                        stats.malformed++;
                        return;
                    }
                    etherType = b.getShort(p + 2) & 0xFFFF;
                    p += VLAN_TAG;
                }
            }
            case LinkTypes.LINUX_SLL -> {
                if (caplen < SLL_HEADER) {
                    stats.malformed++;
                    return;
                }
                etherType = b.getShort(off + SLL_PROTOCOL) & 0xFFFF;
                p = off + SLL_HEADER;
            }
            case LinkTypes.LINUX_SLL2 -> {
                if (caplen < SLL2_HEADER) {
                    stats.malformed++;
                    return;
                }
                etherType = b.getShort(off + SLL2_PROTOCOL) & 0xFFFF;
                p = off + SLL2_HEADER;
            }
            case LinkTypes.NULL, LinkTypes.LOOP -> {
                if (caplen < NULL_HEADER) {
                    stats.malformed++;
                    return;
                }
                int family = b.getInt(off);
                if (linkType == LinkTypes.NULL && (family & 0xFFFF) == 0) {
                    family = Integer.reverseBytes(family); // written in a little-endian host's order
                }
                // AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux)
                etherType = switch (family) {
                    case 2 -> ETHERTYPE_IPV4;
                    case 10, 24, 28, 30 -> ETHERTYPE_IPV6;
                    default -> 0;
                };
                p = off + NULL_HEADER;
            }
            case LinkTypes.RAW, LinkTypes.RAW_BSD_12, LinkTypes.RAW_BSD_14, LinkTypes.IPV4, LinkTypes.IPV6 -> {
                if (caplen < 1) {
                    stats.malformed++;
                    return;
                }
                int v = (b.get(off) & 0xF0) >>> 4;
                etherType = v == 4 ? ETHERTYPE_IPV4 : v == 6 ? ETHERTYPE_IPV6 : 0;
                p = off;
            }
            default -> {
                stats.unsupportedLinkType++;
                return;
            }
        }
        if (etherType == ETHERTYPE_IPV4) {
            ipv4(b, p, end, tsMillis);
        } else if (etherType == ETHERTYPE_IPV6) {
            ipv6(b, p, end, tsMillis);
        } else {
            stats.nonIp++;
        }
    }

    /*
     *  0                   1                   2                   3
     * +-------+-------+---------------+-------------------------------+
     * |Version|  IHL  |Type of Service|          Total Length         |
     * +-------+-------+---------------+-----+-------------------------+
     * |         Identification        |Flags|      Fragment Offset    |
     * +---------------+---------------+-----+-------------------------+
     * |  Time to Live |    Protocol   |         Header Checksum       |
     * +---------------+---------------+-------------------------------+
     * |                       Source Address                          |
     * |                    Destination Address                        |
     * +---------------------------------------------------------------+
     */
    private static final int V4_TOTAL_LENGTH = 2;
    private static final int V4_ID = 4;
    private static final int V4_FRAG = 6;
    private static final int V4_PROTO = 9;
    static final int V4_SRC = 12;
    private static final int V4_DST = 16;

    private void ipv4(ByteBuffer b, int p, int end, long ts) {
        if (end - p < IPV4_MIN_HEADER) {
            stats.malformed++;
            return;
        }
        int ihl = (b.get(p) & 0x0F) * 4;
        int total = b.getShort(p + V4_TOTAL_LENGTH) & 0xFFFF;
        if ((b.get(p) & 0xF0) != 0x40 || ihl < IPV4_MIN_HEADER || total < ihl || p + total > end) {
            // total beyond the capture: cut by the snap length; shorter than the header: corrupt
            stats.malformed++;
            return;
        }
        int proto = b.get(p + V4_PROTO) & 0xFF;
        int frag = b.getShort(p + V4_FRAG) & 0xFFFF;
        boolean moreFragments = (frag & 0x2000) != 0;
        int fragOffset = (frag & 0x1FFF) * 8;
        int src = b.getInt(p + V4_SRC);
        if (moreFragments || fragOffset != 0) {
            stats.fragments++;
            reassembler.fragment(src, b.getInt(p + V4_DST), b.getShort(p + V4_ID) & 0xFFFF, proto,
                    fragOffset, moreFragments, b, p + ihl, total - ihl, ts, this);
            return;
        }
        if (proto != PROTO_UDP) {
            stats.nonUdp++;
            return;
        }
        udp(b, p + ihl, p + total, ts, 0, Addresses.v4Low(src));
    }

    /** Called by the reassembler with a complete IPv4 payload. */
    void reassembled(ByteBuffer b, int off, int len, int proto, int src, long ts) {
        stats.reassembled++;
        if (proto != PROTO_UDP) {
            stats.nonUdp++;
            return;
        }
        udp(b, off, off + len, ts, 0, Addresses.v4Low(src));
    }

    private static final int V6_PAYLOAD_LENGTH = 4;
    private static final int V6_NEXT_HEADER = 6;
    private static final int V6_SRC = 8;

    private void ipv6(ByteBuffer b, int p, int end, long ts) {
        if (end - p < IPV6_HEADER || (b.get(p) & 0xF0) != 0x60) {
            stats.malformed++;
            return;
        }
        int payloadEnd = p + IPV6_HEADER + (b.getShort(p + V6_PAYLOAD_LENGTH) & 0xFFFF);
        if (payloadEnd > end) {
            stats.malformed++;
            return;
        }
        long srcHi = b.getLong(p + V6_SRC);
        long srcLo = b.getLong(p + V6_SRC + 8);
        int next = b.get(p + V6_NEXT_HEADER) & 0xFF;
        int q = p + IPV6_HEADER;
        for (int i = 0; i < MAX_EXTENSION_HEADERS; i++) {
            switch (next) {
                case PROTO_UDP -> {
                    udp(b, q, payloadEnd, ts, srcHi, srcLo);
                    return;
                }
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (q + 8 > payloadEnd) {
                        stats.malformed++;
                        return;
                    }
                    next = b.get(q) & 0xFF;
                    q += 8 + (b.get(q + 1) & 0xFF) * 8;
                }
                case 51 -> { // authentication header counts its length in 4-byte words, minus 2
                    if (q + 8 > payloadEnd) {
                        stats.malformed++;
                        return;
                    }
                    next = b.get(q) & 0xFF;
                    q += ((b.get(q + 1) & 0xFF) + 2) * 4;
                }
                case 44 -> { // fragment header: only atomic fragments (offset 0, no more) carry a whole datagram
                    if (q + 8 > payloadEnd) {
                        stats.malformed++;
                        return;
                    }
                    int fo = b.getShort(q + 2) & 0xFFFF;
                    if ((fo & 0xFFF9) != 0) {
                        stats.ipv6Fragments++;
                        return;
                    }
                    next = b.get(q) & 0xFF;
                    q += 8;
                }
                default -> {
                    stats.nonUdp++;
                    return;
                }
            }
            if (q > payloadEnd) {
                stats.malformed++;
                return;
            }
        }
        stats.malformed++; // an extension header chain this long is not real traffic
    }

    private void udp(ByteBuffer b, int p, int end, long ts, long srcHi, long srcLo) {
        if (end - p < UDP_HEADER) {
            stats.malformed++;
            return;
        }
        int srcPort = b.getShort(p) & 0xFFFF;
        int dstPort = b.getShort(p + 2) & 0xFFFF;
        int udpLength = b.getShort(p + 4) & 0xFFFF;
        // UDP length 0 is legal over IPv6 jumbograms only; otherwise it must fit what IP carried
        int payloadEnd = udpLength == 0 ? end : p + udpLength;
        if (udpLength != 0 && (udpLength < UDP_HEADER || payloadEnd > end)) {
            stats.malformed++;
            return;
        }
        if (viewOf != b) {
            view = b.duplicate();
            viewOf = b;
        }
        view.clear();
        view.position(p + UDP_HEADER).limit(payloadEnd);
        stats.udpDatagrams++;
        handler.datagram(ts, srcHi, srcLo, srcPort, dstPort, view);
    }
}
