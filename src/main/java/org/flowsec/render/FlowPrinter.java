package org.flowsec.render;

import java.io.OutputStream;
import java.io.Writer;
import java.util.List;
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

    /** CSV or JSON lines straight onto a byte stream, as ASCII (tables print to a Writer). */
    static FlowPrinter create(OutputFormat format, OutputStream out) {
        return create(format, out, List.of());
    }

    /** CSV or JSON lines of {@code columns} (empty: every field) straight onto a byte stream, as ASCII. */
    static FlowPrinter create(OutputFormat format, OutputStream out, List<Column> columns) {
        return new LinesFlowPrinter(FlowLines.of(format, columns.isEmpty() ? Column.allFields() : columns), out);
    }
}
