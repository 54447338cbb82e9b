package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code flowsec collect} as a real process: it receives generated v5, v9 and IPFIX exports, and when it is
 * stopped with SIGTERM or SIGINT it flushes and seals everything it received, so a query finds every flow.
 */
class CollectProcessIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aStoppedCollectorHasStoredEveryFlowItReceived(String signal) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path store = tmp.resolve("store");
        Process collector = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "collect",
                "--listen", "127.0.0.1:" + port, "--store", store.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = log.readLine()) != null && !line.contains("collecting on")) {
                // skip the start-up log
            }
            assertThat(line).as("the collector says where it listens").isNotNull();
            Thread drain = new Thread(() -> log.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();

            for (String version : List.of("5", "9", "10")) {
                assertThat(run("generate", "--target", "127.0.0.1:" + port, "--version", version, "--flows", "20000",
                        "--rate", "200000", "--domain", version, "--quiet").code).isZero();
            }
            Thread.sleep(500); // the datagrams are in the socket buffer or decoded by now
            new ProcessBuilder("kill", "-" + signal, Long.toString(collector.pid())).start().waitFor();
            assertThat(collector.waitFor(30, TimeUnit.SECONDS)).as("collector stops on SIG" + signal).isTrue();
        } finally {
            collector.destroyForcibly();
        }

        Result count = run("query", "--store", store.toString(), "--format", "csv", "--quiet");
        assertThat(count.out.split("\n")).hasSize(60_001);
        Result exporters = run("exporters", "--store", store.toString(), "--format", "csv");
        assertThat(exporters.out).contains("127.0.0.1,5,5,").contains("127.0.0.1,9,9,").contains("127.0.0.1,10,10,");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
