package org.flowsec.collect;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.flowsec.decode.DatagramInfo;
import org.flowsec.decode.DecodeError;
import org.flowsec.flow.Addresses;

/**
 * The counters of one exporter address and observation domain, updated by the decode thread only.
 * Heap, measured: about 780 bytes each with its {@link SequenceTracker} (three small per-reason arrays,
 * two 16-gap arrays), plus the fixed index of {@link AddressKeyTable} (about 0.9 MB for 10,000 slots):
 * the default cap of 10,000 exporters costs at most about 9 MB.
 */
final class ExporterCounters {
    private static final DecodeError[] ERRORS = DecodeError.values();

    final long hi;
    final long lo;
    final long domain;
    /** False for the "other" bucket, which mixes exporters and so cannot follow a sequence. */
    private final boolean tracksSequence;
    private final SequenceWindows windows;

    int version;
    long datagrams;
    long flows;
    long bytes;
    long templates;
    long firstSeen;
    long lastSeen;
    final long[] errors = new long[ERRORS.length];
    /** When each error reason was last logged, and how many occurred since, for rate-limited logging. */
    final long[] lastLogged = new long[ERRORS.length];
    final long[] sinceLogged = new long[ERRORS.length];
    private SequenceTracker sequence;
    private long resetsBefore;
    private long gapsBefore;
    private long lostBefore;
    private long lostUnitsBefore;
    private long lateBefore;
    private long duplicatesBefore;

    ExporterCounters(long hi, long lo, long domain, boolean tracksSequence, SequenceWindows windows) {
        this.hi = hi;
        this.lo = lo;
        this.domain = domain;
        this.tracksSequence = tracksSequence;
        this.windows = windows;
        Arrays.fill(lastLogged, Long.MIN_VALUE / 2);
    }

    void datagram(long receivedMillis, int length, int flowCount, DatagramInfo info) {
        if (datagrams == 0) {
            firstSeen = receivedMillis;
        }
        datagrams++;
        lastSeen = Math.max(lastSeen, receivedMillis);
        bytes += length;
        flows += flowCount;
        templates += info.templates;
        if (info.version != 0 && info.version != version) {
            if (version != 0 && sequence != null) {
                retireTracker(); // the exporter changed protocol: its sequence starts over
                resetsBefore++;
            }
            version = info.version;
        }
        if (tracksSequence && info.hasSequence) {
            if (sequence == null) {
                sequence = new SequenceTracker(windows.window(version), windows.maxGap(version));
            }
            sequence.accept(info.sequence, info.sequenceAdvance);
        }
    }

    private void retireTracker() {
        resetsBefore += sequence.resets();
        gapsBefore += sequence.gaps();
        lostBefore += currentLostFlows();
        lostUnitsBefore += sequence.lostUnits();
        lateBefore += sequence.lateDatagrams();
        duplicatesBefore += sequence.duplicateDatagrams();
        sequence = null;
    }

    /** v9 sequences count datagrams: lost flows are estimated at the observed flows per datagram. */
    private long currentLostFlows() {
        if (sequence == null) {
            return 0;
        }
        long lost = sequence.lostUnits();
        if (version == 9) {
            return datagrams == 0 ? 0 : Math.round((double) lost * flows / datagrams);
        }
        return lost;
    }

    CollectorStats.ExporterStats toStats(boolean other) {
        Map<String, Long> errs = new TreeMap<>();
        for (int i = 0; i < ERRORS.length; i++) {
            if (errors[i] != 0) {
                errs.put(ERRORS[i].name(), errors[i]);
            }
        }
        SequenceTracker s = sequence;
        return new CollectorStats.ExporterStats(other ? CollectorStats.OTHER : Addresses.format(hi, lo), domain,
                version, datagrams, flows, bytes, errs, templates, firstSeen, lastSeen,
                gapsBefore + (s == null ? 0 : s.gaps()),
                lostUnitsBefore + (s == null ? 0 : s.lostUnits()),
                lostBefore + currentLostFlows(),
                lateBefore + (s == null ? 0 : s.lateDatagrams()),
                duplicatesBefore + (s == null ? 0 : s.duplicateDatagrams()),
                resetsBefore + (s == null ? 0 : s.resets()));
    }

    /** Sequence windows by export version: the unit differs (flows, datagrams, records). */
    record SequenceWindows(int reorderDatagrams) {
        long window(int version) {
            return (long) reorderDatagrams * unitsPerDatagram(version);
        }

        long maxGap(int version) {
            // a v5 collector at 4M flows/s loses ~2^28 flows in a minute of outage; v9 ~2^23 datagrams
            return version == 9 ? 1L << 24 : 1L << 28;
        }

        private static long unitsPerDatagram(int version) {
            return switch (version) {
                case 9 -> 1;
                case 7 -> 27;
                case 10 -> 64; // IPFIX: data records; a full 1500-byte datagram holds up to ~60 v4 flows
                default -> 30;
            };
        }
    }
}
