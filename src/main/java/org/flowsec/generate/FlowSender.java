package org.flowsec.generate;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.flowsec.base.Clock;

/**
 * Sends generated flow exports over UDP: builds the model and encoder from a {@link GeneratorConfig},
 * encodes a {@link DatagramRing} ahead of time, then runs a loop that is only pacing and
 * {@code write} on a connected channel (plus, past the first lap, a restamp of a few header and time
 * fields). Inert until {@link #run}; {@link #cancel} from another thread stops a run early.
 */
public final class FlowSender {
    /**
     * How many unpaced datagrams go between looks at the clock for progress and cancellation; paced runs
     * look after every datagram, as they read the clock anyway and may send only a few per second.
     */
    private static final int CHECK_EVERY = 256;
    private static final int SEND_BUFFER = 4 << 20;

    private final Clock clock;
    private volatile boolean cancelled;

    public FlowSender(Clock clock) {
        this.clock = clock;
    }

    public FlowSender() {
        this(Clock.SYSTEM);
    }

    /** Asks a running {@link #run} to stop within a few hundred datagrams; a cancelled sender stays cancelled. */
    public void cancel() {
        cancelled = true;
    }

    /** Encodes the ring (not timed), then sends {@code config.flows()} flows and reports what went out. */
    public SendResult run(GeneratorConfig config, ProgressListener listener) throws IOException {
        FlowEncoder encoder = FlowEncoder.forVersion(config.version(), config.domain(), config.refresh());
        RealisticFlowModel model = new RealisticFlowModel(config.seed(), clock.millis(), config.modelRate(), config.ipv6Share());
        DatagramRing ring = DatagramRing.build(model, encoder, config.flows(), config.ringDatagrams(), config.modelRate());
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            channel.connect(config.target());
            return send(config, ring, encoder, channel, listener);
        }
    }

    private SendResult send(GeneratorConfig config, DatagramRing ring, FlowEncoder encoder,
                            DatagramChannel channel, ProgressListener listener) throws IOException {
        long total = config.flows();
        // up to 50 ms of flows may go back to back after a stall: on a loaded host a runnable thread can
        // wait tens of ms for a core, and the average should hold, but a collector must not be flooded
        Pacer pacer = config.paced() ? new Pacer(config.rate(), Math.max(64, config.rate() / 20), System::nanoTime) : null;
        long attempted = 0; // flows handed to write, sent or not: drives the loop and the sequence numbers
        long flows = 0;
        long datagrams = 0;
        long bytes = 0;
        long errors = 0;
        long datagramsAttempted = 0;
        int lap = 0;
        long lapShift = 0;
        int i = 0;
        int sinceCheck = 0;
        int checkEvery = pacer != null ? 1 : CHECK_EVERY;
        long start = System.nanoTime();
        long nextReport = start + ProgressListener.INTERVAL_NANOS;
        while (attempted < total) {
            ByteBuffer[] out;
            int[] outFlows;
            if (lap == ring.tailLap() && i == ring.tailAt()) {
                out = ring.tail();
                outFlows = ring.tailFlows();
            } else {
                out = null;
                outFlows = null;
            }
            int parts = out == null ? 1 : out.length;
            for (int p = 0; p < parts; p++) {
                ByteBuffer d = out == null ? ring.datagram(i) : out[p];
                int k = out == null ? ring.flows(i) : outFlows[p];
                if (lap > 0 || out != null) {
                    encoder.restamp(d.position(0), datagramsAttempted, attempted, out == null ? lapShift : 0);
                }
                if (pacer != null) {
                    pacer.acquire(k);
                }
                int length = d.limit();
                d.position(0);
                try {
                    channel.write(d);
                    datagrams++;
                    bytes += length;
                    flows += k;
                } catch (PortUnreachableException e) {
                    // an ICMP error for an earlier datagram refused this one; a collector sees the gap
                    errors++;
                }
                attempted += k;
                datagramsAttempted++;
            }
            if (++i == ring.size()) {
                i = 0;
                lap++;
                lapShift = ring.lapShiftMillis(lap);
            }
            if (++sinceCheck == checkEvery) {
                sinceCheck = 0;
                long now = System.nanoTime();
                if (now >= nextReport) {
                    listener.progress(new RateReport(flows, datagrams, bytes, now - start));
                    nextReport = now + ProgressListener.INTERVAL_NANOS;
                }
                if (cancelled || Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        listener.progress(new RateReport(flows, datagrams, bytes, elapsed));
        return new SendResult(flows, datagrams, bytes, elapsed, errors, attempted < total);
    }
}
