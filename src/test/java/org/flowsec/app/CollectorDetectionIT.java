package org.flowsec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Clock;
import org.flowsec.collect.CollectorConfig;
import org.flowsec.decode.DecoderConfig;
import org.flowsec.detect.Alert;
import org.flowsec.detect.AlertLog;
import org.flowsec.detect.DetectConfig;
import org.flowsec.detect.Detector;
import org.flowsec.detect.PortCountDetector;
import org.flowsec.store.ScanHints;
import org.flowsec.store.StoreConfig;
import org.flowsec.store.StoreReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect --detect} end to end: NetFlow v5 over loopback → store and detection → the store's alert log. */
class CollectorDetectionIT {
    @TempDir
    Path tmp;

    /** A v5 datagram of {@code count} TCP flows 203.0.113.9 → 10.0.0.i:23 (layout: NetflowV5Decoder's javadoc). */
    private static byte[] telnetProbes(int sequence, int count, int firstHost) {
        ByteBuffer b = ByteBuffer.allocate(24 + count * 48);
        b.putShort((short) 5).putShort((short) count).putInt(3_600_000).putInt(1_790_000_000).putInt(0)
                .putInt(sequence).put((byte) 0).put((byte) 0).putShort((short) 0);
        for (int i = 0; i < count; i++) {
            b.putInt(0xCB00_7109).putInt(0x0A00_0000 | (firstHost + i)).putInt(0).putShort((short) 1).putShort((short) 2)
                    .putInt(1).putInt(44).putInt(3_590_000 + i).putInt(3_590_000 + i).putShort((short) 40000)
                    .putShort((short) 23).put((byte) 0).put((byte) 2).put((byte) 6).put((byte) 0)
                    .putShort((short) 0).putShort((short) 0).put((byte) 0).put((byte) 0).putShort((short) 0);
        }
        return b.array();
    }

    @Test
    void collectedFlowsAreStoredAndDetectedAndTheAlertIsKeptInTheStore() throws Exception {
        Path store = tmp.resolve("store");
        DetectionService detection = new DetectionService(new DetectionService.Settings(new DetectConfig(), store, true,
                List.of(), new PrintWriter(new StringWriter())),
                (config, home, out) -> List.<Detector>of(new PortCountDetector(23, 50, out)), Clock.SYSTEM);
        CollectorService service = new CollectorService(new CollectorService.Settings(store,
                CollectorConfig.defaults().withListen(List.of("127.0.0.1:0")), StoreConfig.DEFAULTS,
                DecoderConfig.DEFAULT, new SamplingRates(1, Map.of())), Clock.SYSTEM, detection);
        service.start();
        try (DatagramSocket s = new DatagramSocket()) {
            for (int d = 0; d < 3; d++) {
                byte[] bytes = telnetProbes(d * 30, 30, d * 30 + 1);
                s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(),
                        service.localAddresses().get(0).getPort()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (service.stats().totals().flows() < 90 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            service.close();
        }
        assertThat(service.detectionCounters()).containsEntry("flows", 90L).containsEntry("live.dropped_flows", 0L)
                .containsEntry("alerts.alerts", 1L);
        long[] stored = {0};
        StoreReader.open(store).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> {
            stored[0] += b.size();
            return true;
        });
        assertThat(stored[0]).isEqualTo(90);
        List<Alert> alerts = AlertLog.in(store).read(Long.MIN_VALUE, Long.MAX_VALUE, a -> true).alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).counts()).containsEntry("flows", 90L);
        assertThat(alerts.get(0).ports()).containsExactly(23);
    }
}
