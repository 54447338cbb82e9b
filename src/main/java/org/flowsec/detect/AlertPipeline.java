package org.flowsec.detect;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between detectors and sinks: numbers alerts, folds repeats into updates, paces updates, delivers.
 *
 * <ul>
 *   <li><b>Ids</b> are derived from the detector, the suppression key and the alert's first time
 *       ({@link #id}), so an archive run and a live run over the same flows name the same alert alike.</li>
 *   <li><b>Suppression.</b> A raise whose key has an open alert that ended at most {@code suppression} (event
 *       time) before the raise's end is an update of that alert: same id, the earliest first, the latest last,
 *       and the newer counts, ports, summary and evidence; the severity never drops. Later raises start a
 *       new alert.</li>
 *   <li><b>Pacing.</b> Sinks get a new alert at once and then at most one update per alert per
 *       {@code updateInterval} of event time; a held update goes out when the watermark has moved that far,
 *       when the alert closes ({@code suppression} after its last), or at {@link #close()}.</li>
 *   <li><b>Bounded:</b> at most {@code maxOpen} alerts are open; the one raised least recently is closed
 *       early (its pending update delivered) and counted.</li>
 * </ul>
 * One thread (the detection thread) calls it. The injected clock only stamps {@code detectedAt}.
 */
public final class AlertPipeline implements AlertEmitter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Watermark movement between two sweeps over the open alerts, so a sweep's cost is spread thin. */
    private static final long SWEEP_MILLIS = 10_000;

    /** Time settings and bounds, in event-time milliseconds. */
    public record Settings(long suppressionMillis, long updateIntervalMillis, int maxOpen) {
        public static final Settings DEFAULTS = new Settings(600_000, 60_000, 100_000);

        public Settings {
            if (suppressionMillis < 0 || updateIntervalMillis < 0 || maxOpen < 1) {
                throw new IllegalArgumentException("suppression and update_interval must be >= 0, max_open_alerts >= 1");
            }
        }
    }

    private static final class Open {
        Alert alert;
        long sentLast;
        boolean dirty;

        Open(Alert alert) { this.alert = alert; }
    }

    private final Settings settings;
    private final Clock clock;
    private final List<AlertSink> sinks;
    private final RateLimitedLog errorLog;
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(1024, 0.75f, true);
    private long lastSweep = Long.MIN_VALUE;
    private long raised;
    private long alerts;
    private long updatesDelivered;
    private long updatesHeld;
    private long evicted;
    private long sinkErrors;
    private boolean closed;

    public AlertPipeline(Settings settings, Clock clock, List<AlertSink> sinks) {
        this.settings = settings;
        this.clock = clock;
        this.sinks = List.copyOf(sinks);
        this.errorLog = new RateLimitedLog(LOG, clock);
    }

    /**
     * The id of an alert: detector name, a dash, and 12 hex digits of a 64-bit hash of detector, key and first
     * time. 48 bits keep the chance of two alerts sharing an id below one in a million up to ~20 000 alerts
     * in one store (8 digits would reach that at ~90).
     */
    public static String id(String detector, String key, long first) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64
        for (byte b : (detector + '\n' + key + '\n' + first).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33; // FNV's low bits mix poorly for short inputs; finish with a murmur step
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return detector + "-" + String.format("%012x", h >>> 16);
    }

    @Override
    public void raise(Alert a) {
        if (closed) {
            return;
        }
        raised++;
        String k = a.detector() + '\n' + a.key();
        Open o = open.get(k);
        if (o != null && a.last() <= o.alert.last() + settings.suppressionMillis()) {
            Alert prev = o.alert;
            Severity severity = a.severity().compareTo(prev.severity()) >= 0 ? a.severity() : prev.severity();
            o.alert = new Alert(prev.id(), a.detector(), severity, Math.min(prev.first(), a.first()),
                    Math.max(prev.last(), a.last()), clock.millis(), a.summary(), a.srcAddr(), a.dstAddr(), a.proto(),
                    a.ports(), a.counts(), a.thresholds(), a.evidence(), a.key());
            o.dirty = true;
            if (o.alert.last() - o.sentLast >= settings.updateIntervalMillis()) {
                deliver(o, true);
            } else {
                updatesHeld++;
            }
            return;
        }
        if (o != null) {
            closeOpen(o);
            open.remove(k);
        }
        Open fresh = new Open(a.withId(id(a.detector(), a.key(), a.first()), clock.millis()));
        open.put(k, fresh);
        alerts++;
        deliver(fresh, false);
        if (open.size() > settings.maxOpen()) {
            Iterator<Open> eldest = open.values().iterator();
            closeOpen(eldest.next());
            eldest.remove();
            evicted++;
        }
    }

    /** The watermark moved: deliver held updates that are due, close alerts past their suppression window. */
    public void advance(long watermark) {
        if (closed || watermark - lastSweep < SWEEP_MILLIS && lastSweep != Long.MIN_VALUE) {
            return;
        }
        lastSweep = watermark;
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.alert.last() + settings.suppressionMillis() < watermark) {
                closeOpen(o);
                it.remove();
            } else if (o.dirty && watermark - o.sentLast >= settings.updateIntervalMillis()) {
                deliver(o, true);
            }
        }
    }

    /** Delivers every held update, then closes the sinks. Later raises are ignored. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (Open o : open.values()) {
            closeOpen(o);
        }
        open.clear();
        closed = true;
        for (AlertSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                sinkErrors++;
                LOG.error("closing alert sink {} failed", s, e);
            }
        }
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("raised", raised);
        c.put("alerts", alerts);
        c.put("updates_delivered", updatesDelivered);
        c.put("updates_held", updatesHeld);
        c.put("open", (long) open.size());
        c.put("open_evicted", evicted);
        long failures = sinkErrors;
        for (AlertSink s : sinks) {
            failures += s.failures();
        }
        c.put("sink_failures", failures);
        return c;
    }

    private void closeOpen(Open o) {
        if (o.dirty) {
            deliver(o, true);
        }
    }

    private void deliver(Open o, boolean update) {
        o.sentLast = o.alert.last();
        o.dirty = false;
        if (update) {
            updatesDelivered++;
        }
        for (AlertSink s : sinks) {
            try {
                s.accept(o.alert, update);
            } catch (RuntimeException e) {
                sinkErrors++;
                errorLog.error("alert sink {} failed ({} sink errors so far)", s, sinkErrors, e);
            }
        }
    }
}
