package org.flowsec.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.flowsec.flow.FlowBatch;

/**
 * CSV or JSON lines ({@link FlowLines}) printed row by row (--limit, --sort): gathered as bytes and written in
 * blocks, so the stream sees a few large writes rather than one per row.
 */
final class LinesFlowPrinter implements FlowPrinter {
    private static final int BLOCK = 1 << 15;

    private final OutputStream out;
    private final FlowLines lines;
    private final AsciiBuffer buffer = new AsciiBuffer(BLOCK + 1024);
    private boolean headerDone;

    LinesFlowPrinter(FlowLines lines, OutputStream out) {
        this.lines = lines;
        this.out = out;
    }

    @Override
    public void print(FlowBatch batch, int row) {
        header();
        lines.append(buffer, batch, row);
        if (buffer.length() >= BLOCK) {
            drain();
        }
    }

    @Override
    public void finish() {
        header();
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void header() {
        if (!headerDone) {
            headerDone = true;
            buffer.append(lines.header());
        }
    }

    private void drain() {
        try {
            out.write(buffer.array(), 0, buffer.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }
}
