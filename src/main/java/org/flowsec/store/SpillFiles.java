package org.flowsec.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockEncoder;
import org.flowsec.store.format.ByteSink;
import org.flowsec.store.format.ColumnSchema;

/**
 * Temporary files for runs of flows in a given order (an external sort's spills), in the store's block
 * encoding at zstd level 1 without reordering: about a tenth of the rows' heap size. Each run is one file
 * of blocks of {@link #BLOCK_ROWS} rows, each written as {@code u32 length, u32 rows, block}; a reader holds
 * one block. Everything lives in one fresh temporary directory, deleted by {@link #close()}.
 */
public final class SpillFiles implements AutoCloseable {
    /** Rows per block: small, so that merging hundreds of runs holds little of each in memory. */
    public static final int BLOCK_ROWS = 1024;

    private final Path dir;
    private final BlockEncoder encoder = new BlockEncoder(1);
    private final ByteSink sink = new ByteSink(1 << 16);
    private final FlowBatch block = new FlowBatch(BLOCK_ROWS);
    private final List<Run> open = new ArrayList<>();
    private int count;

    private SpillFiles(Path dir) {
        this.dir = dir;
    }

    /** A fresh directory under {@code parent} (null: the system's temporary directory). */
    public static SpillFiles create(Path parent) throws IOException {
        Path d = parent == null ? Files.createTempDirectory("flowsec-sort") : Files.createTempDirectory(parent, "flowsec-sort");
        return new SpillFiles(d);
    }

    public Path directory() { return dir; }

    /** Writes rows {@code order[0..n)} of {@code rows} as one run file and returns its reader. */
    public Run write(FlowBatch rows, int[] order, int n) throws IOException {
        Path p = dir.resolve("run-" + count++);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16))) {
            for (int from = 0; from < n; from += BLOCK_ROWS) {
                block.clear();
                for (int i = from; i < Math.min(n, from + BLOCK_ROWS); i++) {
                    block.appendRow(rows, order[i]);
                }
                sink.reset();
                encoder.encode(block, false, sink);
                out.writeInt(sink.size());
                out.writeInt(block.size());
                out.write(sink.array(), 0, sink.size());
            }
        }
        Run r = new Run(p);
        open.add(r);
        return r;
    }

    /** One run read back in order, a block at a time. */
    public final class Run implements AutoCloseable {
        private final DataInputStream in;
        private final BlockDecoder decoder = new BlockDecoder();
        private byte[] buf = new byte[1 << 14];

        private Run(Path p) throws IOException {
            InputStream s = Files.newInputStream(p);
            this.in = new DataInputStream(new BufferedInputStream(s, 1 << 14));
        }

        /** The next block of the run into {@code into}; false at the end. */
        public boolean next(FlowBatch into) throws IOException {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException end) {
                into.clear();
                return false;
            }
            int rows = in.readInt();
            if (len < 0 || len > 64 << 20 || rows < 1 || rows > BLOCK_ROWS) {
                throw new IOException("spill file damaged: block of " + len + " bytes, " + rows + " rows");
            }
            if (buf.length < len) {
                buf = new byte[Math.max(len, buf.length * 2)];
            }
            in.readFully(buf, 0, len);
            decoder.decode(ColumnSchema.CURRENT, buf, 0, len, rows, into);
            return true;
        }

        @Override
        public void close() throws IOException {
            decoder.close();
            in.close();
        }
    }

    /** Closes every run and deletes the directory with its files. */
    @Override
    public void close() throws IOException {
        for (Run r : open) {
            r.close();
        }
        encoder.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
