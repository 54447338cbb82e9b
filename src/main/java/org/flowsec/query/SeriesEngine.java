package org.flowsec.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.query.filter.FlowPredicate;
import org.flowsec.stats.Accumulator;
import org.flowsec.stats.LongKeyAggregator;
import org.flowsec.stats.TimeBins;
import org.flowsec.stats.TopN;

/**
 * Runs a {@link SeriesQuery} over a {@link BatchSource} into {@link TimeBins}. Without a given range it
 * reads the source twice: once for the span of the matching flows, once to bin them. With a key, a second
 * table sums the bytes of each key so that only the top keys' series are listed.
 */
public final class SeriesEngine {
    /** Bins listed at most: every bin becomes a printed row, so more would only flood the output. */
    public static final long MAX_BINS = 10_000_000;

    private final SeriesQuery query;
    private final FlowPredicate predicate;
    private final long[] words = new long[GroupKey.MAX_WORDS];
    private int[] rows = new int[0];
    private TimeBins bins;
    private LongKeyAggregator keyBytes;
    private long from;
    private long to;
    private long flows;
    private long packets;
    private long bytes;
    private long records;

    private SeriesEngine(SeriesQuery q) {
        this.query = q;
        this.predicate = q.filter().predicate();
    }

    public static SeriesResult run(SeriesQuery q, BatchSource source) throws IOException {
        SeriesEngine e = new SeriesEngine(q);
        if (q.bounded()) {
            e.from = q.fromMs();
            e.to = q.toMs();
        } else if (!e.findSpan(source)) {
            return new SeriesResult(q, 0, 0, List.of(), new Totals(0, 0, 0, e.records), 0, 0, 0);
        }
        long bins = (e.to - e.from - 1) / q.binMs() + 1;
        if (bins > MAX_BINS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%,d bins is more than %,d: use a larger bin or a shorter range", bins, MAX_BINS));
        }
        int groupWords = q.key() == null ? 0 : q.key().words();
        e.bins = new TimeBins(e.from, e.to, q.binMs(), q.spread(), groupWords);
        if (groupWords > 0) {
            e.keyBytes = new LongKeyAggregator(groupWords, Accumulator.SUM);
        }
        e.records = 0;
        source.forEachBatch(e::accept);
        return e.result();
    }

    private int select(FlowBatch b) {
        records += b.size();
        if (rows.length < b.size()) {
            rows = new int[Math.max(b.size(), 1024)];
        }
        return predicate.select(b, rows);
    }

    private boolean inRange(long first, long last) {
        return first < query.toMs() && last >= query.fromMs();
    }

    /** First pass: bins from the earliest start to the latest start (or end, when spreading). */
    private boolean findSpan(BatchSource source) throws IOException {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        source.forEachBatch(b -> {
            int n = select(b);
            long[] first = b.slot(Field.FIRST.slot());
            long[] last = b.slot(Field.LAST.slot());
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                if (inRange(first[r], last[r])) {
                    span[0] = Math.min(span[0], first[r]);
                    span[1] = Math.max(span[1], query.spread() ? Math.max(first[r], last[r]) : first[r]);
                }
            }
            return true;
        });
        if (span[0] > span[1]) {
            return false;
        }
        long bin = query.binMs();
        from = Math.floorDiv(span[0], bin) * bin;
        to = (Math.floorDiv(span[1], bin) + 1) * bin;
        return true;
    }

    private boolean accept(FlowBatch b) {
        int n = select(b);
        long[] first = b.slot(Field.FIRST.slot());
        long[] last = b.slot(Field.LAST.slot());
        long[] pkts = b.slot(Field.PACKETS.slot());
        long[] octets = b.slot(Field.BYTES.slot());
        GroupKey key = query.key();
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            if (!inRange(first[r], last[r])) {
                continue;
            }
            flows++;
            packets += pkts[r];
            bytes += octets[r];
            if (key == null) {
                bins.add(first[r], last[r], pkts[r], octets[r]);
                continue;
            }
            for (int side = 0; side < key.sides(); side++) {
                key.extract(b, r, side, false, words);
                switch (key.words()) {
                    case 1 -> bins.add(first[r], last[r], pkts[r], octets[r], words[0]);
                    case 2 -> bins.add(first[r], last[r], pkts[r], octets[r], words[0], words[1]);
                    default -> bins.add(first[r], last[r], pkts[r], octets[r], words[0], words[1], words[2]);
                }
                keyBytes.add(keyBytes.slot(words), 0, octets[r]);
            }
        }
        return true;
    }

    private SeriesResult result() {
        List<SeriesRow> out = new ArrayList<>();
        LongKeyAggregator t = bins.table();
        List<long[]> keys = new ArrayList<>();
        if (keyBytes != null) {
            TopN.Result top = TopN.top(keyBytes, TopN.column(0), query.topKeys());
            for (int i = 0; i < top.size(); i++) {
                long[] k = new long[keyBytes.keyWords()];
                for (int w = 0; w < k.length; w++) {
                    k[w] = keyBytes.key(top.slot(i), w);
                }
                keys.add(k);
            }
        }
        for (int bin = 0; bin < bins.bins(); bin++) {
            if (keyBytes == null) {
                out.add(new SeriesRow(bins.binStart(bin), null, bins.value(bin, TimeBins.FLOWS),
                        bins.value(bin, TimeBins.PACKETS), bins.value(bin, TimeBins.BYTES)));
                continue;
            }
            for (long[] k : keys) {
                int s = switch (k.length) {
                    case 1 -> t.find(bin, k[0]);
                    case 2 -> t.find(bin, k[0], k[1]);
                    default -> t.find(bin, k[0], k[1], k[2]);
                };
                out.add(s < 0 ? new SeriesRow(bins.binStart(bin), k, 0, 0, 0)
                        : new SeriesRow(bins.binStart(bin), k, t.value(s, TimeBins.FLOWS),
                                t.value(s, TimeBins.PACKETS), t.value(s, TimeBins.BYTES)));
            }
        }
        return new SeriesResult(query, from, to, List.copyOf(out), new Totals(flows, packets, bytes, records),
                bins.outsideFlows(), bins.outsidePackets(), bins.outsideBytes());
    }
}
