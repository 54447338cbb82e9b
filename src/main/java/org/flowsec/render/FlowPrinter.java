package org.flowsec.render;

import java.io.OutputStream;
import java.io.Writer;
import org.flowsec.flow.FlowBatch;

/** Prints flow records one row at a time; {@link #finish()} flushes what is buffered. */
public interface FlowPrinter {
    void print(FlowBatch batch, int row);

    /** Prints what is still buffered (the header of an empty table too) and flushes the writer. */
    void finish();

    static FlowPrinter create(OutputFormat format, Writer out) {
        return switch (format) {
            case CSV, JSON -> create(format, new AsciiWriterStream(out));
            case TABLE -> new TableFlowPrinter(out);
        };
    }

    /** CSV or JSON lines straight onto a byte stream, as ASCII (tables print to a Writer). */
    static FlowPrinter create(OutputFormat format, OutputStream out) {
        return new LinesFlowPrinter(FlowLines.of(format), out);
    }
}
