package org.flowsec.bench;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.flowsec.collect.BatchHandOff;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.collect.DatagramProcessor;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.FlowSink;

/**
 * Heap held by the collector's decoding state with many exporters and templates: 1,000 exporters each
 * announce 100 IPFIX templates (100,000 in all, the decoder's default total cap) of 12 fields, then
 * send one data record per template. Prints the live heap after a full GC, before and after.
 *
 * <p>Run: {@code scripts/jmh.sh} builds the classpath; then
 * {@code java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) org.flowsec.bench.CollectorMemory}
 */
public final class CollectorMemory {
    private static final int EXPORTERS = 1_000;
    private static final int TEMPLATES = 100;
    private static final int[][] FIELDS = {{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {5, 1}, {2, 8},
        {1, 8}, {152, 8}, {153, 8}, {10, 4}};

    private CollectorMemory() {}

    public static void main(String[] args) {
        long before = liveHeap();
        NetflowDecoder decoder = new NetflowDecoder(SamplingPolicy.EXPORTED, DecoderConfig.DEFAULT);
        long[] flows = new long[1];
        FlowSink counting = batch -> flows[0] += batch.size();
        DatagramProcessor processor = new DatagramProcessor(decoder, BatchHandOff.direct(counting),
                CollectorConfig.defaults());
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long now = System.currentTimeMillis();
        for (int e = 0; e < EXPORTERS; e++) {
            long hi = 0;
            long lo = Addresses.v4Low(0x0A000000 + e);
            processor.process(now, hi, lo, 4739, templates(buf, e));
            processor.process(now, hi, lo, 4739, data(buf, e));
        }
        processor.flush();
        long after = liveHeap();
        System.out.printf("exporters %d, templates %d, flows decoded %d%n", EXPORTERS, EXPORTERS * TEMPLATES, flows[0]);
        System.out.printf("live heap before %.1f MiB, after %.1f MiB: %.1f MiB for the decoding and accounting state%n",
                before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0);
        if (processor.exporterStats().size() < EXPORTERS) {
            throw new IllegalStateException("exporters missing");
        }
    }

    private static ByteBuffer templates(ByteBuffer b, int exporter) {
        b.clear();
        header(b, exporter);
        int setStart = b.position();
        b.putShort((short) 2).putShort((short) 0);
        for (int t = 0; t < TEMPLATES; t++) {
            b.putShort((short) (256 + t)).putShort((short) FIELDS.length);
            for (int[] f : FIELDS) {
                b.putShort((short) f[0]).putShort((short) f[1]);
            }
        }
        b.putShort(setStart + 2, (short) (b.position() - setStart));
        return finish(b);
    }

    private static ByteBuffer data(ByteBuffer b, int exporter) {
        b.clear();
        header(b, exporter);
        for (int t = 0; t < TEMPLATES; t++) {
            int setStart = b.position();
            b.putShort((short) (256 + t)).putShort((short) 0);
            b.putInt(0x0A000001 + t).putInt(0xC0000201).putShort((short) 40000).putShort((short) 443)
                    .put((byte) 6).put((byte) 0x1B).put((byte) 0).putLong(10).putLong(5000)
                    .putLong(System.currentTimeMillis() - 1000).putLong(System.currentTimeMillis()).putInt(1);
            b.putShort(setStart + 2, (short) (b.position() - setStart));
        }
        return finish(b);
    }

    private static void header(ByteBuffer b, int exporter) {
        b.putShort((short) 10).putShort((short) 0).putInt((int) (System.currentTimeMillis() / 1000)).putInt(0)
                .putInt(exporter);
    }

    private static ByteBuffer finish(ByteBuffer b) {
        b.putShort(2, (short) b.position());
        b.flip();
        return b;
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
