package org.flowsec.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every capture under shared/data/netflow-pcaps, replayed through one decoder, yields the datagrams per
 * version, flow records and options records that SOURCES.md lists for it (counts made there with an
 * independent template-tracking parser and checked against tshark). Where we differ, the row says why.
 * Groups of files (template half, then data half) are fed in order through one decoder, with counts
 * checked against tshark on the concatenated files ({@code mergecap -a}).
 *
 * <p>The decoder here keeps templates for a year: SOURCES counts ignore time, and some files (NetScaler)
 * send data days after their templates; the default timeout's effect is tested separately.
 */
class CaptureCountsTest {
    static final DecoderConfig NO_TIMEOUT = DecoderConfig.DEFAULT.withTemplateTimeoutMillis(365L * 86_400_000L)
            .withPending(365L * 86_400_000L, 1024, 4 << 20, 1024, 4 << 20);

    static Stream<Arguments> singleFiles() {
        return Stream.of(
                // SOURCES: 10 flows + 1 set without template; we hold that set and decode its 11 records once
                // template 257 arrives later in the same datagram (header count 24 = 11 + 10 + 3 template/options
                // records)
                row("akvorado/data+templates.pcap", 21, 1, 0, null, versions(9, 1)),
                row("akvorado/data.pcap", 0, 0, 1, null, versions(9, 1)),
                row("akvorado/datalink-data.pcap", 0, 0, 1, null, versions(10, 1)),
                row("akvorado/datalink-template.pcap", 0, 0, 0, null, versions(10, 1)),
                row("akvorado/ethernet-over-mpls-with-control-word-data.pcap", 0, 0, 1, null, versions(10, 1)),
                row("akvorado/ethernet-over-mpls-with-control-word-template.pcap", 0, 0, 0, null, versions(10, 1)),
                row("akvorado/icmp-data.pcap", 0, 0, 1, null, versions(9, 1)),
                row("akvorado/icmp-template.pcap", 2, 0, 0, null, versions(9, 1)),
                row("akvorado/ipfix-srv6-data.pcap", 0, 0, 1, null, versions(10, 1)),
                row("akvorado/ipfix-srv6-template.pcap", 0, 0, 0, null, versions(10, 1)),
                // SOURCES: 105 flows + 10 sets that come before any template; we hold those and decode their 36
                // records once the templates arrive (with the default 10 s pending timeout they expire first:
                // see dataThatWaitsLongerThanThePendingTimeoutCountsAsTemplateMissing)
                row("akvorado/ipfix_v10_with_mpls_labels.pcap", 141, 4, 0, null, versions(10, 38)),
                row("akvorado/ipfixprobe-data.pcap", 0, 0, 1, null, versions(10, 1)),
                row("akvorado/ipfixprobe-templates.pcap", 0, 0, 0, null, versions(10, 1)),
                row("akvorado/juniper-cpid-data.pcap", 0, 0, 1, null, versions(10, 1)),
                row("akvorado/juniper-cpid-template.pcap", 0, 0, 0, null, versions(10, 1)),
                row("akvorado/mpls.pcap", 2, 1, 0, null, versions(10, 1)),
                row("akvorado/multiplesamplingrates-data.pcap", 0, 0, 1, null, versions(9, 1)),
                row("akvorado/multiplesamplingrates-options-data.pcap", 0, 0, 1, null, versions(9, 1)),
                row("akvorado/multiplesamplingrates-options-template.pcap", 0, 0, 0, null, versions(9, 1)),
                row("akvorado/multiplesamplingrates-template.pcap", 0, 0, 0, null, versions(9, 1)),
                row("akvorado/nat.pcap", 9, 0, 0, null, versions(9, 1)),
                row("akvorado/nfv5.pcap", 29, 0, 0, null, versions(5, 1)),
                row("akvorado/options-data.pcap", 0, 0, 1, null, versions(9, 1)),
                row("akvorado/options-template.pcap", 0, 0, 0, null, versions(9, 1)),
                row("akvorado/physicalinterfaces.pcap", 8, 1, 0, null, versions(10, 1)),
                row("akvorado/samplingrate-data.pcap", 0, 0, 1, null, versions(9, 1)),
                row("akvorado/samplingrate-template.pcap", 0, 0, 0, null, versions(9, 1)),
                row("akvorado/template.pcap", 0, 0, 0, null, versions(9, 1)),
                row("graylog/netflow5.pcap", 4, 0, 0, null, versions(5, 3)),
                row("graylog/netflow9.pcap", 21, 1, 0, null, versions(9, 9)),
                row("graylog/netgraph-netflow5.pcap", 120, 0, 0, null, versions(5, 4)),
                row("graylog/nprobe-netflow9-2.pcap", 6, 1, 0, null, versions(9, 3)),
                row("graylog/nprobe-netflow9-3.pcap", 892, 6, 0, null, versions(9, 72)),
                // SOURCES: 1 flow + 2 data flowsets before the templates; held, they add 14 flows once
                // templates 257/258 arrive
                row("graylog/nprobe-netflow9-4.pcap", 15, 1, 0, null, versions(9, 4)),
                row("graylog/nprobe-netflow9.pcap", 152, 2, 0, null, versions(5, 5, 9, 4)),
                row("graylog/pmacctd-netflow5.pcap", 42, 0, 0, null, versions(5, 3)),
                row("graylog/pmacctd-netflow9.pcap", 6, 0, 0, null, versions(9, 2)),
                row("logstash/ipfix_barracuda.pcap", 8, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_barracuda_extended_uniflow.pcap", 2, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_basic.pcap", 12, 1, 0, null, versions(10, 3)),
                row("logstash/ipfix_ixia.pcap", 3, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_juniper_mx240_opttpl.pcap", 0, 1, 0, null, versions(10, 2)),
                row("logstash/ipfix_mikrotik.pcap", 46, 0, 0, null, versions(10, 3)),
                // data comes 15 days after the templates: matches only with the long table timeout (see
                // templatesExpireWhenNotRefreshed)
                row("logstash/ipfix_netscaler_varlen.pcap", 3, 0, 1, null, versions(10, 2)),
                row("logstash/ipfix_nokia_bras.pcap", 1, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_openbsd_pflow.pcap", 26, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_procera.pcap", 8, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_viptela.pcap", 1, 0, 0, null, versions(10, 2)),
                row("logstash/ipfix_vmware_vds.pcap", 5, 0, 0, null, versions(10, 4)),
                row("logstash/ipfix_yaf.pcap", 2, 1, 0, null, versions(10, 5)),
                // header claims 55582 records: rejected whole as BAD_HEADER (v5 allows 30)
                row("logstash/nf5_invalid01.pcap", 0, 0, 0, "BAD_HEADER", versions(5, 1)),
                // header claims 163 records: rejected whole as BAD_HEADER (v5 allows 30)
                row("logstash/nf5_invalid02.pcap", 0, 0, 0, "BAD_HEADER", versions(5, 1)),
                row("logstash/nf5_juniper_mx80.pcap", 29, 0, 0, null, versions(5, 1)),
                row("logstash/nf5_mikrotik.pcap", 30, 0, 0, null, versions(5, 1)),
                row("logstash/nf5_softflowd.pcap", 30, 0, 0, null, versions(5, 12)),
                row("logstash/nf9_0length_fields.pcap", 10, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_cisco_1941K9.pcap", 29, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_cisco_aci.pcap", 3, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_cisco_asa_1.pcap", 14, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_cisco_asa_2.pcap", 19, 0, 0, null, versions(9, 3)),
                row("logstash/nf9_cisco_asr1001x_tpl259.pcap", 25, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_cisco_asr9k_misc_templates.pcap", 0, 0, 0, null, versions(9, 3)),
                row("logstash/nf9_cisco_asr9k_opttpl256.pcap", 0, 19, 0, null, versions(9, 2)),
                row("logstash/nf9_cisco_asr9k_tpl260.pcap", 21, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_cisco_nbar.pcap", 5, 15, 0, null, versions(9, 3)),
                row("logstash/nf9_cisco_wlc.pcap", 19, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_cisco_wlc_8510_tpl.pcap", 0, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_fortigate_521.pcap", 1, 1, 0, null, versions(9, 3)),
                row("logstash/nf9_fortigate_542_appid.pcap", 17, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_h3c.pcap", 16, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_h3c_netstream_varstring.pcap", 1, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_huawei_netstream.pcap", 1, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_invalid01.pcap", 2, 1, 0, null, versions(9, 1)),
                row("logstash/nf9_iptnetflow_reduced_size.pcap", 12, 0, 6, null, versions(9, 1)),
                row("logstash/nf9_juniper_srx_opttpl.pcap", 0, 1, 0, null, versions(9, 1)),
                row("logstash/nf9_layer2segmentid.pcap", 1, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_macaddr.pcap", 29, 1, 0, null, versions(9, 2)),
                row("logstash/nf9_nprobe.pcap", 1, 1, 0, null, versions(9, 2)),
                row("logstash/nf9_nprobe_dpi.pcap", 1, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_paloalto_81.pcap", 1, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_paloalto_panos.pcap", 8, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_softflowd_tpl_data.pcap", 7, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_softflowd_valid01.pcap", 7, 0, 0, null, versions(9, 1)),
                row("logstash/nf9_streamcore.pcap", 4, 0, 0, null, versions(9, 2)),
                row("logstash/nf9_ubnt_edgerouter_mpls.pcap", 16, 0, 0, null, versions(9, 3)),
                row("logstash/nf9_unknown_tpl266_292.pcap", 2, 0, 0, null, versions(9, 1)),
                row("ndpi/netflow-fritz.pcap", 0, 0, 0, null, versions(10, 1)),
                row("ndpi/netflowv9.pcap", 0, 0, 23, null, versions(9, 10)),
                // sFlow v5, not NetFlow: its first 16 bits are 0, each of the 9 datagrams counts UNKNOWN_VERSION
                row("ndpi/sflow.pcap", 0, 0, 0, "UNKNOWN_VERSION", versions(0, 9)),
                row("netgauze/srv6.pcap", 86, 86, 0, null, versions(10, 170)),
                row("pmacct/100-IPFIXv10-CISCO_traffic-00.pcap", 12, 0, 0, null, versions(10, 6)),
                row("pmacct/101-NFv9-CISCO-cust_primitives_traffic-00.pcap", 51, 0, 0, null, versions(9, 40)),
                row("pmacct/102-NFv9-CISCO-f2rd-pretag-sampling-reload_traffic-00.pcap", 35, 0, 0, null, versions(9, 25)),
                row("pmacct/104-IPFIXv10-IPv6-CISCO-sampling_option_traffic-00.pcap", 3, 1, 0, null, versions(10, 5)),
                row("pmacct/106-IPFIXv10-HUAWEI-vrf_name_traffic-00.pcap", 3, 1, 0, null, versions(10, 6)),
                row("pmacct/111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources_traffic-00.pcap", 11, 0, 0, null, versions(9, 11)),
                row("pmacct/111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources_traffic-01.pcap", 13, 0, 0, null, versions(10, 11)),
                // SOURCES: 6 sets reference template 347 before it is defined; we hold them: 2 are decoded when
                // 347 arrives (9 flows), the 4 others still wait at the end of the capture
                row("pmacct/112-IPFIXv10-CISCO-options-map-reassignment_traffic-00.pcap", 9, 76, 4, null, versions(10, 21)),
                row("pmacct/400-IPFIXv10-BMP-CISCO-SRv6-multiple-sources_traffic-00.pcap", 657, 338, 0, null, versions(10, 583)),
                row("pmacct/400-IPFIXv10-BMP-CISCO-SRv6-multiple-sources_traffic-01.pcap", 109, 338, 0, null, versions(10, 277)),
                row("pmacct/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources_traffic-00.pcap", 748, 351, 0, null, versions(10, 596)),
                row("pmacct/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources_traffic-01.pcap", 716, 351, 0, null, versions(10, 622)),
                row("pmacct/403-IPFIXv10-BMP-IPv6-CISCO-locrib-peerdown-vrf_traffic-00.pcap", 480, 324, 0, null, versions(10, 357)),
                row("pmacct/500-IPFIXv10-BGP-CISCO-SRv6_traffic-00.pcap", 43, 10, 0, null, versions(10, 40)),
                row("pmacct/501-IPFIXv10-BGP-IPv6-CISCO-MPLS_traffic-00.pcap", 74, 39, 0, null, versions(10, 66)),
                row("pmacct/502-IPFIXv10-BGP-IPv6-CISCO-SRv6-lcomms_traffic-00.pcap", 75, 39, 0, null, versions(10, 64)),
                row("scapy/ipfix.pcap", 1, 0, 0, null, versions(10, 3)),
                row("scapy/netflowv9.pcap", 24, 1, 0, null, versions(9, 5)),
                row("telegraf/ipfix_example.pcap", 29, 2, 0, null, versions(10, 7)),
                row("telegraf/ipfix_options.pcap", 0, 126, 0, null, versions(10, 9)),
                row("telegraf/ipfix_pen_35632.pcap", 2, 0, 0, null, versions(10, 4)),
                // the last data set overruns the message length (290): the record before it is kept, the set
                // counts BAD_SET
                row("telegraf/issue_14370.pcap", 1, 0, 0, "BAD_SET", versions(10, 1)),
                row("telegraf/netflow_v5_example.pcap", 8, 0, 0, null, versions(5, 1)),
                row("telegraf/netflow_v9_example.pcap", 8, 0, 0, null, versions(9, 1)),
                row("telegraf/netflow_v9_options.pcap", 0, 8, 0, null, versions(9, 1)));
    }

    static Stream<Arguments> groups() {
        return Stream.of(
                // tshark on the concatenation: 4 flows
                group(new String[] {"akvorado/template.pcap", "akvorado/data.pcap"}, 4, 0, versions(9, 2)),
                // tshark: 1 flow; the dataLinkFrameSection (IE 315, variable length) is skipped by length
                group(new String[] {"akvorado/datalink-template.pcap", "akvorado/datalink-data.pcap"}, 1, 0, versions(10, 2)),
                // tshark: 10 flows
                group(new String[] {"akvorado/ethernet-over-mpls-with-control-word-template.pcap",
                        "akvorado/ethernet-over-mpls-with-control-word-data.pcap"}, 10, 0, versions(10, 2)),
                // tshark: 4 flows (2 in the template file, 2 in the data file)
                group(new String[] {"akvorado/icmp-template.pcap", "akvorado/icmp-data.pcap"}, 4, 0, versions(9, 2)),
                // tshark: 1 flow
                group(new String[] {"akvorado/ipfix-srv6-template.pcap", "akvorado/ipfix-srv6-data.pcap"}, 1, 0, versions(10, 2)),
                // tshark: 4 flows, enterprise fields of PEN 29305 skipped by length
                group(new String[] {"akvorado/ipfixprobe-templates.pcap", "akvorado/ipfixprobe-data.pcap"}, 4, 0, versions(10, 2)),
                // tshark: 1 flow
                group(new String[] {"akvorado/juniper-cpid-template.pcap", "akvorado/juniper-cpid-data.pcap"}, 1, 0, versions(10, 2)),
                // tshark: 4 records, all options data (sampling interval)
                group(new String[] {"akvorado/options-template.pcap", "akvorado/options-data.pcap"}, 0, 4, versions(9, 2)),
                // tshark: 6 flows
                group(new String[] {"akvorado/samplingrate-template.pcap", "akvorado/samplingrate-data.pcap"}, 6, 0, versions(9, 2)),
                // tshark: 14 records = 2 sampler options records + 12 flows
                group(new String[] {"akvorado/multiplesamplingrates-template.pcap",
                        "akvorado/multiplesamplingrates-options-template.pcap",
                        "akvorado/multiplesamplingrates-options-data.pcap",
                        "akvorado/multiplesamplingrates-data.pcap"}, 12, 2, versions(9, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleFiles")
    void eachCaptureDecodesToTheCountsItsSourceDocuments(String file, int flows, int options, int undecodedSets,
                                                           String thrown, Map<Integer, Integer> versions) {
        CaptureReplay r = new CaptureReplay(SamplingPolicy.EXPORTED, NO_TIMEOUT).feed(file);
        assertThat(r.datagramsByVersion).as("datagrams per version").isEqualTo(versions);
        assertThat(r.flows.size()).as("flow records").isEqualTo(flows);
        assertThat(r.optionsRecords()).as("options records").isEqualTo(options);
        assertThat(r.undecodedSets()).as("data sets without a template").isEqualTo(undecodedSets);
        if (thrown == null) {
            assertThat(r.thrown).as("errors").isEmpty();
        } else {
            assertThat(r.thrown).as("errors").containsOnlyKeys(DecodeError.valueOf(thrown));
        }
        assertThat(r.decoder.stats().snapshot().stream().mapToLong(DomainStats::flows).sum())
                .as("flows counted in the stats").isEqualTo(flows);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void templateHalvesFedFirstLetTheirDataHalvesDecode(String[] files, int flows, int options,
                                                        Map<Integer, Integer> versions) {
        CaptureReplay r = new CaptureReplay(SamplingPolicy.EXPORTED, NO_TIMEOUT).feed(files);
        assertThat(r.datagramsByVersion).isEqualTo(versions);
        assertThat(r.flows.size()).as("flow records").isEqualTo(flows);
        assertThat(r.optionsRecords()).as("options records").isEqualTo(options);
        assertThat(r.undecodedSets()).isZero();
        assertThat(r.thrown).isEmpty();
    }

    private static Arguments row(String file, int flows, int options, int undecoded, String thrown,
                                 Map<Integer, Integer> versions) {
        return Arguments.of(file, flows, options, undecoded, thrown, versions);
    }

    private static Arguments group(String[] files, int flows, int options, Map<Integer, Integer> versions) {
        return Arguments.of(files, flows, options, versions);
    }

    private static Map<Integer, Integer> versions(int... versionCount) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (int i = 0; i < versionCount.length; i += 2) {
            m.put(versionCount[i], versionCount[i + 1]);
        }
        return m;
    }
}
