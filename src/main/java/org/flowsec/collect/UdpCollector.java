package org.flowsec.collect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowsec.base.Clock;
import org.flowsec.base.ThreadNiceness;
import org.flowsec.decode.DatagramDecoder;
import org.flowsec.flow.FlowSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP collector: receive → decode → sink on separate threads with bounded queues.
 * <pre>
 * socket ─► flowsec-udp-ADDR (one per socket) ──DatagramBatch queue──► flowsec-decode ──FlowBatch queue──► flowsec-sink ─► FlowSink
 *              │ forwards accepted datagrams (Repeater)                   DatagramProcessor                     flush() ≤ 1/s
 *              └ no free batch: datagram dropped, counted                  (allowlist, decode, counters)
 * </pre>
 * Memory is fixed at start: {@code receiveQueueBatches × datagramBatchBytes} of direct buffers, {@code
 * sinkQueueBatches + 2} flow batches, bounded exporter tables. Inert until {@link #start()}; {@link
 * #close()} stops receiving, decodes everything already received, flushes the sink (it does not close
 * it: the caller owns the sink) and writes the statistics file a last time.
 */
public final class UdpCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpCollector.class);
    /**
     * Nice value of the decode thread. The receive queue in front of it holds hundreds of megabytes, while a
     * receive thread kept off the CPU longer than its socket buffer lasts (about 10 ms of a 4 MiB buffer in a
     * v5 burst at 8M flows/s) loses datagrams for good; at nice 5 the decoder yields the CPU to the receivers
     * when both want it, as the store's writer (4) and sealer (10) do. 16 cold 2M-flow bursts each, v5 and
     * IPFIX, alternating: mean loss 2.34 % at nice 0, 0.54 % at nice 5 (runs with loss 5 and 4).
     */
    static final int DECODE_NICE = 5;

    private final CollectorConfig config;
    private final Clock clock;
    private final BlockingQueue<DatagramBatch> free;
    private final BlockingQueue<DatagramBatch> filled;
    private final SinkPipeline pipeline;
    private final DatagramProcessor processor;
    private final Repeater repeater;
    private final List<UdpListener> listeners = new ArrayList<>();
    private final List<Thread> receivers = new ArrayList<>();
    private final KernelUdpDrops kernel = new KernelUdpDrops();
    private final ExporterStatsFile statsFile;
    private volatile CollectorStats previous;
    private Thread decodeThread;
    private Thread sinkThread;
    private Thread statsThread;
    private volatile boolean decoding;
    private final AtomicBoolean priorityLogged = new AtomicBoolean();
    private volatile List<CollectorStats.ExporterStats> exporterSnapshot = List.of();
    private volatile List<CollectorStats.RejectedSource> rejectedSnapshot = List.of();
    private long startedMillis;
    private boolean started;
    private boolean closed;

    public UdpCollector(CollectorConfig config, DatagramDecoder decoder, FlowSink sink, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.free = new ArrayBlockingQueue<>(config.receiveQueueBatches());
        this.filled = new ArrayBlockingQueue<>(config.receiveQueueBatches());
        this.pipeline = new SinkPipeline(sink, config.sinkQueueBatches(), config.batchRows(), clock);
        Allowlist allowlist = Allowlist.of(config.allowlist());
        this.processor = new DatagramProcessor(decoder, allowlist, pipeline, config, pipeline.first());
        this.repeater = new Repeater(config.forward());
        for (String address : config.listen()) {
            listeners.add(new UdpListener(address, config.rcvbufBytes(), free, filled, allowlist, repeater, clock));
        }
        this.statsFile = config.statsFile() == null ? null : new ExporterStatsFile(config.statsFile());
    }

    /** Binds every socket (all or none), allocates the buffers and starts the threads. */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        if (statsFile != null) {
            try {
                previous = statsFile.read().orElse(null);
            } catch (IOException e) {
                LOG.warn("{}; counting from zero", e.getMessage());
            }
        }
        try {
            for (UdpListener l : listeners) {
                l.open();
            }
        } catch (IOException e) {
            listeners.forEach(UdpListener::closeSocket);
            repeater.close();
            closed = true; // nothing runs: close() has nothing left to do
            throw e;
        }
        for (int i = 0; i < config.receiveQueueBatches(); i++) {
            free.add(new DatagramBatch(config.datagramBatchBytes()));
        }
        startedMillis = clock.millis();
        decoding = true;
        sinkThread = thread("flowsec-sink", pipeline);
        decodeThread = thread("flowsec-decode", this::decodeLoop);
        for (UdpListener l : listeners) {
            receivers.add(thread("flowsec-udp-" + l.name(), () -> {
                raiseReceivePriority();
                l.run();
            }));
            LOG.info("listening for NetFlow/IPFIX on UDP {}", l.localAddress());
        }
        if (statsFile != null) {
            statsThread = thread("flowsec-stats", this::statsLoop);
        }
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Receive thread, before its first datagram: asks for {@link CollectorConfig#receiveNice()}. A receive thread
     * kept off the CPU longer than its socket buffer lasts loses datagrams for good (a 4 MiB buffer lasts about
     * 10 ms of a v5 burst at 8M flows/s), while it needs little CPU itself. 27 cold 2M-flow bursts each (v5, v9,
     * IPFIX), alternating: 12 runs lost datagrams at nice 0 (mean loss 1.8 %), 4 at nice -10 (0.3 %).
     */
    private void raiseReceivePriority() {
        int nice = config.receiveNice();
        if (nice == 0) {
            return;
        }
        boolean raised = ThreadNiceness.setCurrent(nice);
        if (!priorityLogged.compareAndSet(false, true)) {
            return;
        }
        if (raised) {
            LOG.info("receive threads run at nice {}", nice);
        } else {
            LOG.warn("could not raise the receive threads' priority to nice {} (it needs root or CAP_SYS_NICE; "
                    + "--receive-nice 0 stops asking): when the machine runs short of CPU the kernel drops more "
                    + "datagrams, see docs/operations.md", nice);
        }
    }

    private void decodeLoop() {
        ThreadNiceness.lowerCurrent(DECODE_NICE);
        long lastFlush = clock.millis();
        long interval = config.flushIntervalMillis();
        try {
            while (true) {
                DatagramBatch b = filled.poll(Math.min(interval, 100), TimeUnit.MILLISECONDS);
                if (b != null) {
                    for (int i = 0; i < b.count(); i++) {
                        processor.process(b.received(i), b.hi(i), b.lo(i), b.port(i), b.datagram(i));
                    }
                    free.add(b.clear());
                } else if (!decoding && filled.isEmpty()) {
                    break; // receivers are done (they finish before decoding is cleared) and nothing is left
                }
                long now = clock.millis();
                if (now - lastFlush >= interval) {
                    processor.flush();
                    publish();
                    lastFlush = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("decode thread failed; datagrams will be dropped at the receive queue from now on", e);
        } finally {
            processor.flush();
            publish();
            pipeline.stop();
        }
    }

    private void publish() {
        exporterSnapshot = processor.exporterStats();
        rejectedSnapshot = processor.rejectedSources();
    }

    private void statsLoop() {
        while (decoding) {
            try {
                Thread.sleep(config.statsIntervalMillis());
            } catch (InterruptedException e) {
                return;
            }
            writeStats();
        }
    }

    private void writeStats() {
        try {
            statsFile.write(stats());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write collector statistics to {}: {}", statsFile.path(), e.toString());
        }
    }

    /** The bound addresses (port 0 in the config becomes the real port), in configuration order. */
    public List<InetSocketAddress> localAddresses() {
        return listeners.stream().map(UdpListener::localAddress).toList();
    }

    /**
     * Counters now: listeners and forwards are live, exporters as of the last flush (at most a flush
     * interval old). With a statistics file, the previous run's counters are included.
     */
    public CollectorStats stats() {
        List<CollectorStats.ListenerStats> ls = new ArrayList<>();
        for (UdpListener l : listeners) {
            ls.add(l.stats(kernel));
        }
        CollectorStats now = CollectorStats.of(startedMillis, clock.millis(), ls, repeater.stats(),
                exporterSnapshot, rejectedSnapshot, pipeline.sinkErrors());
        return previous == null ? now : now.plus(previous);
    }

    /** Stops receiving, decodes and hands over everything received, flushes the sink. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        listeners.forEach(UdpListener::stop);
        join(receivers);
        decoding = false;
        join(List.of(decodeThread));
        join(List.of(sinkThread));
        if (statsThread != null) {
            statsThread.interrupt();
            join(List.of(statsThread));
        }
        CollectorStats last = stats(); // while the sockets are open, to read their kernel drops
        if (statsFile != null) {
            writeStats();
        }
        listeners.forEach(UdpListener::closeSocket);
        repeater.close();
        LOG.info("collector stopped: {}", last.totals());
    }

    private static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join(30_000);
                if (t.isAlive()) {
                    LOG.warn("{} did not stop within 30 s", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
