package org.flowsec.render;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowMetric;

/**
 * CSV or JSON lines of flows as ASCII bytes, the chosen columns in the order given (by default every catalog
 * field in catalog order): times ISO-8601 UTC with milliseconds, addresses as text (quoted in JSON),
 * everything else (protocol, flags, counters, derived values) as a plain integer. No value needs quoting in CSV or escaping in JSON. What goes before each value (the comma, in
 * JSON the key) is prepared once, so a row is a few copies and digit loops into a reused buffer. One instance
 * per thread: it caches the date of the last time printed.
 */
public final class FlowLines {
    private static final int TIME = 0;
    private static final int ADDRESS = 1;
    private static final int NUMBER = 2;
    private static final int METRIC = 3;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] slots;
    private final int[] kinds;
    /** Per column: the derived value it prints, or null for a field. */
    private final FlowMetric[] metrics;
    /**
     * Per field: what is written before its value (separator, JSON key and opening quote), as little-endian
     * longs of eight bytes, the last one padded: a short key is then one or two stores rather than a byte loop
     * (which cost as much as all the digits). The padding lands in reserved room and is overwritten.
     */
    private final long[][] before;
    private final int[] beforeLength;
    /** Per field: whether a closing quote follows its value (JSON's text values). */
    private final boolean[] quoted;
    private final byte[] end;
    private final byte[] header;
    private final int maxLine;
    private final IsoTimeBytes time = new IsoTimeBytes();

    private FlowLines(boolean json, List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("lines need at least one column");
        }
        int n = columns.size();
        slots = new int[n];
        kinds = new int[n];
        metrics = new FlowMetric[n];
        before = new long[n][];
        beforeLength = new int[n];
        quoted = new boolean[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            Column c = columns.get(i);
            metrics[i] = c.metric();
            Field f = c.field();
            slots[i] = f == null ? 0 : f.slot();
            kinds[i] = f == null ? METRIC : switch (f.kind()) {
                case TIME -> TIME;
                case ADDRESS -> ADDRESS;
                default -> NUMBER;
            };
            quoted[i] = json && (kinds[i] == TIME || kinds[i] == ADDRESS);
            String separator = i > 0 ? "," : json ? "{" : "";
            byte[] text = ascii(separator + (json ? "\"" + c.name() + "\":" : "") + (quoted[i] ? "\"" : ""));
            before[i] = words(text);
            beforeLength[i] = text.length;
            int value = switch (kinds[i]) {
                case TIME -> IsoTimeBytes.MAX_TEXT;
                case ADDRESS -> Addresses.MAX_TEXT;
                default -> AsciiBuffer.MAX_LONG;
            };
            max += 8 * before[i].length + value + 1;
        }
        end = ascii(json ? "}\n" : "\n");
        maxLine = max + end.length;
        header = json ? new byte[0]
                : ascii(String.join(",", columns.stream().map(Column::name).toList()) + "\n");
    }

    /** One header line with the catalog names, then one line per flow, every field. */
    public static FlowLines csv() { return new FlowLines(false, Column.allFields()); }

    /** JSON lines: one object per flow with the catalog names as keys, every field; no header. */
    public static FlowLines json() { return new FlowLines(true, Column.allFields()); }

    /** The lines of {@code format}, which must be CSV or JSON, with every field. */
    public static FlowLines of(OutputFormat format) {
        return of(format, Column.allFields());
    }

    /** The lines of {@code format}, which must be CSV or JSON, with {@code columns} in that order. */
    public static FlowLines of(OutputFormat format, List<Column> columns) {
        return switch (format) {
            case CSV -> new FlowLines(false, columns);
            case JSON -> new FlowLines(true, columns);
            case TABLE -> throw new IllegalArgumentException("a table is not printed as lines");
        };
    }

    /** What comes before the first row (CSV's header line; nothing for JSON lines). */
    public byte[] header() { return header.clone(); }

    /** Appends the line of one row, newline included. */
    public void append(AsciiBuffer out, FlowBatch b, int row) {
        out.reserve(maxLine);
        byte[] dst = out.array();
        int p = out.length();
        // locals, not fields: the unaligned stores below would otherwise make the JIT reload every field
        long[][] before = this.before;
        int[] beforeLength = this.beforeLength;
        int[] slots = this.slots;
        int[] kinds = this.kinds;
        boolean[] quoted = this.quoted;
        IsoTimeBytes time = this.time;
        for (int i = 0; i < slots.length; i++) {
            long[] words = before[i];
            for (int w = 0; w < words.length; w++) {
                LONGS.set(dst, p + 8 * w, words[w]);
            }
            p += beforeLength[i];
            long[] column = b.slot(slots[i]);
            switch (kinds[i]) {
                case TIME -> p = time.put(dst, p, column[row]);
                case ADDRESS -> p = Addresses.appendText(dst, p, column[row], b.slot(slots[i] + 1)[row]);
                case METRIC -> p = AsciiBuffer.putLong(dst, p, metrics[i].of(b, row));
                default -> p = AsciiBuffer.putLong(dst, p, column[row]);
            }
            if (quoted[i]) {
                dst[p++] = '"';
            }
        }
        System.arraycopy(end, 0, dst, p, end.length);
        out.setLength(p + end.length);
    }

    /** {@code text} as little-endian longs, the last padded with zeros. */
    private static long[] words(byte[] text) {
        long[] words = new long[(text.length + 7) / 8];
        for (int i = 0; i < text.length; i++) {
            words[i / 8] |= (text[i] & 0xFFL) << (8 * (i % 8));
        }
        return words;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
