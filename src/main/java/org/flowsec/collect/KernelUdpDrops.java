package org.flowsec.collect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flowsec.flow.Addresses;

/**
 * Reads how many datagrams the kernel dropped on our UDP sockets (receive buffer full) from Linux's
 * {@code /proc/net/udp} and {@code /proc/net/udp6}. One line per socket:
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode ref pointer drops
 * 1234: 0100007F:0807 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 20519 2 0000000000000000 17
 * </pre>
 * The local address is hex in host byte order (IPv6: four 32-bit words, each in host order), the port
 * hex in network order. A socket is matched by local port and address, and by inode among this
 * process's open sockets ({@code /proc/self/fd/* -> socket:[inode]}) so another process's socket on
 * the same port is never counted. Elsewhere than Linux the files are missing and drops read as -1.
 */
public final class KernelUdpDrops {
    private static final int COL_LOCAL = 1;
    private static final int COL_INODE = 9;
    private static final int COL_DROPS = 12;

    /** One socket line. Addresses are two words, IPv4 as IPv4-mapped, like everywhere in flowsec. */
    public record Entry(long localHi, long localLo, int localPort, long inode, long drops) {}

    private final Path procNet;
    private final Path ownFds;

    /** Reads the live /proc. */
    public KernelUdpDrops() {
        this(Path.of("/proc/net"), Path.of("/proc/self/fd"));
    }

    KernelUdpDrops(Path procNet, Path ownFds) {
        this.procNet = procNet;
        this.ownFds = ownFds;
    }

    /** Parses the text of /proc/net/udp or udp6; malformed lines are skipped. */
    public static List<Entry> parse(String text, ByteOrder hostOrder) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] col = line.trim().split("\\s+");
            if (col.length <= COL_DROPS || !col[0].endsWith(":")) {
                continue; // header or truncated line
            }
            try {
                String[] local = col[COL_LOCAL].split(":");
                String hex = local[0];
                long hi;
                long lo;
                if (hex.length() == 8) {
                    hi = 0;
                    lo = Addresses.v4Low(word(hex, 0, hostOrder));
                } else if (hex.length() == 32) {
                    hi = (long) word(hex, 0, hostOrder) << 32 | (word(hex, 8, hostOrder) & 0xFFFF_FFFFL);
                    lo = (long) word(hex, 16, hostOrder) << 32 | (word(hex, 24, hostOrder) & 0xFFFF_FFFFL);
                } else {
                    continue;
                }
                int port = Integer.parseInt(local[1], 16);
                out.add(new Entry(hi, lo, port, Long.parseLong(col[COL_INODE]), Long.parseLong(col[COL_DROPS])));
            } catch (RuntimeException e) {
                // a line we cannot read is skipped: the count is advisory
            }
        }
        return out;
    }

    /** A 32-bit word printed in host order, returned in network order. */
    private static int word(String hex, int from, ByteOrder hostOrder) {
        int w = Integer.parseUnsignedInt(hex.substring(from, from + 8), 16);
        return hostOrder == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(w) : w;
    }

    /**
     * Drops on this process's socket bound to {@code local}, from both files; -1 when /proc cannot be read.
     */
    public long drops(InetSocketAddress local) {
        return drops(local, readAll(), ownSocketInodes());
    }

    static long drops(InetSocketAddress local, List<Entry> entries, Set<Long> ownInodes) {
        if (entries == null) {
            return -1;
        }
        InetAddress a = local.getAddress();
        long hi = Addresses.hi(a);
        long lo = Addresses.lo(a);
        long sum = 0;
        for (Entry e : entries) {
            if (e.localPort() == local.getPort() && e.localHi() == hi && e.localLo() == lo
                    && (ownInodes.isEmpty() || ownInodes.contains(e.inode()))) {
                sum += e.drops();
            }
        }
        return sum;
    }

    private List<Entry> readAll() {
        List<Entry> all = new ArrayList<>();
        boolean any = false;
        for (String name : new String[] {"udp", "udp6"}) {
            Path p = procNet.resolve(name);
            try {
                all.addAll(parse(Files.readString(p), ByteOrder.nativeOrder()));
                any = true;
            } catch (IOException | RuntimeException e) {
                // no IPv6, or not Linux
            }
        }
        return any ? all : null;
    }

    private Set<Long> ownSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(ownFds)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | RuntimeException e) {
                    // the descriptor closed while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            // cannot list our descriptors: fall back to port and address only
        }
        return inodes;
    }
}
