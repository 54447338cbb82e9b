package org.flowsec.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.flowsec.flow.FlowBatch;
import org.flowsec.interop.LoopbackCollector;
import org.flowsec.interop.Softflowd;
import org.flowsec.store.ScanHints;
import org.flowsec.store.StoreReader;

/**
 * The flows of a real packet capture from {@code ../shared/data/traffic-pcaps/}, metered by softflowd
 * (NetFlow v9, absolute times), received by flowsec's own collector on loopback and read back from its
 * store — in the order the store returns them (softflowd's expiry order, so not sorted by start time).
 * Cached per JVM. Needs softflowd (installed by scripts/test.sh), so only {@code *IT} tests use it.
 */
public final class CaptureFlows {
    private static final Path TRAFFIC = Path.of("..", "shared", "data", "traffic-pcaps");
    private static final Map<String, FlowBatch> CACHE = new HashMap<>();

    private CaptureFlows() {}

    /** {@code name} is relative to traffic-pcaps, e.g. {@code scans/ppa1_portscan.pcap}. */
    public static synchronized FlowBatch of(String name) {
        return CACHE.computeIfAbsent(name, CaptureFlows::meter).copy();
    }

    private static FlowBatch meter(String name) {
        Path pcap = TRAFFIC.resolve(name);
        if (!Files.isRegularFile(pcap)) {
            throw new IllegalArgumentException("no capture " + pcap.toAbsolutePath());
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("capture-flows");
            Path store = work.resolve("store");
            FlowBatch all = new FlowBatch(1024);
            try (LoopbackCollector collector = new LoopbackCollector(store)) {
                Softflowd.export(pcap, 9, collector.port(), work);
                Thread.sleep(300); // the last datagrams are still in the socket buffer when softflowd exits
            }
            StoreReader.open(store).scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> {
                all.appendAll(b);
                return true;
            });
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
