package org.flowsec.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowsec.base.Quantities;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowMetric;
import org.flowsec.flow.Protocols;

/**
 * An aligned table for people, in the spirit of nfdump's default output: start time, duration, protocol
 * name, endpoints, flags, human-scaled counters; or the chosen columns under their names, shown the same way
 * (times to the millisecond, durations in seconds, protocol names, flags as letters, an ICMP flow's dst_port as
 * type.code, human-scaled counters). Column widths come from the first rows, which are held back until
 * {@value #SAMPLE_ROWS} have been seen (or the end), so output still streams.
 */
final class TableFlowPrinter implements FlowPrinter {
    static final int SAMPLE_ROWS = 1000;
    /** The usual columns, and their headers (nfdump's "flags" for tcp_flags). */
    private static final List<Column> USUAL = List.of(Column.of(Field.FIRST), Column.of(FlowMetric.DURATION),
            Column.of(Field.PROTO), Column.of(Field.SRC_ADDR), Column.of(Field.SRC_PORT), Column.of(Field.DST_ADDR),
            Column.of(Field.DST_PORT), Column.of(Field.TCP_FLAGS), Column.of(Field.TOS), Column.of(Field.PACKETS),
            Column.of(Field.BYTES), Column.of(Field.IN_IF), Column.of(Field.OUT_IF), Column.of(Field.EXPORTER));
    private static final String[] HEADER = {"first", "duration", "proto", "src_addr", "src_port", "dst_addr",
        "dst_port", "flags", "tos", "packets", "bytes", "in_if", "out_if", "exporter"};

    private final Writer out;
    private final TimeText time = new TimeText();
    private final List<String[]> held = new ArrayList<>();
    private final Column[] columns;
    private final String[] header;
    private final boolean[] left;
    private final int[] widths;
    private boolean streaming;

    TableFlowPrinter(Writer out) {
        this(out, USUAL, HEADER);
    }

    /** A table of {@code columns}, in that order, under their names. */
    TableFlowPrinter(Writer out, List<Column> columns) {
        this(out, columns, columns.stream().map(Column::name).toArray(String[]::new));
    }

    private TableFlowPrinter(Writer out, List<Column> columns, String[] header) {
        this.out = out;
        this.columns = columns.toArray(new Column[0]);
        this.header = header;
        this.left = leftAligned(columns);
        this.widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
    }

    /** Text (times, addresses, protocol names, flags) reads best left-aligned, numbers right-aligned. */
    private static boolean[] leftAligned(List<Column> columns) {
        boolean[] left = new boolean[columns.size()];
        for (int i = 0; i < left.length; i++) {
            Field f = columns.get(i).field();
            left[i] = f != null && switch (f.kind()) {
                case TIME, ADDRESS, PROTOCOL, TCP_FLAGS -> true;
                default -> false;
            };
        }
        return left;
    }

    @Override
    public void print(FlowBatch b, int row) {
        String[] cells = cells(b, row);
        if (streaming) {
            writeRow(cells);
            return;
        }
        held.add(cells);
        for (int i = 0; i < cells.length; i++) {
            widths[i] = Math.max(widths[i], cells[i].length());
        }
        if (held.size() >= SAMPLE_ROWS) {
            release();
        }
    }

    @Override
    public void finish() {
        if (!streaming) {
            release();
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release() {
        streaming = true;
        writeRow(header);
        for (String[] r : held) {
            writeRow(r);
        }
        held.clear();
    }

    private String[] cells(FlowBatch b, int row) {
        String[] cells = new String[columns.length];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = columns[i].field() != null ? cell(columns[i].field(), b, row) : metric(columns[i].metric(), b, row);
        }
        return cells;
    }

    /**
     * The fields a table of {@code columns} reads: their own, and the protocol where it decides how one shows
     * (TCP flags for TCP alone; an ICMP flow's dst_port as type.code).
     */
    static java.util.Set<Field> reads(List<Column> columns) {
        java.util.Set<Field> out = java.util.EnumSet.noneOf(Field.class);
        for (Column c : columns.isEmpty() ? USUAL : columns) {
            out.addAll(c.reads());
        }
        if (out.contains(Field.TCP_FLAGS) || out.contains(Field.DST_PORT)) {
            out.add(Field.PROTO);
        }
        if (out.contains(Field.DST_PORT)) {
            out.addAll(List.of(Field.ICMP_TYPE, Field.ICMP_CODE));
        }
        return out;
    }

    /** One field of a row for people (flags and an ICMP flow's dst_port depend on the row's protocol). */
    private String cell(Field f, FlowBatch b, int row) {
        long v = b.get(f, row);
        if (f == Field.DST_PORT && Protocols.isIcmp((int) b.get(Field.PROTO, row))) {
            return b.get(Field.ICMP_TYPE, row) + "." + b.get(Field.ICMP_CODE, row);
        }
        return switch (f.kind()) {
            case TIME -> {
                StringBuilder sb = new StringBuilder(23);
                time.appendTable(sb, v);
                yield sb.toString();
            }
            case ADDRESS -> b.formatAddress(f, row);
            case PROTOCOL -> Protocols.name((int) v);
            case TCP_FLAGS -> b.get(Field.PROTO, row) == Protocols.TCP ? TcpFlags.text((int) v) : "";
            case COUNTER -> Quantities.human(v);
            default -> Long.toString(v);
        };
    }

    /** A derived value as the usual columns show it: the duration in seconds, rates and sizes as numbers. */
    private static String metric(FlowMetric m, FlowBatch b, int row) {
        long v = m.of(b, row);
        return m == FlowMetric.DURATION ? String.format(Locale.ROOT, "%.3f", v / 1000.0) : Long.toString(v);
    }

    private void writeRow(String[] cells) {
        StringBuilder sb = new StringBuilder(160);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String c = cells[i];
            int padding = Math.max(0, widths[i] - c.length());
            if (!left[i]) {
                sb.append(" ".repeat(padding));
            }
            sb.append(c);
            if (left[i] && i < cells.length - 1) {
                sb.append(" ".repeat(padding));
            }
        }
        sb.append('\n');
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
