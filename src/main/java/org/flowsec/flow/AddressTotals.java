package org.flowsec.flow;

/**
 * The flows of a set of records summed per address of one side: for each distinct address (two words, as
 * {@link FlowBatch#hi}/{@link FlowBatch#lo} hold it), the flows, packets and bytes, the earliest first and
 * the latest last. A store keeps these for each sealed segment, so a ranking of sources or destinations over
 * whole segments reads them instead of every row. Entries are in ascending order of (hi, lo), signed.
 *
 * <p>The arrays belong to this object once given; callers must not change them.
 */
public record AddressTotals(Field side, long[] hi, long[] lo, long[] flows, long[] packets, long[] bytes,
                            long[] first, long[] last) {
    public AddressTotals {
        if (!side.isAddress()) {
            throw new IllegalArgumentException(side + " is not an address field");
        }
        int n = hi.length;
        if (lo.length != n || flows.length != n || packets.length != n || bytes.length != n || first.length != n
                || last.length != n) {
            throw new IllegalArgumentException("address totals need columns of one length");
        }
    }

    public int size() {
        return hi.length;
    }

    /** The sum of the flows of every address: the flows of the set. */
    public long totalFlows() {
        return sum(flows);
    }

    public long totalPackets() {
        return sum(packets);
    }

    public long totalBytes() {
        return sum(bytes);
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }
}
