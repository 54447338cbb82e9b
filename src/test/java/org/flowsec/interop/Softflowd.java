package org.flowsec.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives Debian's softflowd 1.1.0 over a capture file, exporting to a UDP port on loopback.
 *
 * <p>softflowd {@code -r FILE} in the foreground reads the capture in bursts and waits on its control
 * socket between them (it blocks in accept()), so we poke the socket with {@code softflowctl statistics}
 * until the process has read the whole file and exited by itself, which expires and exports every flow.
 * {@code -a} makes v9/IPFIX timestamps absolute (the capture's times) instead of this machine's uptime.
 */
public final class Softflowd {
    private Softflowd() {}

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/softflowd")) && Files.isExecutable(Path.of("/usr/sbin/softflowctl"));
    }

    /** Exports the flows of {@code pcap} as NetFlow {@code version} (5, 9 or 10) to 127.0.0.1:port. */
    public static void export(Path pcap, int version, int port, Path workDir) throws IOException, InterruptedException {
        Path ctl = workDir.resolve("softflowd-" + version + "-" + port + ".ctl");
        Files.deleteIfExists(ctl);
        Process p = new ProcessBuilder(List.of("softflowd", "-r", pcap.toString(), "-v", Integer.toString(version),
                "-n", "127.0.0.1:" + port, "-a", "-d", "-c", ctl.toString(),
                "-p", workDir.resolve("softflowd.pid").toString()))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("softflowd.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive()) {
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("softflowd did not finish " + pcap + " within 120 s");
            }
            if (Files.exists(ctl)) {
                new ProcessBuilder("softflowctl", "-c", ctl.toString(), "statistics")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(5, TimeUnit.SECONDS);
            }
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
        if (p.exitValue() != 0) {
            throw new IOException("softflowd exited with " + p.exitValue() + ": " + Files.readString(workDir.resolve("softflowd.out")));
        }
    }
}
