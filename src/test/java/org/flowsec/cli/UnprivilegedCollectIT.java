package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowsec collect} run by a user who may not raise thread priorities (a service account without
 * CAP_SYS_NICE): it says once that its receive threads stay at the normal priority, and collects as usual. When
 * the tests run as root, the collector is started as user {@code nobody} with every capability dropped
 * ({@code setpriv}), from a copy of the packaged jar that user can read.
 */
class UnprivilegedCollectIT {
    private static final String NOBODY = "65534";

    @TempDir
    Path tmp;

    @Test
    void aCollectorThatMayNotRaiseItsPrioritySaysSoAndStoresEveryFlow() throws Exception {
        Path jar = Path.of("target", "flowsec.jar");
        assumeTrue(Files.isRegularFile(jar), "the packaged jar (mvn package) is needed");
        List<String> prefix = new ArrayList<>();
        if (isRoot()) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv drops root");
            prefix.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "--inh-caps=-all"));
        } else {
            assumeTrue(!hasCapSysNice(), "this user may raise priorities");
        }
        // JUnit's temporary directory is private to its owner: give the other user a readable jar and a writable store
        Path shared = tmp.resolve("shared");
        Files.createDirectory(shared);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path copy = Files.copy(jar, shared.resolve("flowsec.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        Path store = shared.resolve("store");
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + shared, "-jar", copy.toString(), "collect", "--listen", "127.0.0.1:" + port,
                "--store", store.toString(), "--receive-queue", "16M"));
        Process collector = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(collector.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(log::add));
        reader.setDaemon(true);
        reader.start();
        try {
            awaitLine(collector, log, "could not raise the receive threads' priority to nice -10");
            assertThat(log).as("the collector started").anyMatch(l -> l.contains("collecting on"));
            assertThat(log).as("said once").filteredOn(l -> l.contains("could not raise")).hasSize(1);
            assertThat(CliRun.of("generate", "--target", "127.0.0.1:" + port, "--version", "5", "--flows", "30000",
                    "--rate", "200000", "--quiet").code()).isZero();
            Thread.sleep(500); // the datagrams are in the socket buffer or decoded by now
            new ProcessBuilder("kill", "-TERM", Long.toString(collector.pid())).start().waitFor();
            assertThat(collector.waitFor(30, TimeUnit.SECONDS)).as("collector stops on SIGTERM").isTrue();
        } finally {
            collector.destroyForcibly();
        }
        CliRun count = CliRun.of("query", "--store", store.toString(), "--count", "--format", "csv", "--quiet");
        assertThat(count.out().strip().lines().reduce((a, b) -> b).orElse("")).startsWith("30000,");
    }

    private static void awaitLine(Process p, List<String> log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (log.stream().noneMatch(l -> l.contains(text)) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log).as("the collector's log").anyMatch(l -> l.contains(text));
    }

    private static boolean isRoot() throws Exception {
        return statusField("Uid:").split("\\s+")[1].equals("0");
    }

    /** CAP_SYS_NICE (capability 23) in this process's effective set. */
    private static boolean hasCapSysNice() throws Exception {
        return (Long.parseUnsignedLong(statusField("CapEff:"), 16) >>> 23 & 1) != 0;
    }

    private static String statusField(String name) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).strip();
            }
        }
        throw new IllegalStateException("no " + name + " in /proc/self/status");
    }
}
