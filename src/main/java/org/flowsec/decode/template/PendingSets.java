package org.flowsec.decode.template;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.flowsec.decode.DecodeError;
import org.flowsec.decode.DecodeStats;
import org.flowsec.decode.DecoderConfig;

/**
 * Data sets that arrived before their template (exporters send templates only every so often, and a
 * collector that starts mid-stream sees data first). Each is copied and held, oldest first, within the
 * pending bounds of {@link DecoderConfig} (count and bytes, per exporter and in total); when its template
 * arrives it is decoded, when it times out or is pushed out by newer sets it is counted as
 * {@link DecodeError#TEMPLATE_MISSING}. This is the rare path: copying here is fine.
 */
final class PendingSets {
    static final class Entry {
        final long hi;
        final long lo;
        final long domain;
        final int version;
        final int templateId;
        final long receivedMillis;
        final long exportMillis;
        final long uptime;
        final byte[] data;
        final int statsRow;

        Entry(long hi, long lo, long domain, int version, int templateId, long receivedMillis, long exportMillis,
              long uptime, byte[] data, int statsRow) {
            this.hi = hi;
            this.lo = lo;
            this.domain = domain;
            this.version = version;
            this.templateId = templateId;
            this.receivedMillis = receivedMillis;
            this.exportMillis = exportMillis;
            this.uptime = uptime;
            this.data = data;
            this.statsRow = statsRow;
        }
    }

    private final DecoderConfig config;
    private final DecodeStats stats;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long bytes;

    PendingSets(DecoderConfig config, DecodeStats stats) {
        this.config = config;
        this.stats = stats;
    }

    int size() { return entries.size(); }

    long bytes() { return bytes; }

    /** Holds a copy of a data set body; a set larger than a bound is counted as missing at once. */
    void hold(Entry e) {
        int len = e.data.length;
        if (len > config.maxPendingBytesPerExporter() || len > config.maxPendingBytes()
                || config.maxPendingSets() == 0 || config.maxPendingSetsPerExporter() == 0) {
            stats.error(e.statsRow, DecodeError.TEMPLATE_MISSING);
            return;
        }
        // make room for this exporter first, then globally; oldest sets go first
        int sets = 0;
        long exporterBytes = 0;
        for (Entry x : entries) {
            if (x.hi == e.hi && x.lo == e.lo) {
                sets++;
                exporterBytes += x.data.length;
            }
        }
        for (Iterator<Entry> it = entries.iterator(); it.hasNext()
                && (sets + 1 > config.maxPendingSetsPerExporter() || exporterBytes + len > config.maxPendingBytesPerExporter()); ) {
            Entry x = it.next();
            if (x.hi == e.hi && x.lo == e.lo) {
                it.remove();
                missing(x);
                sets--;
                exporterBytes -= x.data.length;
            }
        }
        while (entries.size() + 1 > config.maxPendingSets() || bytes + len > config.maxPendingBytes()) {
            missing(entries.pollFirst());
        }
        entries.addLast(e);
        bytes += len;
        stats.pendingSets(e.statsRow, 1);
    }

    /** Counts as missing every set that waited longer than the pending timeout. */
    void expire(long now) {
        while (!entries.isEmpty() && now - entries.peekFirst().receivedMillis > config.pendingTimeoutMillis()) {
            missing(entries.pollFirst());
        }
    }

    /** Removes the sets waiting for this template and returns them in arrival order (empty: null). */
    ArrayDeque<Entry> take(long hi, long lo, long domain, int version, int templateId) {
        if (entries.isEmpty()) {
            return null; // the common case on every template refresh: no iterator to allocate
        }
        ArrayDeque<Entry> found = null;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry x = it.next();
            if (x.templateId == templateId && x.version == version && x.domain == domain && x.hi == hi && x.lo == lo) {
                it.remove();
                bytes -= x.data.length;
                stats.pendingSets(x.statsRow, -1);
                if (found == null) {
                    found = new ArrayDeque<>();
                }
                found.add(x);
            }
        }
        return found;
    }

    private void missing(Entry x) {
        bytes -= x.data.length;
        stats.pendingSets(x.statsRow, -1);
        stats.error(x.statsRow, DecodeError.TEMPLATE_MISSING);
    }
}
