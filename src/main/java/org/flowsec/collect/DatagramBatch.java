package org.flowsec.collect;

import java.nio.ByteBuffer;

/**
 * Datagrams received back to back into one pooled direct buffer, with their sources and arrival
 * times, handed from a receive thread to the decode thread as one unit: one queue operation per batch
 * instead of per datagram, and no allocation once the pool is built.
 * <pre>
 * buffer: | datagram 0 | datagram 1 | ... | datagram n-1 | free (at least MAX_DATAGRAM while receiving) |
 *         ^offset[0]   ^offset[1]
 * </pre>
 */
final class DatagramBatch {
    private final ByteBuffer buffer;
    private final int maxDatagrams;
    private final int[] offset;
    private final int[] length;
    private final int[] port;
    private final long[] hi;
    private final long[] lo;
    private final long[] received;
    private int count;
    private int end;

    DatagramBatch(int bytes) {
        buffer = ByteBuffer.allocateDirect(bytes);
        maxDatagrams = Math.max(16, bytes / 128);
        offset = new int[maxDatagrams];
        length = new int[maxDatagrams];
        port = new int[maxDatagrams];
        hi = new long[maxDatagrams];
        lo = new long[maxDatagrams];
        received = new long[maxDatagrams];
    }

    /** True while another datagram of any size fits (a UDP receive truncates silently otherwise). */
    boolean hasRoom() {
        return count < maxDatagrams && buffer.capacity() - end >= CollectorConfig.MAX_DATAGRAM;
    }

    /** The buffer positioned at the free space, to receive the next datagram into. */
    ByteBuffer receiveTarget() {
        buffer.limit(buffer.capacity()).position(end);
        return buffer;
    }

    /** Records the datagram just received into {@link #receiveTarget()}, ending at the buffer's position. */
    void commit(long srcHi, long srcLo, int srcPort, long receivedMillis) {
        int start = end;
        int len = buffer.position() - start;
        offset[count] = start;
        length[count] = len;
        hi[count] = srcHi;
        lo[count] = srcLo;
        port[count] = srcPort;
        received[count] = receivedMillis;
        count++;
        end = start + len;
    }

    int count() { return count; }

    int bytes() { return end; }

    /** Datagram {@code i} between the buffer's position and limit; valid until the next call. */
    ByteBuffer datagram(int i) {
        buffer.limit(offset[i] + length[i]).position(offset[i]);
        return buffer;
    }

    long hi(int i) { return hi[i]; }

    long lo(int i) { return lo[i]; }

    int port(int i) { return port[i]; }

    long received(int i) { return received[i]; }

    DatagramBatch clear() {
        count = 0;
        end = 0;
        return this;
    }
}
