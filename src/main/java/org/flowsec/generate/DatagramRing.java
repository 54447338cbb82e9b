package org.flowsec.generate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.flowsec.flow.FlowBatch;

/**
 * Datagrams encoded ahead of time, so that sending is only a system call. The ring holds up to
 * {@code capacity} datagrams of consecutive model flows in one direct buffer; a sender that needs more
 * flows than the ring holds replays it in laps, {@linkplain FlowEncoder#restamp restamping} each datagram
 * with the next sequence number, rotated client ports and times moved on by {@link #lapShiftMillis(long)}.
 * Export times travel in whole seconds, so times move in whole seconds too: lap {@code L} stands
 * {@code floor(L * span / 1 s)} seconds after lap 0, where {@code span} is the flow time one lap covers at
 * the model's rate; at high rates most laps therefore keep their times and only renumber and rotate
 * ports, and flow time stays within a second of the paced clock. When the last lap ends
 * inside a datagram, the {@link #tail()} datagrams, encoded from further model flows, carry the exact
 * remainder, so exactly the requested number of flows goes out.
 */
public final class DatagramRing {
    private static final int CHUNK = 1024;
    /** More rows than any datagram holds (v9 fits 31 IPv4 records), so export times stay close to flow times. */
    private static final int MAX_ROWS = 32;
    private static final int MAX_TAIL = 4;

    private final ByteBuffer[] datagrams;
    private final int[] flows;
    private final long[] exportMillis;
    private final long ringFlows;
    /** Flow time one lap covers, ms. */
    private final double lapSpanMillis;
    private ByteBuffer[] tail = new ByteBuffer[0];
    private int[] tailFlows = new int[0];
    private int tailAt = -1;
    private int tailLap = -1;

    private DatagramRing(ByteBuffer[] datagrams, int[] flows, long[] exportMillis, long ringFlows, double lapSpanMillis) {
        this.datagrams = datagrams;
        this.flows = flows;
        this.exportMillis = exportMillis;
        this.ringFlows = ringFlows;
        this.lapSpanMillis = lapSpanMillis;
    }

    /**
     * Encodes {@code totalFlows} flows (or as many as {@code capacity} datagrams hold, plus the tail).
     *
     * @param flowsPerSecond the model's clock rate, which sets how far each lap moves time on
     */
    public static DatagramRing build(RealisticFlowModel model, FlowEncoder encoder, long totalFlows,
                                     int capacity, double flowsPerSecond) {
        if (totalFlows < 1 || capacity < 1) {
            throw new IllegalArgumentException("need at least one flow and one datagram, got " + totalFlows + " and " + capacity);
        }
        capacity = (int) Math.min(capacity, totalFlows); // every datagram carries at least one flow
        ByteBuffer memory = ByteBuffer.allocateDirect(capacity * FlowEncoder.MAX_DATAGRAM);
        ByteBuffer[] datagrams = new ByteBuffer[capacity];
        int[] flows = new int[capacity];
        long[] export = new long[capacity];
        Filler filler = new Filler(model, encoder);
        long encoded = 0;
        int n = 0;
        while (n < capacity && encoded < totalFlows) {
            memory.position(n * FlowEncoder.MAX_DATAGRAM);
            int start = memory.position();
            int k = filler.next(memory, totalFlows - encoded);
            datagrams[n] = memory.slice(start, memory.position() - start);
            flows[n] = k;
            export[n] = filler.lastExportMillis;
            encoded += k;
            n++;
        }
        DatagramRing ring = new DatagramRing(Arrays.copyOf(datagrams, n), Arrays.copyOf(flows, n),
                Arrays.copyOf(export, n), encoded, encoded * 1000.0 / flowsPerSecond);
        if (encoded < totalFlows) {
            ring.planTail(filler, totalFlows);
        }
        return ring;
    }

    /** Finds the datagram in which the last lap ends and encodes the remainder it must carry instead. */
    private void planTail(Filler filler, long totalFlows) {
        long laps = totalFlows / ringFlows;
        long rest = totalFlows % ringFlows;
        if (rest == 0) {
            return;
        }
        int j = 0;
        long before = 0;
        while (before + flows[j] <= rest) {
            before += flows[j++];
        }
        long remainder = rest - before;
        if (remainder == 0) {
            return;
        }
        tailAt = j;
        tailLap = (int) laps;
        ByteBuffer memory = ByteBuffer.allocateDirect(MAX_TAIL * FlowEncoder.MAX_DATAGRAM);
        int count = 0;
        ByteBuffer[] t = new ByteBuffer[MAX_TAIL];
        int[] f = new int[MAX_TAIL];
        long left = remainder;
        while (left > 0) {
            int start = memory.position();
            int k = filler.next(memory, left);
            t[count] = memory.slice(start, memory.position() - start);
            f[count++] = k;
            left -= k;
        }
        // bring the tail's times to where datagram j of the last lap stands, in whole seconds
        long target = exportMillis[j] + offsetMillis(laps);
        long shift = Math.floorDiv(target - filler.lastExportMillis, 1000) * 1000;
        for (int i = 0; i < count; i++) {
            filler.encoder.restamp(t[i], 0, 0, shift);
        }
        tail = Arrays.copyOf(t, count);
        tailFlows = Arrays.copyOf(f, count);
    }

    public int size() { return datagrams.length; }

    public ByteBuffer datagram(int i) { return datagrams[i]; }

    public int flows(int i) { return flows[i]; }

    /** Flows in one lap of the ring. */
    public long ringFlows() { return ringFlows; }

    /** How far lap {@code lap} stands after lap 0 in flow time: whole seconds. */
    public long offsetMillis(long lap) {
        return (long) Math.floor(lap * lapSpanMillis / 1000) * 1000;
    }

    /** How far to move a datagram replayed in lap {@code lap} from where lap {@code lap - 1} left it. */
    public long lapShiftMillis(long lap) {
        return offsetMillis(lap) - offsetMillis(lap - 1);
    }

    /** Index of the ring datagram the tail replaces in lap {@link #tailLap()}, or -1 without a tail. */
    public int tailAt() { return tailAt; }

    public int tailLap() { return tailLap; }

    public ByteBuffer[] tail() { return tail; }

    public int[] tailFlows() { return tailFlows; }

    /** Pulls flows from the model in chunks and encodes them, never splitting a datagram across chunks. */
    private static final class Filler {
        private final RealisticFlowModel model;
        private final FlowEncoder encoder;
        private FlowBatch batch = new FlowBatch(2 * CHUNK);
        private FlowBatch spare = new FlowBatch(2 * CHUNK);
        private int next;
        private long generatedAtRow0;
        long lastExportMillis;

        Filler(RealisticFlowModel model, FlowEncoder encoder) {
            this.model = model;
            this.encoder = encoder;
        }

        /** Encodes one datagram of at most {@code limit} flows at {@code out}'s position; returns its flows. */
        int next(ByteBuffer out, long limit) {
            if (batch.size() - next < 64 && batch.size() - next < limit) {
                refill((int) Math.min(CHUNK, limit - (batch.size() - next)));
            }
            int to = (int) Math.min(batch.size(), next + Math.min(limit, MAX_ROWS));
            // the datagram leaves once its newest flow has been seen: the clock at the row after it
            lastExportMillis = model.millisAt(generatedAtRow0 + to);
            int end = encoder.encode(batch, next, to, lastExportMillis, out);
            int encoded = end - next;
            next = end;
            return encoded;
        }

        private void refill(int more) {
            spare.clear();
            spare.appendRange(batch, next, batch.size());
            long base = generatedAtRow0 + next;
            FlowBatch t = batch;
            batch = spare;
            spare = t;
            next = 0;
            generatedAtRow0 = base;
            model.fill(batch, more);
        }
    }
}
