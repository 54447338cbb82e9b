package org.flowsec.generate.scenario;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.flowsec.generate.FlowEncoder;
import org.flowsec.generate.GeneratorConfig;
import org.flowsec.generate.Pacer;
import org.flowsec.generate.ProgressListener;
import org.flowsec.generate.RateReport;
import org.flowsec.generate.SendResult;

/**
 * Sends a {@link ScenarioRun} over UDP with the encoder, target and pacing of a {@link GeneratorConfig}
 * ({@code config.flows()} is not used: the run knows its size). Unlike {@code FlowSender}, which replays a
 * pre-encoded ring, every datagram is encoded as it goes, because a scenario run must go out exactly once
 * in export order. Each datagram is stamped with the export time of the flows it carries, so a collector
 * sees the router's clock, not the sender's. Inert until {@link #run}; {@link #cancel} stops it early.
 */
public final class ScenarioSender {
    private static final int SEND_BUFFER = 4 << 20;
    private static final int BATCH = 4096;
    /**
     * More records than any encoder puts in one datagram (30 for v5, fewer for v9/IPFIX): a datagram is
     * stamped with the export time of the record this far ahead (or the batch's last), which is at least
     * that of every record it carries, as rows come in export order.
     */
    private static final int LOOKAHEAD = 64;

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public SendResult run(GeneratorConfig config, ScenarioRun run, ProgressListener listener) throws IOException {
        FlowEncoder encoder = FlowEncoder.forVersion(config.version(), config.domain(), config.refresh());
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            channel.connect(config.target());
            return send(config, run, encoder, channel, listener);
        }
    }

    private SendResult send(GeneratorConfig config, ScenarioRun run, FlowEncoder encoder, DatagramChannel channel,
                            ProgressListener listener) throws IOException {
        Pacer pacer = config.paced() ? new Pacer(config.rate(), Math.max(64, config.rate() / 20), System::nanoTime) : null;
        ByteBuffer buf = ByteBuffer.allocateDirect(FlowEncoder.MAX_DATAGRAM);
        ExportBatch batch = new ExportBatch(BATCH);
        long flows = 0;
        long datagrams = 0;
        long bytes = 0;
        long errors = 0;
        long start = System.nanoTime();
        long nextReport = start + ProgressListener.INTERVAL_NANOS;
        boolean stopped = false;
        while (!stopped) {
            batch.clear();
            int n = run.next(batch, BATCH);
            if (n == 0) {
                break;
            }
            int i = 0;
            while (i < n) {
                buf.clear();
                long exportAt = batch.exportMillis(Math.min(n - 1, i + LOOKAHEAD - 1));
                int end = encoder.encode(batch.flows(), i, n, exportAt, buf);
                int k = end - i;
                if (pacer != null && k > 0) {
                    pacer.acquire(k);
                }
                buf.flip();
                int length = buf.remaining();
                try {
                    channel.write(buf);
                    datagrams++;
                    bytes += length;
                    flows += k;
                } catch (PortUnreachableException e) {
                    errors++; // an ICMP error for an earlier datagram refused this one
                }
                i = end;
            }
            long now = System.nanoTime();
            if (now >= nextReport) {
                listener.progress(new RateReport(flows, datagrams, bytes, now - start));
                nextReport = now + ProgressListener.INTERVAL_NANOS;
            }
            stopped = cancelled || Thread.currentThread().isInterrupted();
        }
        long elapsed = System.nanoTime() - start;
        listener.progress(new RateReport(flows, datagrams, bytes, elapsed));
        return new SendResult(flows, datagrams, bytes, elapsed, errors, run.hasNext());
    }
}
