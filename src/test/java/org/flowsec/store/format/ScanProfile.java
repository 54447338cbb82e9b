package org.flowsec.store.format;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * Where the time of a full scan goes, per column, on a real store: read + CRC of every block, then for every
 * column the zstd decompression alone and the whole frame decode (zstd included), in single-core CPU time.
 * Blocks are read into memory once (the page cache already holds them in the benchmark), then decoded
 * {@code rounds} times so the JIT settles; the last round is printed.
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes:$(cat target/test-cp.txt) org.flowsec.store.format.ScanProfile STORE [rounds]
 * </pre>
 */
public final class ScanProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ScanProfile() {}

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Path> files;
        try (Stream<Path> s = Files.walk(store)) {
            files = s.filter(p -> p.toString().endsWith(".fsg")).sorted().toList();
        }
        List<byte[]> blocks = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<ColumnSchema> schemas = new ArrayList<>();
        long records = 0;
        long t = cpu();
        for (Path f : files) {
            records += readBlocks(f, blocks, counts, schemas);
        }
        long readNanos = cpu() - t;
        ColumnSchema schema = schemas.get(0);
        int cols = schema.size();
        long[] zstdNanos = new long[cols];
        long[] decodeNanos = new long[cols];
        long[] storedBytes = new long[cols];
        for (int round = 0; round < rounds; round++) {
            java.util.Arrays.fill(zstdNanos, 0);
            java.util.Arrays.fill(decodeNanos, 0);
            java.util.Arrays.fill(storedBytes, 0);
            profileRound(blocks, counts, schemas, zstdNanos, decodeNanos, storedBytes);
        }
        System.out.printf("%d segments, %d blocks, %d records; read+CRC %.1f ns/flow (from page cache)%n",
                files.size(), blocks.size(), records, readNanos / (double) records);
        System.out.printf("%-14s %10s %10s %12s%n", "column", "zstd ns", "decode ns", "bytes/flow");
        long zAll = 0;
        long dAll = 0;
        for (int c = 0; c < cols; c++) {
            System.out.printf("%-14s %10.2f %10.2f %12.3f%n", schema.name(c), zstdNanos[c] / (double) records,
                    decodeNanos[c] / (double) records, storedBytes[c] / (double) records);
            zAll += zstdNanos[c];
            dAll += decodeNanos[c];
        }
        System.out.printf("%-14s %10.2f %10.2f  (decode includes zstd)%n", "all", zAll / (double) records,
                dAll / (double) records);
        System.out.printf("whole-block decode (BlockDecoder, all columns): %.2f ns/flow%n",
                blockDecode(blocks, counts, schemas, null) / (double) records);
        boolean[] two = new boolean[Field.SLOTS];
        for (Field f : new Field[] {Field.FIRST, Field.LAST, Field.PROTO, Field.SRC_PORT, Field.DST_PORT}) {
            two[f.slot()] = true;
        }
        System.out.printf("projected decode (first, last, proto, ports): %.2f ns/flow%n",
                blockDecode(blocks, counts, schemas, two) / (double) records);
        // what `query --count proto tcp and dst port 80` decodes in blocks wholly inside its window
        boolean[] count = new boolean[Field.SLOTS];
        for (Field f : new Field[] {Field.PROTO, Field.SRC_PORT, Field.DST_PORT, Field.PACKETS, Field.BYTES}) {
            count[f.slot()] = true;
        }
        System.out.printf("projected decode (proto, ports, packets, bytes): %.2f ns/flow%n",
                blockDecode(blocks, counts, schemas, count) / (double) records);
    }

    private static long readBlocks(Path f, List<byte[]> blocks, List<int[]> counts, List<ColumnSchema> schemas)
            throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            byte[] all = new byte[(int) ch.size()];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(all);
            while (bb.hasRemaining() && ch.read(bb) > 0) {
                // read the whole file
            }
            SegmentTrailer tr = SegmentTrailer.read(java.util.Arrays.copyOfRange(all, all.length - SegmentTrailer.LENGTH,
                    all.length), all.length);
            SegmentFooter footer = SegmentFooter.read(java.util.Arrays.copyOfRange(all, (int) tr.footerOffset(),
                    (int) tr.footerOffset() + tr.footerLength()), tr.footerLength(), tr.footerOffset());
            for (BlockMeta m : footer.blocks()) {
                byte[] b = java.util.Arrays.copyOfRange(all, (int) m.offset(), (int) m.offset() + m.length());
                CRC32C crc = new CRC32C();
                crc.update(b);
                if ((int) crc.getValue() != m.crc32c()) {
                    throw new IOException("bad CRC in " + f);
                }
                blocks.add(b);
                counts.add(new int[] {m.records()});
                schemas.add(footer.schema());
            }
            return footer.records();
        }
    }

    private static void profileRound(List<byte[]> blocks, List<int[]> counts, List<ColumnSchema> schemas,
                                     long[] zstdNanos, long[] decodeNanos, long[] storedBytes) throws IOException {
        ZstdDecompressCtx zstd = new ZstdDecompressCtx();
        ColumnDecoder dec = new ColumnDecoder();
        ByteSource in = new ByteSource();
        byte[] scratch = new byte[1 << 20];
        long[] dst = new long[1 << 16];
        for (int i = 0; i < blocks.size(); i++) {
            byte[] b = blocks.get(i);
            int n = counts.get(i)[0];
            ColumnSchema schema = schemas.get(i);
            in.wrap(b, 0, b.length);
            in.getByte();
            for (int c = 0; c < schema.size(); c++) {
                int start = in.position();
                int head = in.getByte();
                int stored = in.getVarInt(Integer.MAX_VALUE);
                if ((head & ColumnEncoding.COMPRESSED_FLAG) != 0) {
                    int raw = in.getVarInt(Integer.MAX_VALUE);
                    int at = in.take(stored);
                    long t = System.nanoTime();
                    zstd.decompressByteArray(scratch, 0, raw, b, at, stored);
                    zstdNanos[c] += System.nanoTime() - t;
                } else {
                    in.take(stored);
                }
                int end = in.position();
                storedBytes[c] += end - start;
                ByteSource frame = new ByteSource(b, start, end - start);
                long t = System.nanoTime();
                dec.decode(frame, dst, n);
                decodeNanos[c] += System.nanoTime() - t;
            }
        }
        dec.close();
        zstd.close();
    }

    private static long blockDecode(List<byte[]> blocks, List<int[]> counts, List<ColumnSchema> schemas, boolean[] wanted)
            throws IOException {
        long best = Long.MAX_VALUE;
        try (BlockDecoder d = new BlockDecoder()) {
            d.project(wanted);
            FlowBatch batch = new FlowBatch(1024);
            for (int round = 0; round < 3; round++) {
                long t = cpu();
                for (int i = 0; i < blocks.size(); i++) {
                    byte[] b = blocks.get(i);
                    d.decode(schemas.get(i), b, 0, b.length, counts.get(i)[0], batch);
                }
                best = Math.min(best, cpu() - t);
            }
        }
        return best;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
