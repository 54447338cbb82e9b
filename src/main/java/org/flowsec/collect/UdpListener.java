package org.flowsec.collect;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.flowsec.base.Clock;
import org.flowsec.flow.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket and its receive thread. The thread drains the socket into a pooled
 * {@link DatagramBatch} while datagrams are waiting and hands the batch to the decode queue when it is
 * full, or when the socket is empty, the decode thread idle, and the socket going quiet or the batch
 * {@link #HANDOFF_NANOS} old, so a busy exporter fills big batches while a quiet one is not delayed. How it
 * waits for the socket is {@link ReceivePacing}'s choice.
 * When the pool is empty (decoding is behind) datagrams are read and dropped, and counted: memory never
 * grows. Counters are published once per batch, not per datagram.
 */
final class UdpListener implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    /** Datagrams read from the socket after stop() before the thread gives up draining it. */
    private static final int DRAIN_LIMIT = 1 << 20;
    /**
     * Datagrams stamped with one clock reading while the socket stays busy. At 4M flows/s (about 140,000
     * v5 datagrams/s) 64 datagrams take under half a millisecond, below the stamps' resolution, and the
     * clock is read again whenever the socket runs empty; a clock read per datagram would cost more.
     */
    static final int CLOCK_EVERY_DATAGRAMS = 64;
    /**
     * How long a batch of a steady stream may wait for more datagrams before it goes to an idle decoder. Flows
     * are minutes old when they are exported and the store flushes once a second, so 5 ms is no delay that
     * matters, and it spares the decoder most of its wake-ups.
     */
    static final long HANDOFF_NANOS = 5_000_000;

    private final String name;
    private final InetSocketAddress requested;
    private final int rcvbufRequested;
    private final BlockingQueue<DatagramBatch> free;
    private final BlockingQueue<DatagramBatch> filled;
    private final Allowlist allowlist;
    private final Repeater repeater;
    private final Clock clock;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(CollectorConfig.MAX_DATAGRAM);

    private DatagramChannel channel;
    private Selector selector;
    private Repeater.Sender sender;
    private InetSocketAddress bound;
    private int rcvbufActual;
    private volatile boolean running;

    // written by the receive thread only, published per batch
    private volatile long datagrams;
    private volatile long bytes;
    private volatile long queueDrops;
    /** Last kernel drop count read while the socket was open, kept for stats after close. */
    private volatile long kernelDrops;

    UdpListener(String address, int rcvbufRequested, BlockingQueue<DatagramBatch> free,
                BlockingQueue<DatagramBatch> filled, Allowlist allowlist, Repeater repeater, Clock clock) {
        this.name = address;
        this.requested = CollectorConfig.parseHostPort(address);
        this.rcvbufRequested = rcvbufRequested;
        this.free = free;
        this.filled = filled;
        this.allowlist = allowlist;
        this.repeater = repeater;
        this.clock = clock;
    }

    /** Binds the socket; fails with a message naming the address. */
    void open() throws IOException {
        boolean v4 = requested.getAddress() instanceof Inet4Address;
        try {
            channel = DatagramChannel.open(v4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, rcvbufRequested);
            channel.bind(requested);
        } catch (IOException e) {
            if (channel != null) {
                channel.close();
            }
            throw new IOException("cannot listen on UDP " + name + ": " + e.getMessage(), e);
        }
        rcvbufActual = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        bound = (InetSocketAddress) channel.getLocalAddress();
        if (rcvbufActual < rcvbufRequested) {
            LOG.warn("UDP receive buffer on {}: asked for {} bytes, the kernel granted {}; bursts will be dropped "
                    + "by the kernel. Raise the cap with: sysctl -w net.core.rmem_max={}",
                    name, rcvbufRequested, rcvbufActual, rcvbufRequested);
        }
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        if (!repeater.isEmpty()) {
            sender = repeater.newSender();
        }
        running = true;
    }

    @Override
    public void run() {
        DatagramBatch batch = null;
        SocketAddress lastSource = null;
        long srcHi = 0;
        long srcLo = 0;
        int srcPort = 0;
        long n = 0;
        long b = 0;
        long drops = 0;
        int drained = 0;
        long now = clock.millis();
        int untilClock = CLOCK_EVERY_DATAGRAMS;
        int burst = 0; // datagrams read since the socket last ran empty
        ReceivePacing pacing = new ReceivePacing();
        long lookStart = System.nanoTime();
        long batchStart = lookStart; // when the look that put the batch's first datagram in began
        try {
            while (true) {
                boolean stopping = !running;
                if (batch == null) {
                    batch = free.poll();
                }
                ByteBuffer target = batch != null ? batch.receiveTarget() : scratch.clear();
                int start = target.position();
                SocketAddress source = channel.receive(target);
                if (source == null) {
                    // Socket empty. Hand the batch over if the decode thread is idle and either the socket is going
                    // quiet (latency) or the batch has waited HANDOFF_NANOS: a steady stream then wakes the decoder
                    // a couple of hundred times a second, not at every look. While the decoder is still busy with
                    // earlier batches keep filling this one, so a backlog is carried in few full batches instead of
                    // exhausting the pool with tiny ones.
                    long park = pacing.afterLook(burst, lookStart);
                    burst = 0;
                    boolean holding = batch != null && batch.count() > 0;
                    if (holding && (stopping || (filled.isEmpty()
                            && (park == 0 || System.nanoTime() - batchStart >= HANDOFF_NANOS)))) {
                        filled.add(batch); // never full: its capacity is the pool size
                        batch = null;
                        holding = false;
                    }
                    publish(n, b, drops);
                    if (stopping) {
                        return;
                    }
                    if (park > 0) {
                        LockSupport.parkNanos(park);
                    } else {
                        selector.select(holding ? 1 : 250);
                        selector.selectedKeys().clear();
                    }
                    lookStart = System.nanoTime();
                    now = clock.millis();
                    untilClock = CLOCK_EVERY_DATAGRAMS;
                    continue;
                }
                if (stopping && ++drained > DRAIN_LIMIT) {
                    return;
                }
                n++;
                burst++;
                if (--untilClock == 0) {
                    now = clock.millis();
                    untilClock = CLOCK_EVERY_DATAGRAMS;
                }
                int end = target.position();
                b += end - start;
                if (source != lastSource) {
                    // the JDK reuses the sender's address object while the sender stays the same
                    InetSocketAddress isa = (InetSocketAddress) source;
                    srcHi = Addresses.hi(isa.getAddress());
                    srcLo = Addresses.lo(isa.getAddress());
                    srcPort = isa.getPort();
                    lastSource = source;
                }
                if (sender != null && allowlist.allows(srcHi, srcLo)) {
                    // forwarded even when decoding is behind: the repeater does not depend on it
                    target.limit(end).position(start);
                    sender.send(target);
                    target.limit(target.capacity()).position(end);
                }
                if (batch == null) {
                    drops++; // no free batch: decoding is behind
                    continue;
                }
                if (batch.count() == 0) {
                    batchStart = lookStart;
                }
                batch.commit(srcHi, srcLo, srcPort, now);
                if (!batch.hasRoom()) {
                    filled.add(batch);
                    batch = null;
                    publish(n, b, drops);
                }
            }
        } catch (IOException e) {
            if (running) {
                LOG.error("UDP receive on {} failed, listener stopped: {}", name, e.toString());
            }
        } finally {
            if (batch != null) {
                if (batch.count() > 0) {
                    filled.add(batch);
                } else {
                    free.add(batch);
                }
            }
            publish(n, b, drops);
        }
    }

    private void publish(long n, long b, long drops) {
        datagrams = n;
        bytes = b;
        queueDrops = drops;
    }

    /** Asks the thread to drain the socket, hand over its batch and return. */
    void stop() {
        running = false;
        if (selector != null) {
            selector.wakeup();
        }
    }

    void closeSocket() {
        try {
            if (selector != null) {
                selector.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debug("closing {}: {}", name, e.toString());
        }
    }

    String name() { return name; }

    InetSocketAddress localAddress() { return bound; }

    CollectorStats.ListenerStats stats(KernelUdpDrops kernel) {
        if (bound != null && channel.isOpen()) {
            long k = kernel.drops(bound);
            if (k >= 0) {
                kernelDrops = k;
            }
        }
        // the bound address says which port an ephemeral ":0" listener got
        String address = bound == null ? name : CollectorConfig.formatHostPort(bound);
        return new CollectorStats.ListenerStats(address, datagrams, bytes, queueDrops, kernelDrops,
                rcvbufRequested, rcvbufActual);
    }
}
