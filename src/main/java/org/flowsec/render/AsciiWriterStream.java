package org.flowsec.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Bytes of ASCII text onto a Writer, each byte one char: lets the byte printers write to a command's injected
 * writer (tests, embedding) as they write to standard output. Flushing flushes the writer; closing closes it.
 */
public final class AsciiWriterStream extends OutputStream {
    private static final int CHUNK = 8192;

    private final Writer out;
    private final char[] chars = new char[CHUNK];

    public AsciiWriterStream(Writer out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write((char) (b & 0xFF));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            for (int i = 0; i < n; i++) {
                chars[i] = (char) (b[off + done + i] & 0xFF);
            }
            out.write(chars, 0, n);
            done += n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
