package org.flowsec.collect.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sliding window over a file: callers ask for the next n bytes to be in memory, read them with absolute
 * gets (always big-endian; the formats swap where their byte order says so), then move on. One buffer is
 * reused for the whole file and grows only for blocks larger than it, up to a bound the caller enforces.
 */
final class FileWindow implements Closeable {
    static final int DEFAULT_SIZE = 1 << 20;

    private final FileChannel channel;
    private final Path path;
    private ByteBuffer buf;
    private long bufStart;
    private int pos;
    /** Bumped when the buffer is replaced, so views over it can be rebuilt. */
    private int generation;

    FileWindow(Path path, int initialSize) throws IOException {
        this.path = path;
        this.buf = ByteBuffer.allocate(initialSize);
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        buf.limit(0);
    }

    Path path() { return path; }

    /** Makes {@code n} bytes from the current offset readable; false when the file ends before that. */
    boolean ensure(int n) throws IOException {
        if (buf.limit() - pos >= n) {
            return true;
        }
        int have = buf.limit() - pos;
        if (n > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
            bigger.put(buf.array(), pos, have);
            buf = bigger;
            generation++;
        } else {
            System.arraycopy(buf.array(), pos, buf.array(), 0, have);
            buf.limit(buf.capacity());
            buf.position(have);
        }
        bufStart += pos;
        pos = 0;
        buf.limit(buf.capacity());
        buf.position(have);
        while (buf.position() < n) {
            if (channel.read(buf) < 0) {
                break;
            }
        }
        buf.limit(buf.position());
        buf.position(0);
        return buf.limit() >= n;
    }

    /** Bytes readable from the current offset without another read. */
    int available() { return buf.limit() - pos; }

    ByteBuffer buffer() { return buf; }

    int generation() { return generation; }

    /** Index in {@link #buffer()} of the current offset. */
    int pos() { return pos; }

    void skip(int n) { pos += n; }

    /** File offset of the current position. */
    long offset() { return bufStart + pos; }

    @Override
    public void close() throws IOException { channel.close(); }
}
