package org.flowsec.flow;

import java.util.List;
import java.util.Locale;

/**
 * Values derived from a flow's fields as nfdump derives them: duration in milliseconds, packets and bits per
 * second, bytes per packet, in integer arithmetic and 0 where the duration (or the packet count) is 0. The filter
 * compares them ({@code pps > 100}) and {@code query --fields} prints them under these names.
 */
public enum FlowMetric {
    DURATION(List.of(Field.FIRST, Field.LAST)),
    PPS(List.of(Field.FIRST, Field.LAST, Field.PACKETS)),
    BPS(List.of(Field.FIRST, Field.LAST, Field.BYTES)),
    BPP(List.of(Field.PACKETS, Field.BYTES));

    private final List<Field> reads;

    FlowMetric(List<Field> reads) {
        this.reads = reads;
    }

    /** The fields the value is computed from. */
    public List<Field> reads() {
        return reads;
    }

    /** The name users write: {@code duration}, {@code pps}, {@code bps}, {@code bpp}. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The metric called {@code name}, or null. */
    public static FlowMetric byName(String name) {
        for (FlowMetric m : values()) {
            if (m.metricName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The value for row {@code row} of {@code b}. */
    public long of(FlowBatch b, int row) {
        long duration = b.get(Field.LAST, row) - b.get(Field.FIRST, row);
        return switch (this) {
            case DURATION -> duration;
            case PPS -> perSecond(b.get(Field.PACKETS, row), 1000, duration);
            case BPS -> perSecond(b.get(Field.BYTES, row), 8000, duration);
            case BPP -> {
                long p = b.get(Field.PACKETS, row);
                yield p == 0 ? 0 : b.get(Field.BYTES, row) / p;
            }
        };
    }

    /** nfdump's integer arithmetic, {@code scale * count / duration_ms}, in double only where it would overflow. */
    private static long perSecond(long count, long scale, long durationMs) {
        if (durationMs <= 0) {
            return 0;
        }
        return count <= Long.MAX_VALUE / scale ? count * scale / durationMs : (long) (count * (double) scale / durationMs);
    }
}
