package org.flowsec.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wall-clock time from the datagram that decides an alert to the alert on the collector's output, under load:
 * starts {@code flowsec collect --detect} (alerts to stdout as JSON lines) and {@code flowsec generate} (background
 * traffic at RATE flows/s) as child processes, then every second sends one NetFlow v5 datagram whose single flow
 * decides a signature alert on its own (a local host answering from Back Orifice's 31337/tcp with data, a new host
 * each time), and times each alert line from the send. Prints the latencies and the collector's counters.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) org.flowsec.bench.AlertLatency RATE PROBES [JAR]</pre>
 */
public final class AlertLatency {
    private static final int PORT = 39677;

    public static void main(String[] args) throws Exception {
        long rate = Long.parseLong(args[0]);
        int probes = Integer.parseInt(args[1]);
        String jar = args.length > 2 ? args[2] : "target/flowsec.jar";
        Path work = Files.createTempDirectory("flowsec-latency");
        Path config = work.resolve("detect.yaml");
        Files.writeString(config, "alerts:\n  stdout: true\n");
        Process collector = new ProcessBuilder("java", "-jar", jar, "collect", "--listen", "127.0.0.1:" + PORT,
                "--store", work.resolve("store").toString(), "--rcvbuf", "4M", "--detect", "--config", config.toString())
                .redirectError(work.resolve("collect.err").toFile()).start();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Path alertsOut = work.resolve("alerts.jsonl");
        Thread reader = new Thread(() -> readAlerts(collector, seen, alertsOut), "alert-reader");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(3000); // the collector's JVM starts and binds
        long flows = rate * (probes + 30L);
        Process generator = new ProcessBuilder("java", "-jar", jar, "generate", "--target", "127.0.0.1:" + PORT,
                "--version", "5", "--flows", Long.toString(flows), "--rate", Long.toString(rate), "--quiet")
                .redirectErrorStream(true).redirectOutput(work.resolve("generate.out").toFile()).start();
        Thread.sleep(10_000); // past the JIT's first compilations and the detectors' start
        List<Double> latencies = new ArrayList<>();
        int missing = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress target = InetAddress.getLoopbackAddress();
            for (int i = 0; i < probes; i++) {
                String host = "10.77." + (i / 250) + "." + (1 + i % 250);
                byte[] datagram = backdoorAnswer(host, i);
                long sent = System.nanoTime();
                socket.send(new DatagramPacket(datagram, datagram.length, target, PORT));
                long deadline = sent + 10_000_000_000L;
                Long at;
                while ((at = seen.get(host)) == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (at == null) {
                    missing++;
                } else {
                    latencies.add((at - sent) / 1e6);
                }
                Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - sent) / 1_000_000));
            }
        }
        generator.destroy();
        generator.waitFor();
        // SIGTERM through the handle: Process.destroy() would also close our end of its stdout, and the alerts it
        // writes while stopping (the final updates) would fail
        collector.toHandle().destroy();
        collector.waitFor();
        double[] ms = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.println("alerts as printed: " + alertsOut);
        System.out.printf(Locale.ROOT, "background %,d flows/s; %d probes, %d alerts seen, %d missing within 10 s%n",
                rate, probes, ms.length, missing);
        if (ms.length > 0) {
            System.out.printf(Locale.ROOT, "latency ms: min %.1f  median %.1f  p90 %.1f  max %.1f%n", ms[0],
                    ms[ms.length / 2], ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.9) - 1)], ms[ms.length - 1]);
            System.out.println("all (ms): " + Arrays.toString(Arrays.stream(ms).map(x -> Math.round(x * 10) / 10.0).toArray()));
        }
        for (String line : Files.readAllLines(work.resolve("collect.err"))) {
            if (line.contains("detect") || line.contains("flows")) {
                System.out.println("collector: " + line);
            }
        }
    }

    private static void readAlerts(Process collector, Map<String, Long> seen, Path copy) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
             java.io.Writer w = Files.newBufferedWriter(copy)) {
            String line;
            while ((line = r.readLine()) != null) {
                long now = System.nanoTime();
                w.write(line);
                w.write('\n');
                int at = line.indexOf("\"src_addr\":\"10.77.");
                if (at >= 0 && line.contains("\"detector\":\"signature\"")) {
                    int from = at + "\"src_addr\":\"".length();
                    seen.putIfAbsent(line.substring(from, line.indexOf('"', from)), now);
                }
            }
        } catch (IOException e) {
            // the collector ended
        }
    }

    /**
     * A NetFlow v5 datagram (Cisco's layout: 24-byte header, one 48-byte record) with one flow that ended now:
     * {@code host}:31337 sends 12 packets with ACK and PSH to a remote client's ephemeral port.
     */
    static byte[] backdoorAnswer(String host, int sequence) throws IOException {
        long now = System.currentTimeMillis();
        int uptime = 3_600_000;
        ByteBuffer b = ByteBuffer.allocate(24 + 48);
        b.putShort((short) 5).putShort((short) 1).putInt(uptime).putInt((int) (now / 1000))
                .putInt((int) (now % 1000) * 1_000_000).putInt(sequence).put((byte) 0).put((byte) 77).putShort((short) 0);
        b.put(InetAddress.getByName(host).getAddress()).put(InetAddress.getByName("203.0.113.9").getAddress())
                .putInt(0).putShort((short) 1).putShort((short) 2).putInt(12).putInt(4200)
                .putInt(uptime - 2000).putInt(uptime).putShort((short) 31337).putShort((short) 51000)
                .put((byte) 0).put((byte) 0x18).put((byte) 6).put((byte) 0).putShort((short) 0).putShort((short) 0)
                .put((byte) 24).put((byte) 0).putShort((short) 0);
        return b.array();
    }
}
