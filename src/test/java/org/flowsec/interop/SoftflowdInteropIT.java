package org.flowsec.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flowsec.app.CollectorService;
import org.flowsec.app.SamplingRates;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;
import org.flowsec.store.ScanHints;
import org.flowsec.store.StoreConfig;
import org.flowsec.store.StoreReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * softflowd (Debian's 1.1.0) meters real traffic captures and exports them as NetFlow v5, v9 and IPFIX
 * over loopback, once to flowsec's collector and once to nfdump's nfcapd. Every flow flowsec stores must
 * equal one nfdump stores — times to the millisecond, addresses, ports or ICMP type/code, protocol,
 * flags, ToS, interfaces, packets and bytes — and the two collections must be the same multiset.
 */
class SoftflowdInteropIT {
    private static final Path TRAFFIC = Path.of("../shared/data/traffic-pcaps");

    @TempDir
    Path tmp;

    static Stream<Arguments> exports() {
        List<Arguments> args = new ArrayList<>();
        for (String pcap : List.of("benign/ipfixprobe_mixed.pcap", "scans/esnet_nmap_80_vanilla.pcap",
                "bruteforce/slips_malicious-ssh-bruteforce.pcap", "p2p/ndpi_bittorrent.pcap",
                "sweeps/slips_test12-icmp-portscan.pcap")) {
            for (int version : new int[] {5, 9, 10}) {
                args.add(Arguments.of(pcap, version));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} as v{1}")
    @MethodSource("exports")
    void flowsecStoresExactlyTheFlowsNfcapdStores(String pcap, int version) throws Exception {
        assumeTrue(Softflowd.installed() && Nfdump.installed(), "softflowd and nfdump are installed by scripts/test.sh");
        Path capture = TRAFFIC.resolve(pcap);
        assumeTrue(Files.isReadable(capture), "the shared captures are beside the checkout");

        List<String> theirs = new ArrayList<>();
        int nfPort = Nfdump.freeUdpPort();
        try (Nfdump nfcapd = Nfdump.collector(nfPort, tmp.resolve("nfcapd"))) {
            Softflowd.export(capture, version, nfPort, tmp);
            Thread.sleep(200); // let nfcapd read its socket before SIGTERM
            for (JsonNode n : nfcapd.stopAndRead()) {
                theirs.add(nfdumpKey(n));
            }
        }

        Path store = tmp.resolve("flowsec");
        CollectorService service = new CollectorService(new CollectorService.Settings(store,
                CollectorConfig.defaults().withListen(List.of("127.0.0.1:0")), StoreConfig.DEFAULTS,
                DecoderConfig.DEFAULT, new SamplingRates(1, java.util.Map.of())), Clock.SYSTEM);
        service.start();
        try {
            Softflowd.export(capture, version, service.localAddresses().get(0).getPort(), tmp);
            waitForFlows(service, theirs.size());
        } finally {
            service.close();
        }
        List<String> ours = new ArrayList<>();
        StoreReader.open(store).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> {
            for (int r = 0; r < b.size(); r++) {
                ours.add(flowsecKey(b, r));
            }
            return true;
        });

        assertThat(theirs).as("nfcapd received flows from softflowd").isNotEmpty();
        assertThat(ours).containsExactlyInAnyOrderElementsOf(theirs);
    }

    private static void waitForFlows(CollectorService service, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.stats().totals().flows() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static String nfdumpKey(JsonNode n) {
        int proto = n.get("proto").asInt();
        String src = n.has("src4_addr") ? n.get("src4_addr").asText() : n.get("src6_addr").asText();
        String dst = n.has("dst4_addr") ? n.get("dst4_addr").asText() : n.get("dst6_addr").asText();
        String ports = Protocols.isIcmp(proto)
                ? "icmp " + n.get("icmp_type").asInt() + "." + n.get("icmp_code").asInt()
                : n.get("src_port").asInt() + ">" + n.get("dst_port").asInt();
        String flags = n.has("tcp_flags") ? n.get("tcp_flags").asText() : "........";
        return String.join(" ", millis(n.get("first").asText()), millis(n.get("last").asText()), src, dst, ports,
                Integer.toString(proto), proto == Protocols.TCP ? flags : "-", n.get("src_tos").asText(),
                n.get("input_snmp").asText(), n.get("output_snmp").asText(),
                n.get("in_packets").asText(), n.get("in_bytes").asText());
    }

    private static String flowsecKey(FlowBatch b, int r) {
        int proto = (int) b.get(Field.PROTO, r);
        String ports = Protocols.isIcmp(proto)
                ? "icmp " + b.get(Field.ICMP_TYPE, r) + "." + b.get(Field.ICMP_CODE, r)
                : b.get(Field.SRC_PORT, r) + ">" + b.get(Field.DST_PORT, r);
        return String.join(" ", Long.toString(b.get(Field.FIRST, r)), Long.toString(b.get(Field.LAST, r)),
                b.formatAddress(Field.SRC_ADDR, r), b.formatAddress(Field.DST_ADDR, r), ports, Integer.toString(proto),
                proto == Protocols.TCP ? org.flowsec.render.TcpFlags.text((int) b.get(Field.TCP_FLAGS, r)) : "-",
                Long.toString(b.get(Field.TOS, r)), Long.toString(b.get(Field.IN_IF, r)),
                Long.toString(b.get(Field.OUT_IF, r)), Long.toString(b.get(Field.PACKETS, r)),
                Long.toString(b.get(Field.BYTES, r)));
    }

    /** nfdump prints local time without a zone; its process runs with TZ=UTC (see Nfdump). */
    private static String millis(String nfdumpTime) {
        return Long.toString(LocalDateTime.parse(nfdumpTime).toInstant(ZoneOffset.UTC).toEpochMilli());
    }
}
