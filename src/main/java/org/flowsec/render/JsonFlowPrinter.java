package org.flowsec.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * JSON lines: one object per flow with the catalog names as keys. Values are addresses, ISO times and
 * integers, none of which needs escaping, so the objects are written directly.
 */
final class JsonFlowPrinter implements FlowPrinter {
    private final Writer out;
    private final FieldText text = new FieldText();
    private final StringBuilder sb = new StringBuilder(768);
    private final StringBuilder value = new StringBuilder(64);

    JsonFlowPrinter(Writer out) {
        this.out = out;
    }

    @Override
    public void print(FlowBatch batch, int row) {
        sb.setLength(0);
        sb.append('{');
        for (Field f : Field.all()) {
            if (f.ordinal() > 0) {
                sb.append(',');
            }
            sb.append('"').append(f.catalogName()).append("\":");
            value.setLength(0);
            if (text.append(value, f, batch, row)) {
                sb.append('"').append(value).append('"');
            } else {
                sb.append(value);
            }
        }
        sb.append("}\n");
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void finish() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
