package org.flowsec.collect;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.base.Clock;
import org.flowsec.decode.NetflowDecoder;
import org.flowsec.decode.SamplingPolicy;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.FlowSink;

/**
 * Measures the collector (not a unit test): a loopback sender blasts full NetFlow v5 datagrams (30
 * flows each) at a UdpCollector whose sink only counts, then prints datagrams/s and flows/s received,
 * decoded and dropped; then the same datagrams through DatagramProcessor alone (no sockets).
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.flowsec.collect.UdpLoadTool [seconds] [rcvbufBytes] [datagrams/s, 0 = flat out]
 * </pre>
 */
public final class UdpLoadTool {
    private UdpLoadTool() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rcvbuf = args.length > 1 ? Integer.parseInt(args[1]) : 4 << 20;
        long rate = args.length > 2 ? Long.parseLong(args[2]) : 0;
        decodeOnly(seconds);
        overLoopback(seconds, rcvbuf, rate);
    }

    private static final class Counting implements FlowSink {
        final AtomicLong flows = new AtomicLong();

        @Override
        public void accept(FlowBatch batch) {
            flows.addAndGet(batch.size());
        }
    }

    private static void overLoopback(int seconds, int rcvbuf, long datagramsPerSecond) throws Exception {
        Counting sink = new Counting();
        CollectorConfig config = CollectorConfig.defaults().withListen(List.of("127.0.0.1:0")).withRcvbuf(rcvbuf);
        try (UdpCollector c = new UdpCollector(config, new NetflowDecoder(SamplingPolicy.EXPORTED), sink, Clock.SYSTEM);
             DatagramChannel out = DatagramChannel.open(StandardProtocolFamily.INET)) {
            c.start();
            Map<String, Long> cpu0 = collectorThreadCpu();
            Map<String, Long> allocated0 = collectorThreadAllocations();
            InetSocketAddress to = c.localAddresses().get(0);
            out.connect(to);
            ByteBuffer d = ByteBuffer.wrap(V5Datagrams.datagram(0, 30, 0, 1, 1));
            long sent = 0;
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                if (datagramsPerSecond > 0) {
                    // paced in steps of 1000 datagrams: sleep until this step is due
                    long due = t0 + sent * 1_000_000_000L / datagramsPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                for (int i = 0; i < 1000; i++) {
                    d.putInt(16, (int) (sent * 30)); // flow_sequence, so loss accounting runs as in production
                    d.clear();
                    out.write(d);
                    sent++;
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(1500); // let the pipeline drain before reading the counters
            CollectorStats s = c.stats();
            CollectorStats.ListenerStats l = s.listeners().get(0);
            System.out.printf("loopback, rcvbuf asked %d got %d, %.1f s:%n", l.rcvbufRequested(), l.rcvbufActual(), elapsed);
            System.out.printf("  sent      %,12.0f datagrams/s%n", sent / elapsed);
            System.out.printf("  received  %,12.0f datagrams/s  (%,d total)%n", l.datagrams() / elapsed, l.datagrams());
            System.out.printf("  decoded   %,12.0f flows/s      (%,d in the sink)%n", sink.flows.get() / elapsed, sink.flows.get());
            System.out.printf("  dropped   queue %,d, kernel %,d, loss seen in sequence numbers %,d flows%n",
                    l.queueDrops(), l.kernelDrops(), s.totals().estimatedLostFlows());
            // CPU time, unlike throughput, does not depend on what else the machine is running
            long received = l.datagrams();
            Map<String, Long> allocated = collectorThreadAllocations();
            collectorThreadCpu().forEach((name, nanos) -> System.out.printf(
                    "  cpu %-24s %,8.0f ns/datagram received %,6.1f ns/flow received, %.2f bytes allocated/datagram%n",
                    name, (double) (nanos - cpu0.getOrDefault(name, 0L)) / received,
                    (double) (nanos - cpu0.getOrDefault(name, 0L)) / (received * 30.0),
                    (double) (allocated.getOrDefault(name, 0L) - allocated0.getOrDefault(name, 0L)) / received));
        }
    }

    /** CPU time so far of the collector's threads (receive, decode, sink), by thread name. */
    private static Map<String, Long> collectorThreadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("flowsec-")) {
                cpu.merge(t.getName(), Math.max(0, mx.getThreadCpuTime(t.getId())), Long::sum);
            }
        }
        return cpu;
    }

    /** Bytes allocated so far by the collector's threads, by thread name. */
    private static Map<String, Long> collectorThreadAllocations() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> bytes = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("flowsec-")) {
                bytes.merge(t.getName(), Math.max(0, mx.getThreadAllocatedBytes(t.getId())), Long::sum);
            }
        }
        return bytes;
    }

    private static void decodeOnly(int seconds) {
        Counting sink = new Counting();
        DatagramProcessor p = new DatagramProcessor(new NetflowDecoder(SamplingPolicy.EXPORTED),
                BatchHandOff.direct(sink), CollectorConfig.defaults());
        ByteBuffer d = ByteBuffer.allocateDirect(24 + 30 * 48);
        d.put(V5Datagrams.datagram(0, 30, 0, 1, 1)).flip();
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated0 = mx.getCurrentThreadAllocatedBytes();
        long n = 0;
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                d.putInt(16, (int) (n * 30));
                d.position(0);
                p.process(n, 0, 0x0000_FFFF_7F00_0001L, 9995, d);
                n++;
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long allocated = mx.getCurrentThreadAllocatedBytes() - allocated0;
        p.flush();
        System.out.printf("DatagramProcessor alone (v5 decode + accounting), one thread, %.1f s:%n", elapsed);
        System.out.printf("  %,12.0f datagrams/s  %,12.0f flows/s  %.3f bytes allocated per datagram%n",
                n / elapsed, n * 30 / elapsed, (double) allocated / n);
    }
}
