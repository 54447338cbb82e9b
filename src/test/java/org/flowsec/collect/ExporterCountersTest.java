package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowsec.decode.DatagramInfo;
import org.junit.jupiter.api.Test;

class ExporterCountersTest {
    private final ExporterCounters counters =
            new ExporterCounters(0, 0x0000_FFFF_C000_0201L, 7, true, new ExporterCounters.SequenceWindows(64));
    private final DatagramInfo info = new DatagramInfo();

    private void datagram(int version, long sequence, long advance, int flows, int templates) {
        info.reset();
        info.version = version;
        info.domain = 7;
        info.hasSequence = true;
        info.sequence = sequence;
        info.sequenceAdvance = advance;
        info.templates = templates;
        counters.datagram(1000 + sequence, 100, flows, info);
    }

    @Test
    void v9LostDatagramsAreEstimatedAtTheObservedFlowsPerDatagram() {
        datagram(9, 100, 1, 0, 2);   // templates only
        for (long s = 101; s <= 110; s++) {
            if (s != 104 && s != 105) {
                datagram(9, s, 1, 12, 0);
            }
        }
        CollectorStats.ExporterStats e = counters.toStats(false);
        assertThat(e.lostUnits()).isEqualTo(2);
        // 96 flows in 9 datagrams: 2 lost datagrams ≈ 21 flows
        assertThat(e.estimatedLostFlows()).isEqualTo(Math.round(2 * 96.0 / 9));
        assertThat(e.templates()).isEqualTo(2);
        assertThat(e.exporter()).isEqualTo("192.0.2.1");
    }

    @Test
    void ipfixCountsDataRecordsSoLostRecordsAreLostFlows() {
        datagram(10, 0, 40, 40, 1);
        datagram(10, 40, 35, 35, 0);
        datagram(10, 115, 20, 20, 0); // records 75..114 lost
        assertThat(counters.toStats(false).estimatedLostFlows()).isEqualTo(40);
    }

    @Test
    void anExporterSwitchingVersionStartsItsSequenceAfreshAndKeepsItsLoss() {
        datagram(5, 0, 30, 30, 0);
        datagram(5, 60, 30, 30, 0);   // 30 lost
        datagram(9, 5000, 1, 10, 1);  // now v9 on the same domain: a reset, not loss
        datagram(9, 5001, 1, 10, 0);
        CollectorStats.ExporterStats e = counters.toStats(false);
        assertThat(e.version()).isEqualTo(9);
        assertThat(e.estimatedLostFlows()).isEqualTo(30);
        assertThat(e.resets()).isEqualTo(1);
        assertThat(e.sequenceGaps()).isEqualTo(1);
    }
}
