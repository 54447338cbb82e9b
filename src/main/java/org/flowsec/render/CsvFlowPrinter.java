package org.flowsec.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/** One header line with the catalog names, then one line per flow. No value needs quoting. */
final class CsvFlowPrinter implements FlowPrinter {
    private final Writer out;
    private final FieldText text = new FieldText();
    private final StringBuilder sb = new StringBuilder(512);
    private boolean headerDone;

    CsvFlowPrinter(Writer out) {
        this.out = out;
    }

    @Override
    public void print(FlowBatch batch, int row) {
        header();
        sb.setLength(0);
        for (Field f : Field.all()) {
            if (f.ordinal() > 0) {
                sb.append(',');
            }
            text.append(sb, f, batch, row);
        }
        sb.append('\n');
        write(sb);
    }

    @Override
    public void finish() {
        header();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void header() {
        if (!headerDone) {
            headerDone = true;
            write(new StringBuilder(String.join(",", Field.all().stream().map(Field::catalogName).toList())).append('\n'));
        }
    }

    private void write(CharSequence cs) {
        try {
            out.append(cs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
