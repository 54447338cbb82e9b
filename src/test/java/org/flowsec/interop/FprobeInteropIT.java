package org.flowsec.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fprobe, a packet probe that exports NetFlow v1, v5 and v7 (the only real v1/v7 exporter at hand), meters a
 * capture that tcpreplay plays onto one end of a veth pair it listens on. It exports to flowsec, which
 * repeats every datagram ({@code --forward}) to nfcapd: both must store the same flows.
 */
class FprobeInteropIT {
    private static final Path CAPTURE = Path.of("../shared/data/traffic-pcaps/benign/ipfixprobe_mixed.pcap");

    @TempDir
    Path tmp;

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @ParameterizedTest(name = "fprobe -n {0}")
    @ValueSource(ints = {1, 5, 7})
    void flowsecAndNfcapdStoreTheSameFlowsFromFprobe(int version) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fprobe")) && Files.isExecutable(Path.of("/usr/bin/tcpreplay"))
                && Nfdump.installed(), "fprobe, tcpreplay and nfdump are installed by scripts/test.sh");
        String a = "fsa" + ThreadLocalRandom.current().nextInt(10_000);
        String b = "fsb" + a.substring(3);
        assumeTrue(run("ip", "link", "add", a, "type", "veth", "peer", "name", b) == 0,
                "creating a veth pair needs root (CI runs as root)");
        try {
            run("ip", "link", "set", a, "up");
            run("ip", "link", "set", b, "up");
            int nfPort = Nfdump.freeUdpPort();
            List<String> ours;
            List<String> theirs = new ArrayList<>();
            try (Nfdump nfcapd = Nfdump.collector(nfPort, tmp.resolve("nfcapd"));
                 LoopbackCollector flowsec = new LoopbackCollector(tmp.resolve("flowsec"), List.of("127.0.0.1:" + nfPort))) {
                Process probe = new ProcessBuilder("fprobe", "-i", b, "-n", Integer.toString(version), "-l", "2",
                        "127.0.0.1:" + flowsec.port()).redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("fprobe.log").toFile()).start();
                Thread.sleep(2000); // fprobe opens its capture on the new interface
                assertThat(run("tcpreplay", "-q", "-i", a, "--topspeed", CAPTURE.toAbsolutePath().toString())).isZero();
                Thread.sleep(1000);
                probe.destroy(); // SIGTERM: fprobe emits its whole flow cache, then exits
                assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
                flowsec.awaitFlows(1);
                Thread.sleep(500);
                ours = flowsec.stopAndRead((batch, r) -> FlowKeys.flowsec(batch, r, FlowKeys.NfdumpQuirks.NONE));
                nfcapd.stopAndRead().forEach(n -> theirs.add(FlowKeys.nfdump(n, FlowKeys.NfdumpQuirks.NONE)));
            }
            assertThat(theirs).as("nfcapd received fprobe's flows through flowsec's repeater").hasSizeGreaterThan(10);
            assertThat(ours).containsExactlyInAnyOrderElementsOf(theirs);
        } finally {
            run("ip", "link", "del", a);
        }
    }
}
