package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference collector, nfdump 1.7's nfcapd on loopback, must store exactly the flows that
 * {@link FlowSender} sent: same count, addresses, ports, protocol, packets, bytes, interfaces, AS numbers
 * and millisecond times, with no sequence errors.
 */
class NfcapdReceivesGeneratedExportsIT {
    private static final int FLOWS = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {5, 9, 10})
    void nfdumpShowsExactlyTheGeneratedFlows(int version) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path store = Files.createDirectories(dir.resolve("flows"));
        Path log = dir.resolve("nfcapd.log");
        Process nfcapd = new ProcessBuilder("nfcapd", "-w", store.toString(), "-b", "127.0.0.1", "-p", Integer.toString(port), "-t", "60")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SendResult sent;
        GeneratorConfig config = GeneratorConfig.of(new InetSocketAddress("127.0.0.1", port), version, FLOWS)
                .withRate(50_000).withSeed(99).withDomain(0x0102);
        long start = System.currentTimeMillis();
        try {
            awaitStartup(nfcapd, log);
            sent = new FlowSender(() -> start).run(config, ProgressListener.NONE);
            Thread.sleep(500); // let nfcapd drain its socket before it is told to stop
        } finally {
            nfcapd.destroy(); // SIGTERM: nfcapd flushes and closes its file
            assertThat(nfcapd.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sent.flows()).isEqualTo(FLOWS);
        assertStoredWithoutSequenceErrors(log, FLOWS);

        ProcessBuilder dump = new ProcessBuilder("nfdump", "-R", store.toString(), "-o", "json").redirectError(ProcessBuilder.Redirect.DISCARD);
        dump.environment().put("TZ", "UTC"); // nfdump prints local time without a zone
        Process nfdump = dump.start();
        JsonNode records = new ObjectMapper().readTree(nfdump.getInputStream());
        assertThat(nfdump.waitFor(30, TimeUnit.SECONDS)).isTrue();

        FlowBatch expected = new FlowBatch(FLOWS);
        new RealisticFlowModel(config.seed(), start, config.modelRate(), config.ipv6Share()).fill(expected, FLOWS);
        assertThat(records.size()).isEqualTo(FLOWS);
        for (int r = 0; r < FLOWS; r++) {
            JsonNode n = records.get(r);
            String what = "v" + version + " flow " + r + ": " + n;
            boolean v4 = Addresses.isV4(expected.hi(Field.SRC_ADDR, r), expected.lo(Field.SRC_ADDR, r));
            assertThat(Addresses.parse(n.path(v4 ? "src4_addr" : "src6_addr").asText())).as(what)
                    .isEqualTo(Addresses.parse(expected.formatAddress(Field.SRC_ADDR, r)));
            assertThat(Addresses.parse(n.path(v4 ? "dst4_addr" : "dst6_addr").asText())).as(what)
                    .isEqualTo(Addresses.parse(expected.formatAddress(Field.DST_ADDR, r)));
            assertThat(n.path("proto").asLong()).as(what).isEqualTo(expected.get(Field.PROTO, r));
            assertThat(n.path("in_packets").asLong()).as(what).isEqualTo(expected.get(Field.PACKETS, r));
            assertThat(n.path("in_bytes").asLong()).as(what).isEqualTo(expected.get(Field.BYTES, r));
            assertThat(n.path("src_port").asLong()).as(what).isEqualTo(expected.get(Field.SRC_PORT, r));
            if (!isIcmp(expected, r)) { // nfdump moves ICMP type/code out of the port
                assertThat(n.path("dst_port").asLong()).as(what).isEqualTo(expected.get(Field.DST_PORT, r));
            }
            assertThat(n.path("input_snmp").asLong()).as(what).isEqualTo(expected.get(Field.IN_IF, r));
            assertThat(n.path("output_snmp").asLong()).as(what).isEqualTo(expected.get(Field.OUT_IF, r));
            assertThat(n.path("src_as").asLong()).as(what).isEqualTo(expected.get(Field.SRC_AS, r));
            assertThat(n.path("dst_as").asLong()).as(what).isEqualTo(expected.get(Field.DST_AS, r));
            assertThat(millis(n.path("first").asText())).as(what).isEqualTo(expected.get(Field.FIRST, r));
            assertThat(millis(n.path("last").asText())).as(what).isEqualTo(expected.get(Field.LAST, r));
        }
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {5, 9, 10})
    void aRingReplayedInLapsReachesNfcapdWithoutSequenceErrors(int version) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path store = Files.createDirectories(dir.resolve("flows"));
        Path log = dir.resolve("nfcapd.log");
        Process nfcapd = new ProcessBuilder("nfcapd", "-w", store.toString(), "-b", "127.0.0.1", "-p", Integer.toString(port), "-t", "60")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // five datagrams replayed about forty times, ending inside a datagram
        GeneratorConfig config = GeneratorConfig.of(new InetSocketAddress("127.0.0.1", port), version, 4321)
                .withRate(50_000).withRingDatagrams(5);
        try {
            awaitStartup(nfcapd, log);
            assertThat(new FlowSender().run(config, ProgressListener.NONE).flows()).isEqualTo(4321);
            Thread.sleep(500);
        } finally {
            nfcapd.destroy();
            assertThat(nfcapd.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertStoredWithoutSequenceErrors(log, 4321);
    }

    /** nfcapd logs one summary per file it closed; a run that crosses a rotation boundary writes two. */
    private static void assertStoredWithoutSequenceErrors(Path log, long flows) throws IOException {
        Matcher m = Pattern.compile("Flows: (\\d+), .* Sequence Errors: (\\d+)").matcher(Files.readString(log));
        long stored = 0;
        long sequenceErrors = 0;
        while (m.find()) {
            stored += Long.parseLong(m.group(1));
            sequenceErrors += Long.parseLong(m.group(2));
        }
        assertThat(stored).as(Files.readString(log)).isEqualTo(flows);
        assertThat(sequenceErrors).as(Files.readString(log)).isZero();
    }

    private static boolean isIcmp(FlowBatch b, int r) {
        long p = b.get(Field.PROTO, r);
        return p == 1 || p == 58;
    }

    private static long millis(String nfdumpUtcTime) {
        return LocalDateTime.parse(nfdumpUtcTime).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static void awaitStartup(Process nfcapd, Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(log) && Files.readString(log).contains("Startup")) {
                return;
            }
            assertThat(nfcapd.isAlive()).as("nfcapd is running: " + (Files.exists(log) ? Files.readString(log) : "")).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("nfcapd did not start: " + Files.readString(log));
    }
}
