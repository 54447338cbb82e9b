package org.flowsec.render;

import java.io.OutputStream;
import java.io.Writer;
import java.util.List;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** Prints flow records one row at a time; {@link #finish()} flushes what is buffered. */
public interface FlowPrinter {
    void print(FlowBatch batch, int row);

    /** Prints what is still buffered (the header of an empty table too) and flushes the writer. */
    void finish();

    static FlowPrinter create(OutputFormat format, Writer out) {
        return create(format, out, List.of());
    }

    /**
     * Prints {@code columns} in that order; empty: CSV and JSON print every field, a table its usual columns
     * (start, duration, protocol, endpoints, flags, counters, interfaces, exporter).
     */
    static FlowPrinter create(OutputFormat format, Writer out, List<Column> columns) {
        return switch (format) {
            case CSV, JSON -> create(format, new AsciiWriterStream(out), columns);
            case TABLE -> columns.isEmpty() ? new TableFlowPrinter(out) : new TableFlowPrinter(out, columns);
        };
    }

    /**
     * The fields a printer of {@code format} reads to print {@code columns} (empty: its usual columns; for CSV
     * and JSON every field, an empty set). A table may read a field it does not print: the protocol shows how
     * flags and an ICMP flow's port look.
     */
    static java.util.Set<Field> reads(OutputFormat format, List<Column> columns) {
        if (format == OutputFormat.TABLE) {
            return TableFlowPrinter.reads(columns);
        }
        java.util.Set<Field> out = java.util.EnumSet.noneOf(Field.class);
        columns.forEach(c -> out.addAll(c.reads()));
        return out;
    }

    /** CSV or JSON lines straight onto a byte stream, as ASCII (tables print to a Writer). */
    static FlowPrinter create(OutputFormat format, OutputStream out) {
        return create(format, out, List.of());
    }

    /** CSV or JSON lines of {@code columns} (empty: every field) straight onto a byte stream, as ASCII. */
    static FlowPrinter create(OutputFormat format, OutputStream out, List<Column> columns) {
        return new LinesFlowPrinter(FlowLines.of(format, columns.isEmpty() ? Column.allFields() : columns), out);
    }
}
