package org.flowsec.generate.scenario;

/**
 * How a router cuts a long flow into records with its active timeout: every {@code timeout} ms of a
 * flow's life become one record (end reason 2, "active timeout") and the rest a last record with the
 * flow's own end. Packets and bytes are shared by time, as a steady flow would fill each record; a
 * stretch without packets yields no record. TCP flags follow the packets: SYN only in the first record,
 * FIN or RST only in the last.
 *
 * <p>Record {@code k} of {@link #pieces} covers {@code [first + k*timeout, min(last, first + (k+1)*timeout - 1)]}.
 */
public final class ActiveTimeoutSplitter {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;

    private ActiveTimeoutSplitter() {}

    /** How many records a flow from {@code first} to {@code last} becomes; 1 when it is shorter than the timeout. */
    public static int pieces(long first, long last, long timeout) {
        if (timeout <= 0) {
            throw new IllegalArgumentException("active timeout must be positive, was " + timeout);
        }
        long n = Math.max(0, last - first) / timeout + 1;
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    public static long pieceFirst(long first, int k, long timeout) {
        return first + k * timeout;
    }

    public static long pieceLast(long first, long last, int k, long timeout) {
        return Math.min(last, first + (k + 1) * timeout - 1);
    }

    /** Packets (or bytes, with {@code total} bytes) in records {@code 0..k-1}, spread over the flow's time. */
    public static long cumulative(long total, long first, long last, int k, int pieces, long timeout) {
        if (k >= pieces) {
            return total;
        }
        long duration = last - first + 1;
        long elapsed = Math.min(duration, k * timeout);
        long product = total * elapsed;
        if (Math.multiplyHigh(total, elapsed) == 0 && product >= 0) {
            return product / duration;
        }
        // beyond 2^63 (billions of bytes over days): a double's 53 bits are plenty for a share
        return (long) ((double) total * elapsed / duration);
    }

    /** The TCP flags of record {@code k} of {@code pieces}. */
    public static int flags(int flags, int k, int pieces) {
        if (pieces == 1) {
            return flags;
        }
        if (k == 0) {
            return flags & ~(FIN | RST);
        }
        return k == pieces - 1 ? flags & ~SYN : flags & ~(SYN | FIN | RST);
    }
}
