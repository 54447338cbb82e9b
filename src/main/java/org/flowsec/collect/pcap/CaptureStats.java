package org.flowsec.collect.pcap;

/**
 * What a {@link CaptureReader} saw and skipped. Every packet that does not become a datagram lands in
 * exactly one skip counter, so {@code packets} equals the datagrams plus fragments held plus the skips.
 */
public final class CaptureStats {
    /** Packet records read (pcap records, pcapng EPB/SPB/PB blocks). */
    public long packets;
    /** UDP datagrams handed to the handler (a reassembled datagram counts once). */
    public long udpDatagrams;
    /** Packets that are not IPv4/IPv6 (ARP, LLDP, unknown ethertypes or address families). */
    public long nonIp;
    /** IP packets that do not carry UDP (TCP, ICMP...), including IPv6 ESP which hides the next header. */
    public long nonUdp;
    /** Packets whose link, IP or UDP header is cut off by the snap length or is inconsistent. */
    public long malformed;
    /** Packets on an interface whose link type this reader does not know. */
    public long unsupportedLinkType;
    /** IPv4 fragments taken into reassembly (each fragment once). */
    public long fragments;
    /** Datagrams completed from fragments (also counted in udpDatagrams, or in nonUdp). */
    public long reassembled;
    /** Partial datagrams dropped: timed out, evicted by the count/byte bounds, or inconsistent. */
    public long reassemblyDrops;
    /** IPv6 fragments (other than atomic ones): not reassembled, counted here. */
    public long ipv6Fragments;
    /** A last record cut off by the end of the file (an interrupted capture). */
    public long truncatedRecords;
    /** pcapng blocks that are not packets or interfaces (statistics, name resolution, custom...). */
    public long otherBlocks;

    @Override
    public String toString() {
        return "packets=" + packets + " udp=" + udpDatagrams + " nonIp=" + nonIp + " nonUdp=" + nonUdp
                + " malformed=" + malformed + " unsupportedLinkType=" + unsupportedLinkType
                + " fragments=" + fragments + " reassembled=" + reassembled + " reassemblyDrops=" + reassemblyDrops
                + " ipv6Fragments=" + ipv6Fragments + " truncatedRecords=" + truncatedRecords
                + " otherBlocks=" + otherBlocks;
    }
}
