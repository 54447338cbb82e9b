package org.flowsec.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wireshark's NetFlow/IPFIX dissector, an independent implementation, must read every generated flow with
 * the values the model produced, and find nothing malformed, no expert warnings (which include its
 * sequence-number analysis) and no record it cannot tie to a template.
 */
class TsharkReadsGeneratedExportsIT {
    private static final String[] FIELDS = {"cflow.srcaddr", "cflow.srcaddrv6", "cflow.dstaddr", "cflow.dstaddrv6",
        "cflow.srcport", "cflow.dstport", "cflow.protocol", "cflow.packets", "cflow.octets", "cflow.tcpflags",
        "cflow.inputint", "cflow.outputint", "cflow.srcas", "cflow.dstas", "cflow.abstimestart", "cflow.abstimeend"};
    private static final DateTimeFormatter TSHARK_TIME =
            DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSSSSSSSS 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {5, 9, 10})
    void tsharkDecodesEveryFlowWithTheGeneratedValues(int version) throws Exception {
        EncodedExport export = EncodedExport.of(version, 11, 600, version == 5 ? 0 : 0.25);
        int port = version == 10 ? 4739 : 2055;
        Path pcap = dir.resolve("v" + version + ".pcap");
        try (PcapWriter w = new PcapWriter(pcap, GoldenFlows.ip(127, 0, 0, 1), GoldenFlows.ip(127, 0, 0, 1), port)) {
            for (ByteBuffer d : export.datagrams()) {
                w.write(d, GoldenFlows.EXPORT);
            }
        }
        List<String> fieldArgs = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==" + port + ",cflow",
                "-T", "fields", "-E", "separator=|", "-E", "aggregator=;", "-E", "occurrence=a"));
        for (String f : FIELDS) {
            fieldArgs.add("-e");
            fieldArgs.add(f);
        }
        List<String> lines = run(fieldArgs);
        assertThat(lines).hasSize(export.datagrams().size());

        FlowBatch flows = export.flows();
        for (int p = 0; p < lines.size(); p++) {
            String[] cols = lines.get(p).split("\\|", -1);
            Iterator<String> src4 = values(cols[0]);
            Iterator<String> src6 = values(cols[1]);
            Iterator<String> dst4 = values(cols[2]);
            Iterator<String> dst6 = values(cols[3]);
            List<Iterator<String>> rest = new ArrayList<>();
            for (int c = 4; c < cols.length; c++) {
                rest.add(values(cols[c]));
            }
            int[] range = export.rows().get(p);
            for (int r = range[0]; r < range[1]; r++) {
                boolean v4 = Addresses.isV4(flows.hi(Field.SRC_ADDR, r), flows.lo(Field.SRC_ADDR, r));
                String what = "v" + version + " datagram " + p + " row " + r;
                assertThat(Addresses.parse((v4 ? src4 : src6).next())).as(what)
                        .isEqualTo(Addresses.parse(flows.formatAddress(Field.SRC_ADDR, r)));
                assertThat(Addresses.parse((v4 ? dst4 : dst6).next())).as(what)
                        .isEqualTo(Addresses.parse(flows.formatAddress(Field.DST_ADDR, r)));
                long[] expected = {flows.get(Field.SRC_PORT, r), flows.get(Field.DST_PORT, r), flows.get(Field.PROTO, r),
                    flows.get(Field.PACKETS, r), flows.get(Field.BYTES, r), flows.get(Field.TCP_FLAGS, r),
                    flows.get(Field.IN_IF, r), flows.get(Field.OUT_IF, r), flows.get(Field.SRC_AS, r), flows.get(Field.DST_AS, r)};
                for (int i = 0; i < expected.length; i++) {
                    assertThat(Long.decode(rest.get(i).next())).as(what + " " + FIELDS[i + 4]).isEqualTo(expected[i]);
                }
                if (version == 10) {
                    assertThat(millis(rest.get(10).next())).as(what + " start").isEqualTo(flows.get(Field.FIRST, r));
                    assertThat(millis(rest.get(11).next())).as(what + " end").isEqualTo(flows.get(Field.LAST, r));
                }
            }
            assertThat(src4.hasNext() || src6.hasNext()).as("records beyond the expected ones").isFalse();
        }

        String verbose = String.join("\n", run(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "udp.port==" + port + ",cflow", "-V")));
        assertThat(verbose).doesNotContain("Malformed").doesNotContain("Expert Info").doesNotContain("no template found");
    }

    private static Iterator<String> values(String column) {
        return column.isEmpty() ? List.<String>of().iterator() : List.of(column.split(";")).iterator();
    }

    private static long millis(String tsharkTime) {
        return Instant.from(TSHARK_TIME.parse(tsharkTime)).toEpochMilli();
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        String text = new String(out, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
