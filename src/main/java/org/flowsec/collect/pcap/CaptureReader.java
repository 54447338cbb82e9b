package org.flowsec.collect.pcap;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a classic pcap or pcapng file and hands every UDP datagram in it to a {@link UdpDatagramHandler},
 * reassembling IPv4 fragments within {@link FragmentLimits}. Frames that are not UDP, are cut short or use
 * unknown link types are counted in {@link CaptureStats}; a file that is not a capture, or whose framing
 * is corrupt, raises a {@link CaptureFormatException} naming the file and byte offset. The file is read
 * through one reusable buffer; per packet nothing is allocated.
 *
 * <pre>{@code
 * CaptureStats stats = new CaptureReader(path).read((ts, hi, lo, sport, dport, payload) -> ...);
 * }</pre>
 */
public final class CaptureReader {
    private final Path path;
    private final FragmentLimits limits;
    private final int bufferSize;

    public CaptureReader(Path path) {
        this(path, FragmentLimits.DEFAULT);
    }

    public CaptureReader(Path path, FragmentLimits limits) {
        this(path, limits, FileWindow.DEFAULT_SIZE);
    }

    /** With a read buffer of {@code bufferSize} bytes to start with (it grows for larger blocks). */
    CaptureReader(Path path, FragmentLimits limits, int bufferSize) {
        this.path = path;
        this.limits = limits;
        this.bufferSize = bufferSize;
    }

    /** Reads the whole file; returns what it saw. Datagrams from fragments still incomplete at the end are dropped. */
    public CaptureStats read(UdpDatagramHandler handler) throws IOException {
        CaptureStats stats = new CaptureStats();
        Ipv4Reassembler reassembler = new Ipv4Reassembler(limits, stats);
        PacketDissector dissector = new PacketDissector(stats, reassembler, handler);
        try (FileWindow w = new FileWindow(path, bufferSize)) {
            if (!w.ensure(4)) {
                throw new CaptureFormatException(path, 0, "file too short to be a capture");
            }
            int magic = w.buffer().getInt(w.pos());
            if (magic == PcapngFormat.SHB) {
                PcapngFormat.read(w, dissector, stats);
            } else if (ClassicPcapFormat.isMagic(magic)) {
                ClassicPcapFormat.read(w, dissector, stats);
            } else {
                throw new CaptureFormatException(path, 0, String.format(
                        "not a pcap or pcapng file (magic %08x); convert with editcap or capture with tcpdump -w", magic));
            }
        }
        reassembler.finish();
        return stats;
    }
}
