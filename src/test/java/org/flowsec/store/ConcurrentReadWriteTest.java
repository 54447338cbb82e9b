package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers scanning while the writer appends, rotates and seals never see a row twice or a row not yet accepted. */
class ConcurrentReadWriteTest {
    private static final long T0 = 1_790_000_100_000L;

    @TempDir
    Path dir;

    @Test
    void scansDuringWritesAndSealsSeeEachAcceptedRowAtMostOnce() throws Exception {
        ManualClock clock = new ManualClock(T0);
        StoreConfig cfg = StoreConfig.DEFAULTS.withRotation(Duration.ofMinutes(2)).withBlockRecords(700);
        AtomicLong accepted = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        List<String> problems = new CopyOnWriteArrayList<>();
        int[] scans = {0};
        Thread reader = new Thread(() -> {
            try {
                StoreReader r = StoreReader.open(dir, (f, why) -> problems.add("corrupt " + f + ": " + why));
                while (!done.get() || scans[0] < 3) {
                    long ceiling = accepted.get();
                    Set<Long> seen = new HashSet<>();
                    r.scan(Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE, b -> {
                        for (int i = 0; i < b.size(); i++) {
                            long id = b.get(Field.BYTES, i);
                            if (!seen.add(id)) {
                                problems.add("row " + id + " twice");
                            }
                        }
                        return true;
                    });
                    long after = accepted.get();
                    for (long id : seen) {
                        if (id >= after) {
                            problems.add("row " + id + " read before it was accepted (ceiling " + ceiling + ")");
                        }
                    }
                    scans[0]++;
                }
            } catch (Exception e) {
                problems.add(e.toString());
            }
        });
        reader.start();
        long id = 0;
        try (FlowStore store = FlowStore.open(dir, cfg, clock)) {
            RealisticFlows gen = new RealisticFlows(21, T0, 10_000);
            for (int i = 0; i < 120; i++) {
                FlowBatch b = gen.batch(500);
                for (int r = 0; r < b.size(); r++) {
                    b.set(Field.BYTES, r, id++);
                }
                // a row may be read from the moment accept() has it: the store's writer thread appends a full
                // chunk while accept() is still returning, so the ceiling rises before the call, not after it
                accepted.set(id);
                store.accept(b);
                store.flush();
                clock.advance(30_000);
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(problems).isEmpty();
        assertThat(scans[0]).isGreaterThanOrEqualTo(3);
        assertThat(StoreTesting.readAll(StoreReader.open(dir)).size()).isEqualTo(id);
    }
}
