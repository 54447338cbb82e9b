package org.flowsec.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of everything the collector counts, serialisable to JSON with Jackson (records
 * map to objects field by field). Counters are totals since the collector first started: a restart
 * loads the previous {@code exporters.json} and adds it ({@link #plus}), see {@link ExporterStatsFile}.
 *
 * @param startedMillis when counting began (the earliest start, across restarts), UTC ms
 * @param takenMillis   when this snapshot was taken, UTC ms
 */
public record CollectorStats(long startedMillis, long takenMillis, Totals totals, List<ListenerStats> listeners,
                             List<ForwardStats> forwards, List<ExporterStats> exporters,
                             List<RejectedSource> rejected) {

    /** Name of the exporter bucket that collects everyone beyond the tracked-exporter cap. */
    public static final String OTHER = "other";

    public CollectorStats {
        listeners = List.copyOf(listeners);
        forwards = List.copyOf(forwards);
        exporters = List.copyOf(exporters);
        rejected = List.copyOf(rejected);
    }

    /** Sums over all listeners and exporters. */
    public record Totals(long datagrams, long flows, long bytes, long decodeErrors, long rejectedDatagrams,
                         long queueDrops, long kernelDrops, long sequenceGaps, long estimatedLostFlows,
                         long sinkErrors, int exporters) {}

    /**
     * One UDP socket.
     *
     * @param queueDrops   datagrams dropped because the decode thread was behind (receive queue full)
     * @param kernelDrops  datagrams the kernel dropped on this socket (socket buffer full), from /proc/net/udp*
     * @param rcvbufActual SO_RCVBUF the kernel granted; below the request when net.core.rmem_max caps it
     */
    public record ListenerStats(String address, long datagrams, long bytes, long queueDrops, long kernelDrops,
                                int rcvbufRequested, int rcvbufActual) {}

    /** One repeater destination. */
    public record ForwardStats(String target, long sent, long failed) {}

    /** Datagrams from a source outside the allowlist. */
    public record RejectedSource(String source, long datagrams) {}

    /**
     * One exporter address and observation domain (v5/v7 engine type&lt;&lt;8|id, v9 source id, IPFIX
     * domain). Sequence units are flows for v5/v7, datagrams for v9 and data records for IPFIX;
     * {@code estimatedLostFlows} converts v9's lost datagrams at the observed flows per datagram.
     */
    public record ExporterStats(String exporter, long domain, int version, long datagrams, long flows, long bytes,
                                Map<String, Long> decodeErrors, long templates, long firstSeenMillis,
                                long lastSeenMillis, long sequenceGaps, long lostUnits, long estimatedLostFlows,
                                long reordered, long duplicates, long resets) {
        public ExporterStats {
            decodeErrors = Map.copyOf(decodeErrors);
        }

        public long decodeErrorTotal() {
            return decodeErrors.values().stream().mapToLong(Long::longValue).sum();
        }

        ExporterStats plus(ExporterStats o) {
            Map<String, Long> errors = new TreeMap<>(decodeErrors);
            o.decodeErrors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            return new ExporterStats(exporter, domain, version != 0 ? version : o.version, datagrams + o.datagrams,
                    flows + o.flows, bytes + o.bytes, errors, templates + o.templates,
                    minSeen(firstSeenMillis, o.firstSeenMillis), Math.max(lastSeenMillis, o.lastSeenMillis),
                    sequenceGaps + o.sequenceGaps, lostUnits + o.lostUnits, estimatedLostFlows + o.estimatedLostFlows,
                    reordered + o.reordered, duplicates + o.duplicates, resets + o.resets);
        }
    }

    /** Builds a snapshot, computing the totals. */
    public static CollectorStats of(long startedMillis, long takenMillis, List<ListenerStats> listeners,
                                    List<ForwardStats> forwards, List<ExporterStats> exporters,
                                    List<RejectedSource> rejected, long sinkErrors) {
        long datagrams = 0, flows = 0, bytes = 0, errors = 0, gaps = 0, lost = 0;
        for (ExporterStats e : exporters) {
            datagrams += e.datagrams();
            flows += e.flows();
            bytes += e.bytes();
            errors += e.decodeErrorTotal();
            gaps += e.sequenceGaps();
            lost += e.estimatedLostFlows();
        }
        long queueDrops = listeners.stream().mapToLong(ListenerStats::queueDrops).sum();
        long kernelDrops = listeners.stream().mapToLong(ListenerStats::kernelDrops).sum();
        long rejectedDatagrams = rejected.stream().mapToLong(RejectedSource::datagrams).sum();
        int tracked = (int) exporters.stream().filter(e -> !OTHER.equals(e.exporter())).count();
        Totals totals = new Totals(datagrams, flows, bytes, errors, rejectedDatagrams, queueDrops, kernelDrops,
                gaps, lost, sinkErrors, tracked);
        return new CollectorStats(startedMillis, takenMillis, totals, listeners, forwards, exporters, rejected);
    }

    /**
     * This snapshot with an earlier run's counters added: exporters by (address, domain), listeners by
     * address, forwards by target, rejected sources by address; the start time is the earlier one.
     */
    public CollectorStats plus(CollectorStats previous) {
        Map<String, ExporterStats> ex = new LinkedHashMap<>();
        for (ExporterStats e : exporters) {
            ex.merge(e.exporter() + "#" + e.domain(), e, ExporterStats::plus);
        }
        for (ExporterStats e : previous.exporters) {
            ex.merge(e.exporter() + "#" + e.domain(), e, ExporterStats::plus);
        }
        Map<String, ListenerStats> li = new LinkedHashMap<>();
        for (ListenerStats l : listeners) {
            li.put(l.address(), l);
        }
        for (ListenerStats p : previous.listeners) {
            li.merge(p.address(), p, (cur, old) -> new ListenerStats(cur.address(), cur.datagrams() + old.datagrams(),
                    cur.bytes() + old.bytes(), cur.queueDrops() + old.queueDrops(), cur.kernelDrops() + old.kernelDrops(),
                    cur.rcvbufRequested(), cur.rcvbufActual()));
        }
        Map<String, ForwardStats> fw = new LinkedHashMap<>();
        for (ForwardStats f : forwards) {
            fw.put(f.target(), f);
        }
        for (ForwardStats p : previous.forwards) {
            fw.merge(p.target(), p, (cur, old) -> new ForwardStats(cur.target(), cur.sent() + old.sent(),
                    cur.failed() + old.failed()));
        }
        Map<String, RejectedSource> rj = new LinkedHashMap<>();
        for (RejectedSource r : rejected) {
            rj.put(r.source(), r);
        }
        for (RejectedSource p : previous.rejected) {
            rj.merge(p.source(), p, (cur, old) -> new RejectedSource(cur.source(), cur.datagrams() + old.datagrams()));
        }
        return of(minSeen(startedMillis, previous.startedMillis), takenMillis, new ArrayList<>(li.values()),
                new ArrayList<>(fw.values()), new ArrayList<>(ex.values()), new ArrayList<>(rj.values()),
                totals.sinkErrors() + previous.totals.sinkErrors());
    }

    private static long minSeen(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }
}
