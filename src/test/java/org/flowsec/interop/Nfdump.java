package org.flowsec.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs nfdump 1.7's collector (nfcapd) on loopback and reads its files back with nfdump as CSV. */
final class Nfdump implements AutoCloseable {
    private final Process nfcapd;
    private final Path dir;

    private Nfdump(Process nfcapd, Path dir) {
        this.nfcapd = nfcapd;
        this.dir = dir;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/nfcapd")) && Files.isExecutable(Path.of("/usr/bin/nfdump"));
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts nfcapd listening on 127.0.0.1:port, writing to dir; waits until its socket is bound. */
    static Nfdump collector(int port, Path dir, String... extra) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("nfcapd", "-w", dir.toString(), "-p", Integer.toString(port),
                "-b", "127.0.0.1", "-t", "3600"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + "-nfcapd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bound(port) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!p.isAlive()) {
            throw new IOException("nfcapd exited at start: " + Files.readString(
                    dir.resolveSibling(dir.getFileName() + "-nfcapd.log"), StandardCharsets.UTF_8));
        }
        return new Nfdump(p, dir);
    }

    /**
     * Whether a socket is bound to 127.0.0.1:port, from the kernel's table. (Trying to bind the port ourselves,
     * as this once did, can hold it at the moment nfcapd binds: nfcapd then exits and receives nothing.)
     */
    private static boolean bound(int port) throws IOException {
        String local = String.format(" 0100007F:%04X ", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
            if (line.contains(local)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops nfcapd (SIGTERM makes it flush and close its file) and returns nfdump's records as JSON objects
     * (nfdump 1.7's JSON keeps milliseconds and full IPv6 addresses, its CSV does not).
     */
    List<JsonNode> stopAndRead(String... nfdumpArgs) throws IOException, InterruptedException {
        close();
        List<String> cmd = new ArrayList<>(List.of("nfdump", "-R", dir.toString(), "-q", "-N", "-o", "json"));
        cmd.addAll(List.of(nfdumpArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TZ", "UTC"); // nfdump prints local time without a zone
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        List<JsonNode> rows = new ArrayList<>();
        if (out.isEmpty() || !out.contains("{")) {
            return rows;
        }
        JsonNode all = new ObjectMapper().readTree(out.startsWith("[") ? out : "[" + out + "]");
        all.forEach(rows::add);
        return rows;
    }

    @Override
    public void close() throws InterruptedException {
        if (nfcapd.isAlive()) {
            nfcapd.destroy();
            if (!nfcapd.waitFor(10, TimeUnit.SECONDS)) {
                nfcapd.destroyForcibly();
            }
        }
    }
}
