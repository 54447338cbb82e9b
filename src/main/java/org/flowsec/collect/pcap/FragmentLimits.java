package org.flowsec.collect.pcap;

/**
 * Bounds of IPv4 reassembly: at most {@code maxDatagrams} partial datagrams holding at most
 * {@code maxBytes} bytes in all, each dropped when its first fragment is older than {@code timeoutMillis}
 * (capture time). Each partial datagram owns a 64 KiB buffer, so the heap held is about
 * {@code maxDatagrams * 64 KiB}.
 */
public record FragmentLimits(int maxDatagrams, int maxBytes, long timeoutMillis) {
    /** 64 datagrams (4 MiB of buffers), 1 MiB of fragment payload, 30 s, like Linux's ipfrag_time. */
    public static final FragmentLimits DEFAULT = new FragmentLimits(64, 1 << 20, 30_000);

    public FragmentLimits {
        if (maxDatagrams < 1 || maxBytes < 1 || timeoutMillis < 0) {
            throw new IllegalArgumentException("fragment limits must be positive: " + maxDatagrams + ", "
                    + maxBytes + ", " + timeoutMillis);
        }
    }
}
