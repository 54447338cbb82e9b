package org.flowsec.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nfdump's own exporter, nfreplay, re-sends the flows of an nfcapd file as NetFlow v5 or v9 to flowsec.
 * The file holds real traffic (softflowd's IPFIX export of two captures, IPv4 and IPv6; not captures whose
 * first flows softflowd stamps with sysUptime 0, which nfdump files as 1970 and nfreplay then cannot put in
 * one v5 header with 2026 flows); flowsec must store
 * exactly the flows nfdump reads from that file (for v5, which carries IPv4 only, its IPv4 flows).
 */
class NfreplayInteropIT {
    private static final Path TRAFFIC = Path.of("../shared/data/traffic-pcaps");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "nfreplay -v {0}")
    @ValueSource(ints = {5, 9})
    void flowsecStoresWhatNfreplaySendsFromAnNfcapdFile(int version) throws Exception {
        assumeTrue(Softflowd.installed() && Nfdump.installed(), "softflowd and nfdump are installed by scripts/test.sh");
        Path dir = tmp.resolve("nfcapd");
        List<JsonNode> recorded;
        int port = Nfdump.freeUdpPort();
        try (Nfdump nfcapd = Nfdump.collector(port, dir)) {
            for (String pcap : List.of("benign/ipfixprobe_mixed.pcap", "p2p/ndpi_bittorrent.pcap")) {
                Softflowd.export(TRAFFIC.resolve(pcap), 10, port, tmp);
            }
            Thread.sleep(200);
            recorded = nfcapd.stopAndRead(version == 5 ? new String[] {"ipv4"} : new String[0]);
        }
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().matches("nfcapd\\.\\d{12}")).findFirst().orElseThrow();
        }
        // The file keeps what nfcapd decoded, times included, so no exporter quirk applies to the replay.
        List<String> theirs = new ArrayList<>();
        recorded.forEach(n -> theirs.add(FlowKeys.nfdump(n, FlowKeys.NfdumpQuirks.NONE)));
        assertThat(theirs).hasSizeGreaterThan(50);

        List<String> ours;
        try (LoopbackCollector flowsec = new LoopbackCollector(tmp.resolve("flowsec"))) {
            Process replay = new ProcessBuilder("nfreplay", "-r", file.toString(), "-H", "127.0.0.1",
                    "-p", Integer.toString(flowsec.port()), "-v", Integer.toString(version))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("nfreplay.log").toFile()).start();
            assertThat(replay.waitFor(60, TimeUnit.SECONDS)).isTrue();
            flowsec.awaitFlows(theirs.size());
            ours = flowsec.stopAndRead((b, r) -> FlowKeys.flowsec(b, r, FlowKeys.NfdumpQuirks.NONE));
        }
        assertThat(ours).containsExactlyInAnyOrderElementsOf(theirs);
    }
}
