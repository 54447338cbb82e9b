package org.flowsec.stats;

/**
 * Flows, packets and bytes per time bin of any size over {@code [from, to)} (SiLK rwcount, flowsec
 * {@code series}), optionally per group key of 1..3 words. Bin {@code i} covers
 * {@code [from + i * binMs, from + (i + 1) * binMs)}; times are epoch milliseconds.
 *
 * <p>By default a flow counts wholly in the bin of its start. With {@code spread} (rwcount's
 * time-proportional load scheme) its packets and bytes are split over the bins that {@code [first, last)}
 * overlaps, in proportion to the overlap: bin shares are differences of {@code floor(total x elapsed /
 * duration)} at the bin edges, so they add up to the flow's totals exactly, without rounding drift. The flow
 * itself still counts once, in the bin of its start. Amounts falling outside {@code [from, to)} are not
 * binned and are counted by {@link #outsideFlows()}, {@link #outsidePackets()} and {@link #outsideBytes()}.
 */
public final class TimeBins {
    public static final int FLOWS = 0;
    public static final int PACKETS = 1;
    public static final int BYTES = 2;

    private final long from;
    private final long to;
    private final long binMs;
    private final boolean spread;
    private final int groupWords;
    private final LongKeyAggregator table;
    private long outsideFlows;
    private long outsidePackets;
    private long outsideBytes;

    public TimeBins(long fromMs, long toMs, long binMs, boolean spread, int groupWords) {
        if (binMs <= 0 || toMs <= fromMs) {
            throw new IllegalArgumentException("need a bin size > 0 and from < to, not bin " + binMs + " ms over ["
                    + fromMs + ", " + toMs + ")");
        }
        if (groupWords < 0 || groupWords > 3) {
            throw new IllegalArgumentException("group keys have 0..3 words, not " + groupWords);
        }
        long bins = (toMs - fromMs + binMs - 1) / binMs;
        if (bins > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(bins + " bins is too many: use a larger bin or a shorter range");
        }
        this.from = fromMs;
        this.to = toMs;
        this.binMs = binMs;
        this.spread = spread;
        this.groupWords = groupWords;
        this.table = new LongKeyAggregator(1 + groupWords, Accumulator.SUM, Accumulator.SUM, Accumulator.SUM);
    }

    /** Number of bins, the last one possibly cut short by {@code to}. */
    public int bins() {
        return (int) ((to - from + binMs - 1) / binMs);
    }

    public long binStart(int bin) {
        return from + bin * binMs;
    }

    public void add(long first, long last, long packets, long bytes) {
        requireGroupWords(0);
        binAdd(first, last, packets, bytes, 0, 0, 0);
    }

    public void add(long first, long last, long packets, long bytes, long g0) {
        requireGroupWords(1);
        binAdd(first, last, packets, bytes, g0, 0, 0);
    }

    public void add(long first, long last, long packets, long bytes, long g0, long g1) {
        requireGroupWords(2);
        binAdd(first, last, packets, bytes, g0, g1, 0);
    }

    public void add(long first, long last, long packets, long bytes, long g0, long g1, long g2) {
        requireGroupWords(3);
        binAdd(first, last, packets, bytes, g0, g1, g2);
    }

    private void binAdd(long first, long last, long packets, long bytes, long g0, long g1, long g2) {
        long duration = last - first;
        if (first >= from && first < to) {
            table.add(slot((first - from) / binMs, g0, g1, g2), FLOWS, 1);
        } else {
            outsideFlows++;
        }
        if (!spread || duration <= 0 || packets < 0 || bytes < 0) {
            if (first >= from && first < to) {
                int s = slot((first - from) / binMs, g0, g1, g2);
                table.add(s, PACKETS, packets);
                table.add(s, BYTES, bytes);
            } else {
                outsidePackets += packets;
                outsideBytes += bytes;
            }
            return;
        }
        long start = Math.max(first, from);
        long end = Math.min(last, to);
        if (end <= start) {
            outsidePackets += packets;
            outsideBytes += bytes;
            return;
        }
        // Amounts before `from` and after `to` are the cumulative shares at the clipped edges.
        long packetsBefore = start > first ? share(packets, start - first, duration) : 0;
        long bytesBefore = start > first ? share(bytes, start - first, duration) : 0;
        long packetsDone = packetsBefore;
        long bytesDone = bytesBefore;
        for (long t = start; t < end; ) {
            long bin = Math.floorDiv(t - from, binMs);
            long binEnd = Math.min(from + (bin + 1) * binMs, end);
            long p = share(packets, binEnd - first, duration);
            long b = share(bytes, binEnd - first, duration);
            if (p != packetsDone || b != bytesDone) {
                int s = slot(bin, g0, g1, g2);
                table.add(s, PACKETS, p - packetsDone);
                table.add(s, BYTES, b - bytesDone);
            }
            packetsDone = p;
            bytesDone = b;
            t = binEnd;
        }
        outsidePackets += packets - (packetsDone - packetsBefore);
        outsideBytes += bytes - (bytesDone - bytesBefore);
    }

    private void requireGroupWords(int n) {
        if (n != groupWords) {
            throw new IllegalArgumentException("these bins are grouped by " + groupWords + " words, not " + n);
        }
    }

    private int slot(long bin, long g0, long g1, long g2) {
        return switch (groupWords) {
            case 0 -> table.slot(bin);
            case 1 -> table.slot(bin, g0);
            case 2 -> table.slot(bin, g0, g1);
            default -> table.slot(bin, g0, g1, g2);
        };
    }

    /** {@code floor(total * elapsed / duration)} for 0 <= elapsed <= duration, exact in 128 bits. */
    static long share(long total, long elapsed, long duration) {
        long q = total / duration;
        long r = total % duration;
        long hi = Math.multiplyHigh(r, elapsed);
        long lo = r * elapsed;
        if (hi == 0 && lo >= 0) {
            return q * elapsed + lo / duration;
        }
        // r < duration, so the 128-bit quotient fits 64 bits: schoolbook binary long division.
        long rem = hi;
        long quot = 0;
        for (int i = 63; i >= 0; i--) {
            boolean carry = rem < 0;
            rem = (rem << 1) | ((lo >>> i) & 1);
            if (carry || Long.compareUnsigned(rem, duration) >= 0) {
                rem -= duration;
                quot |= 1L << i;
            }
        }
        return q * elapsed + quot;
    }

    /** Value of {@link #FLOWS}, {@link #PACKETS} or {@link #BYTES} of an ungrouped bin (0 if empty). */
    public long value(int bin, int column) {
        requireGroupWords(0);
        int s = table.find(bin);
        return s < 0 ? 0 : table.value(s, column);
    }

    /** The bins as a table: word 0 the bin index, then the group words; columns flows, packets, bytes. */
    public LongKeyAggregator table() {
        return table;
    }

    public long outsideFlows() {
        return outsideFlows;
    }

    public long outsidePackets() {
        return outsidePackets;
    }

    public long outsideBytes() {
        return outsideBytes;
    }
}
