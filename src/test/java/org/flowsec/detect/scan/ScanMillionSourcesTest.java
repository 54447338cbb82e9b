package org.flowsec.detect.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

/** A million distinct external sources (a spoofed SYN flood, or internet background radiation). */
class ScanMillionSourcesTest {
    private static final int SOURCES = 1_000_000;

    private static ScanDetector feed(ScanParams params) {
        ScanDetector d = new ScanDetector(params, org.flowsec.detect.HomeNetworks.of(java.util.List.of()), a -> {
            throw new AssertionError("no scan alert expected: " + a);
        });
        FlowBatch batch = new FlowBatch(4096);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < SOURCES; i++) {
            if (batch.size() == 4096) {
                for (int r = 0; r < batch.size(); r++) {
                    d.accept(batch, r);
                }
                d.advance(t - 60_000);
                batch.clear();
            }
            int r = batch.addRow();
            t += 1;
            batch.setIpv4(Field.SRC_ADDR, r, 0x2C00_0000 + i * 7); // 44.0.0.0 upward, all distinct
            batch.setIpv4(Field.DST_ADDR, r, 0x0A09_0050); // 10.9.0.80
            batch.set(Field.SRC_PORT, r, 1024 + (i & 0x7FFF));
            batch.set(Field.DST_PORT, r, 80);
            batch.set(Field.PROTO, r, 6);
            batch.set(Field.TCP_FLAGS, r, 2);
            batch.set(Field.PACKETS, r, 1);
            batch.set(Field.BYTES, r, 60);
            batch.set(Field.FIRST, r, t);
            batch.set(Field.LAST, r, t);
        }
        for (int r = 0; r < batch.size(); r++) {
            d.accept(batch, r);
        }
        d.advance(t - 60_000);
        return d;
    }

    @Test
    void aMillionDistinctSourcesAreTrackedUpToTheCapAndNoneIsNamed() {
        ScanParams params = new ScanParams();
        params.maxSources = 200_000;
        params.maxHorizontalKeys = 200_000;
        params.maxVerticalKeys = 200_000;
        Map<String, Long> c = feed(params).counters();
        assertThat(c.get("sources")).isEqualTo(200_000L);
        assertThat(c.get("source_evictions")).isGreaterThanOrEqualTo(SOURCES - 200_000L);
        assertThat(c.get("horizontal_keys")).isLessThanOrEqualTo(200_000L);
        assertThat(c.get("vertical_keys")).isLessThanOrEqualTo(200_000L);
        assertThat(c.get("pending")).isLessThanOrEqualTo((long) params.maxPending);
    }

    @Test
    void withTheDefaultsAMillionSourcesFitAndTheHeapIsReported() {
        long before = usedHeapAfterGc();
        ScanDetector d = feed(new ScanParams());
        long after = usedHeapAfterGc();
        Map<String, Long> c = d.counters();
        assertThat(c.get("sources")).isLessThanOrEqualTo(1_000_000L);
        assertThat(c.get("alerts")).isZero();
        long tracked = c.get("sources");
        System.out.printf("scan detector: %d sources, %d horizontal and %d vertical keys, %d pending: %d MB retained,"
                        + " %d bytes per tracked source%n", tracked, c.get("horizontal_keys"), c.get("vertical_keys"),
                c.get("pending"), (after - before) >> 20, (after - before) / Math.max(1, tracked));
        assertThat(d.name()).isEqualTo("scan"); // keeps d reachable until after the measurement
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
