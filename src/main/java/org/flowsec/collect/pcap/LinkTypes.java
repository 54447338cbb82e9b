package org.flowsec.collect.pcap;

/** The tcpdump.org LINKTYPE_ values this reader understands. */
final class LinkTypes {
    /** BSD loopback: 4-byte address family in the capturing host's byte order. */
    static final int NULL = 0;
    static final int ETHERNET = 1;
    /** Raw IP as some BSDs numbered it (DLT_RAW 12 / 14). */
    static final int RAW_BSD_12 = 12;
    static final int RAW_BSD_14 = 14;
    static final int RAW = 101;
    /** OpenBSD loopback: like NULL but the family is big-endian. */
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private LinkTypes() {}

    static boolean known(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW_BSD_12, RAW_BSD_14, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }
}
