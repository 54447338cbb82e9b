package org.flowsec.collect;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.flowsec.flow.Addresses;

/**
 * Everything the collector can be told, with defaults ({@link #defaults()}); components built from it
 * stay inert until {@code start()}.
 *
 * @param listen                 UDP addresses to bind, {@code host:port}, {@code [v6]:port} ({@code [::]:2055})
 * @param rcvbufBytes            SO_RCVBUF to ask for; the kernel caps it at {@code net.core.rmem_max}
 * @param receiveQueueBatches    datagram batches between the receive threads and the decode thread
 * @param datagramBatchBytes     bytes per datagram batch (direct memory); at least 128 KiB
 * @param sinkQueueBatches       flow batches between the decode thread and the sink thread
 * @param batchRows              flows per batch handed to the sink
 * @param allowlist              exporter prefixes to accept ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); empty = all
 * @param forward                {@code host:port} destinations every accepted datagram is repeated to, unchanged
 * @param flushIntervalMillis    how often the sink is flushed (at most 1000)
 * @param statsIntervalMillis    how often {@code statsFile} is rewritten
 * @param statsFile              where to keep exporter statistics ({@code DIR/exporters.json}); null = nowhere
 * @param maxExporters           exporter+domain pairs tracked one by one; the rest share an "other" bucket
 * @param maxRejectedSources     refused source addresses counted one by one; the rest share "other"
 * @param reorderWindowDatagrams how many datagrams late a datagram may arrive and still be reordering, not loss
 * @param receiveNice            nice value the receive threads ask for (-20..0; 0 leaves them as they are): a
 *                               receive thread kept off the CPU longer than its socket buffer lasts loses datagrams
 *                               for good, so it should win the CPU over everything else the machine runs
 */
public record CollectorConfig(List<String> listen, int rcvbufBytes, int receiveQueueBatches, int datagramBatchBytes,
                              int sinkQueueBatches, int batchRows, List<String> allowlist, List<String> forward,
                              long flushIntervalMillis, long statsIntervalMillis, Path statsFile, int maxExporters,
                              int maxRejectedSources, int reorderWindowDatagrams, int receiveNice) {
    public static final int DEFAULT_PORT = 2055;
    /** Bigger than any UDP payload: a datagram batch must have this much room left to receive into. */
    public static final int MAX_DATAGRAM = 65_536;

    public CollectorConfig {
        listen = List.copyOf(listen);
        allowlist = List.copyOf(allowlist);
        forward = List.copyOf(forward);
        require(!listen.isEmpty(), "at least one listen address is needed");
        require(rcvbufBytes > 0, "rcvbufBytes must be positive");
        require(receiveQueueBatches >= 1, "receiveQueueBatches must be at least 1");
        require(datagramBatchBytes >= 2 * MAX_DATAGRAM, "datagramBatchBytes must be at least 128 KiB");
        require(sinkQueueBatches >= 1, "sinkQueueBatches must be at least 1");
        require(batchRows >= 16, "batchRows must be at least 16");
        require(flushIntervalMillis >= 1 && flushIntervalMillis <= 1000, "flushIntervalMillis must be in 1..1000");
        require(statsIntervalMillis >= 100, "statsIntervalMillis must be at least 100");
        require(maxExporters >= 1, "maxExporters must be at least 1");
        require(maxRejectedSources >= 1, "maxRejectedSources must be at least 1");
        require(reorderWindowDatagrams >= 0 && reorderWindowDatagrams <= 1 << 20, "reorderWindowDatagrams must be in 0..2^20");
        require(receiveNice >= -20 && receiveNice <= 0, "receiveNice must be in -20..0");
        listen.forEach(CollectorConfig::parseHostPort);
        forward.forEach(CollectorConfig::parseHostPort);
        Allowlist.of(allowlist); // validates
    }

    /**
     * Nice value the receive threads ask for by default: about nine times a nice-0 thread's share of a busy CPU
     * (see {@link org.flowsec.base.ThreadNiceness}). They need little CPU, but need it at once.
     */
    public static final int DEFAULT_RECEIVE_NICE = -10;

    /**
     * Listens on every IPv4 address, port 2055; 16 MiB socket buffer; receive threads at nice -10 where permitted; no
     * allowlist, no forwarding.
     */
    public static CollectorConfig defaults() {
        return new CollectorConfig(List.of("0.0.0.0:" + DEFAULT_PORT), 16 << 20, 64, 256 << 10, 8, 4096,
                List.of(), List.of(), 1000, 5000, null, 10_000, 1024, 64, DEFAULT_RECEIVE_NICE);
    }

    public CollectorConfig withListen(List<String> addresses) {
        return new CollectorConfig(addresses, rcvbufBytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, allowlist, forward, flushIntervalMillis, statsIntervalMillis, statsFile, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, receiveNice);
    }

    public CollectorConfig withRcvbuf(int bytes) {
        return new CollectorConfig(listen, bytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, allowlist, forward, flushIntervalMillis, statsIntervalMillis, statsFile, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, receiveNice);
    }

    public CollectorConfig withQueues(int receiveBatches, int sinkBatches, int rowsPerBatch) {
        return new CollectorConfig(listen, rcvbufBytes, receiveBatches, datagramBatchBytes, sinkBatches,
                rowsPerBatch, allowlist, forward, flushIntervalMillis, statsIntervalMillis, statsFile, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, receiveNice);
    }

    public CollectorConfig withAllowlist(List<String> prefixes) {
        return new CollectorConfig(listen, rcvbufBytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, prefixes, forward, flushIntervalMillis, statsIntervalMillis, statsFile, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, receiveNice);
    }

    public CollectorConfig withForward(List<String> targets) {
        return new CollectorConfig(listen, rcvbufBytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, allowlist, targets, flushIntervalMillis, statsIntervalMillis, statsFile, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, receiveNice);
    }

    public CollectorConfig withStats(Path file, long intervalMillis) {
        return new CollectorConfig(listen, rcvbufBytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, allowlist, forward, flushIntervalMillis, intervalMillis, file, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, receiveNice);
    }

    public CollectorConfig withLimits(int exporters, int rejectedSources, int reorderDatagrams) {
        return new CollectorConfig(listen, rcvbufBytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, allowlist, forward, flushIntervalMillis, statsIntervalMillis, statsFile, exporters,
                rejectedSources, reorderDatagrams, receiveNice);
    }

    /** The same with receive threads at nice {@code nice} (-20..0; 0 leaves them as they are). */
    public CollectorConfig withReceiveNice(int nice) {
        return new CollectorConfig(listen, rcvbufBytes, receiveQueueBatches, datagramBatchBytes, sinkQueueBatches,
                batchRows, allowlist, forward, flushIntervalMillis, statsIntervalMillis, statsFile, maxExporters,
                maxRejectedSources, reorderWindowDatagrams, nice);
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or {@code ipv6%scope}-free literals; a bare {@code :port}
     * means every IPv4 address. Host names are resolved once, here.
     */
    /** {@code 192.0.2.1:2055} or {@code [2001:db8::1]:2055}, the form {@link #parseHostPort} reads. */
    public static String formatHostPort(InetSocketAddress a) {
        String host = Addresses.format(Addresses.hi(a.getAddress()),
                Addresses.lo(a.getAddress()));
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public static InetSocketAddress parseHostPort(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (use [::]:2055 for IPv6)");
        }
        String host = t.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535 in '" + text + "'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("write IPv6 addresses in brackets: [" + host + "]:" + port);
        }
        InetSocketAddress a = new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "' in '" + text + "'");
        }
        return a;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
