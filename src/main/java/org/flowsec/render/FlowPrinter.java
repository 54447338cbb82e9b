package org.flowsec.render;

import java.io.Writer;
import org.flowsec.flow.FlowBatch;

/** Prints flow records one row at a time; {@link #finish()} flushes what is buffered. */
public interface FlowPrinter {
    void print(FlowBatch batch, int row);

    /** Prints what is still buffered (the header of an empty table too) and flushes the writer. */
    void finish();

    static FlowPrinter create(OutputFormat format, Writer out) {
        return switch (format) {
            case CSV -> new CsvFlowPrinter(out);
            case JSON -> new JsonFlowPrinter(out);
            case TABLE -> new TableFlowPrinter(out);
        };
    }
}
