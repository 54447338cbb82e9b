package org.flowsec.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** Decoded values of real captures, checked against what tshark 4.0 shows for the same bytes. */
class GoldenDecodeTest {

    private static boolean is(FlowBatch b, Field f, int row, String address) {
        InetAddress a = Addresses.parse(address);
        return b.hi(f, row) == Addresses.hi(a) && b.lo(f, row) == Addresses.lo(a);
    }

    private static int row(FlowBatch b, String src, String dst) {
        for (int r = 0; r < b.size(); r++) {
            if (is(b, Field.SRC_ADDR, r, src) && is(b, Field.DST_ADDR, r, dst)) {
                return r;
            }
        }
        throw new AssertionError("no flow " + src + " -> " + dst);
    }

    @Test
    void dataThatArrivesBeforeItsTemplateIsDecodedWhenTheTemplateComes() {
        CaptureReplay r = new CaptureReplay().feed("akvorado/data+templates.pcap");
        FlowBatch b = r.flows;
        assertThat(b.size()).isEqualTo(21);
        // tshark, flow 1 of the set after template 257: 436 octets, 1 packet, start = end = uptime 116800.990 s,
        // header uptime 116860.520 s at 2023-05-14 17:29:32 UTC; options data says 1-in-100 random sampling
        int row = row(b, "120.120.180.202", "120.120.147.170");
        assertThat(b.get(Field.BYTES, row)).isEqualTo(436 * 100);
        assertThat(b.get(Field.PACKETS, row)).isEqualTo(100);
        assertThat(b.get(Field.SAMPLING, row)).isEqualTo(100);
        assertThat(b.get(Field.FIRST, row)).isEqualTo(1_684_085_372_000L - (116_860_520 - 116_800_990));
        assertThat(b.formatAddress(Field.EXPORTER, row)).isEqualTo("102.102.144.1");
        // the 11 held records were decoded with the same template and sampling
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.get(Field.SAMPLING, i)).isEqualTo(100);
            assertThat(b.formatAddress(Field.SRC_ADDR, i)).startsWith("120.120.");
        }
        DomainStats s = r.decoder.stats().snapshot().get(0);
        assertThat(s.pendingDecoded()).isEqualTo(1);
        assertThat(s.pendingSets()).isZero();
        assertThat(s.templatesActive()).isEqualTo(2);
        assertThat(s.totalErrors()).isZero();
    }

    @Test
    void aSamplingIntervalInTheRecordScalesItsCounters() {
        CaptureReplay r = new CaptureReplay().feed("akvorado/samplingrate-template.pcap", "akvorado/samplingrate-data.pcap");
        FlowBatch b = r.flows;
        assertThat(b.size()).isEqualTo(6);
        // tshark flow 1: 1 packet, 160 octets, sampling interval 2048 (random)
        assertThat(b.get(Field.PACKETS, 0)).isEqualTo(2048);
        assertThat(b.get(Field.BYTES, 0)).isEqualTo(160 * 2048);
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.get(Field.SAMPLING, i)).isEqualTo(2048);
        }
    }

    @Test
    void recordsNamingASamplerUseThatSamplersRate() {
        CaptureReplay r = new CaptureReplay().feed("akvorado/multiplesamplingrates-template.pcap",
                "akvorado/multiplesamplingrates-options-template.pcap",
                "akvorado/multiplesamplingrates-options-data.pcap", "akvorado/multiplesamplingrates-data.pcap");
        FlowBatch b = r.flows;
        assertThat(b.size()).isEqualTo(12);
        // options data: sampler 1 = 1 in 2000, sampler 2 = 1 in 4000; tshark shows 11 flows of sampler 1, 1 of 2
        List<Long> rates = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            rates.add(b.get(Field.SAMPLING, i));
            assertThat(b.get(Field.PACKETS, i) % b.get(Field.SAMPLING, i)).isZero();
            assertThat(b.get(Field.BYTES, i) % b.get(Field.SAMPLING, i)).isZero();
        }
        assertThat(rates).containsOnly(2000L, 4000L);
        assertThat(rates.stream().filter(x -> x == 4000L).count()).isEqualTo(1);
        // tshark flow 8: ffff::60 port 443, 2 packets, 2556 octets, sampler 1; IPv6 addresses decoded whole
        int row = -1;
        for (int i = 0; i < b.size(); i++) {
            if (is(b, Field.SRC_ADDR, i, "ffff::60")) {
                row = i;
            }
        }
        assertThat(row).isNotNegative();
        assertThat(b.get(Field.SRC_PORT, row)).isEqualTo(443);
        assertThat(b.get(Field.PACKETS, row)).isEqualTo(2 * 2000);
        assertThat(b.get(Field.BYTES, row)).isEqualTo(2556 * 2000);
    }

    @Test
    void anOverrideInTheSamplingPolicyBeatsWhatTheExporterSays() {
        CaptureReplay r = new CaptureReplay((hi, lo, exported) -> 7).feed("akvorado/samplingrate-template.pcap",
                "akvorado/samplingrate-data.pcap");
        assertThat(r.flows.get(Field.SAMPLING, 0)).isEqualTo(7);
        assertThat(r.flows.get(Field.PACKETS, 0)).isEqualTo(7);
        assertThat(r.flows.get(Field.BYTES, 0)).isEqualTo(160 * 7);
    }

    @Test
    void icmpTypeAndCodeComeFromTheTemplateOrTheDestinationPort() {
        CaptureReplay r = new CaptureReplay().feed("akvorado/icmp-template.pcap", "akvorado/icmp-data.pcap");
        FlowBatch b = r.flows;
        assertThat(b.size()).isEqualTo(4);
        // IPv6 echo request / reply between 2001:db8:: and 2001:db8::1 (ICMPv6 types 128 / 129)
        int v6 = row(b, "2001:db8::", "2001:db8::1");
        assertThat(b.get(Field.PROTO, v6)).isEqualTo(58);
        assertThat(b.get(Field.ICMP_TYPE, v6)).isEqualTo(128);
        assertThat(b.get(Field.ICMP_CODE, v6)).isZero();
        assertThat(b.get(Field.ICMP_TYPE, row(b, "2001:db8::1", "2001:db8::"))).isEqualTo(129);
        // IPv4: tshark shows destination port 2048 = type 8 (echo request), code 0
        int v4 = row(b, "203.0.113.4", "203.0.113.5");
        assertThat(b.get(Field.PROTO, v4)).isEqualTo(1);
        assertThat(b.get(Field.DST_PORT, v4)).isEqualTo(2048);
        assertThat(b.get(Field.ICMP_TYPE, v4)).isEqualTo(8);
        assertThat(b.get(Field.ICMP_CODE, v4)).isZero();
        assertThat(b.get(Field.ICMP_TYPE, row(b, "203.0.113.5", "203.0.113.4"))).isZero();
        assertThat(b.get(Field.BYTES, v4)).isEqualTo(84);
        assertThat(b.get(Field.DIRECTION, v4)).isZero();
    }

    @Test
    void templatesExpireWhenNotRefreshedWithinTheTimeout() {
        // NetScaler sends its templates on 2016-10-27 and the data 15 days later
        CaptureReplay r = new CaptureReplay().feed("logstash/ipfix_netscaler_varlen.pcap");
        assertThat(r.flows.size()).isZero();
        DomainStats s = r.decoder.stats().snapshot().get(0);
        assertThat(s.templatesExpired()).isGreaterThanOrEqualTo(1);
        assertThat(s.templatesReceived()).isEqualTo(7);
        assertThat(r.decoder.templateState().pendingSets()).isEqualTo(4);
    }

    @Test
    void dataThatWaitsLongerThanThePendingTimeoutCountsAsTemplateMissing() {
        // the first 10 data sets come more than 10 s (the default pending timeout) before any template
        CaptureReplay r = new CaptureReplay().feed("akvorado/ipfix_v10_with_mpls_labels.pcap");
        assertThat(r.flows.size()).isEqualTo(105);
        assertThat(r.errors(DecodeError.TEMPLATE_MISSING)).isEqualTo(10);
    }

    @Test
    void twoExportersReusingATemplateIdDoNotMixTheirTemplates() {
        // scapy's capture holds two exporters (192.168.100.1 and .10) and graylog's nprobe capture a v5 and a v9 one
        CaptureReplay r = new CaptureReplay().feed("graylog/nprobe-netflow9.pcap", "scapy/netflowv9.pcap");
        assertThat(r.flows.size()).isEqualTo(152 + 24);
        assertThat(r.decoder.stats().snapshot()).extracting(s -> s.exporterLo() & 0xFFFF_FFFFL).hasSizeGreaterThan(2);
    }
}
