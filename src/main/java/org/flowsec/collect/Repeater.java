package org.flowsec.collect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Re-sends every accepted datagram, unchanged, to each {@code --forward} destination (to feed a second
 * collector or a tool that wants the raw export). Forwarded datagrams leave from the collector's own
 * address; the original exporter's address is not spoofed. Each receive thread owns a {@link Sender}
 * (its own non-blocking socket) so threads never contend; counters are shared per destination.
 */
final class Repeater implements AutoCloseable {
    private final List<InetSocketAddress> targets;
    private final List<String> names;
    private final AtomicLongArray sent;
    private final AtomicLongArray failed;
    private final List<Sender> senders = new ArrayList<>();

    Repeater(List<String> targets) {
        this.names = List.copyOf(targets);
        this.targets = targets.stream().map(CollectorConfig::parseHostPort).toList();
        this.sent = new AtomicLongArray(targets.size());
        this.failed = new AtomicLongArray(targets.size());
    }

    boolean isEmpty() { return targets.isEmpty(); }

    /** A sender for one receive thread. */
    synchronized Sender newSender() throws IOException {
        DatagramChannel v4 = null;
        DatagramChannel v6 = null;
        for (InetSocketAddress t : targets) {
            if (t.getAddress() instanceof java.net.Inet4Address) {
                if (v4 == null) {
                    v4 = DatagramChannel.open(StandardProtocolFamily.INET);
                    v4.configureBlocking(false);
                }
            } else if (v6 == null) {
                v6 = DatagramChannel.open(StandardProtocolFamily.INET6);
                v6.configureBlocking(false);
            }
        }
        Sender s = new Sender(v4, v6);
        senders.add(s);
        return s;
    }

    List<CollectorStats.ForwardStats> stats() {
        List<CollectorStats.ForwardStats> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            out.add(new CollectorStats.ForwardStats(names.get(i), sent.get(i), failed.get(i)));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        for (Sender s : senders) {
            s.close();
        }
        senders.clear();
    }

    /** Sends on one thread's sockets. */
    final class Sender {
        private final DatagramChannel v4;
        private final DatagramChannel v6;

        private Sender(DatagramChannel v4, DatagramChannel v6) {
            this.v4 = v4;
            this.v6 = v6;
        }

        /** Sends the bytes between position and limit to every destination; the buffer is left as it was. */
        void send(ByteBuffer datagram) {
            int position = datagram.position();
            for (int i = 0; i < targets.size(); i++) {
                InetSocketAddress t = targets.get(i);
                DatagramChannel ch = t.getAddress() instanceof java.net.Inet4Address ? v4 : v6;
                datagram.position(position);
                try {
                    // non-blocking: 0 means the send buffer is full; we never stall the receive loop
                    if (ch.send(datagram, t) > 0 || !datagram.hasRemaining()) {
                        sent.incrementAndGet(i);
                    } else {
                        failed.incrementAndGet(i);
                    }
                } catch (IOException e) {
                    failed.incrementAndGet(i);
                }
            }
            datagram.position(position);
        }

        private void close() {
            for (DatagramChannel ch : new DatagramChannel[] {v4, v6}) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException e) {
                        // closing: nothing left to do
                    }
                }
            }
        }
    }
}
