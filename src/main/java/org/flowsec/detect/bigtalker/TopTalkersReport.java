package org.flowsec.detect.bigtalker;

import java.util.List;

/**
 * The top talkers of one local network in one finished interval: FlowScan's TopN table, a report rather
 * than an alert. Volumes count what the host sent and received; a flow longer than an interval is spread
 * over the intervals it covers in proportion to time.
 *
 * @param start    interval start, UTC ms (inclusive)
 * @param end      interval end, UTC ms (exclusive)
 * @param network  the network ranked, as a prefix ({@code 10.1.0.0/16})
 * @param orderBy  what ranked the hosts: bytes, packets or flows
 * @param rows     the top hosts, best first (at most the configured {@code top})
 */
public record TopTalkersReport(long start, long end, String network, String orderBy, List<Row> rows) {
    public TopTalkersReport {
        rows = List.copyOf(rows);
    }

    /**
     * One host of the table.
     *
     * @param rank          1 for the top talker
     * @param host          the address, as text
     * @param bytes         bytes sent plus received in the interval
     * @param bytesIn       bytes received
     * @param bytesOut      bytes sent
     * @param packets       packets sent plus received
     * @param flows         flows starting in the interval that the host sent or received
     * @param baselineBytes the host's usual bytes per interval before this one (its baseline)
     */
    public record Row(int rank, String host, long bytes, long bytesIn, long bytesOut, long packets, long flows,
                      long baselineBytes) {}
}
