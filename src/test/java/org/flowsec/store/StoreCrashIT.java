package org.flowsec.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flowsec.base.Clock;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a writer process: acknowledged flows survive, nothing partial is read, writing goes on. */
class StoreCrashIT {
    private static final long TWO_SECONDS = TimeUnit.SECONDS.toNanos(2);

    @TempDir
    Path dir;
    /** The writer process's standard error, shown when it fails to acknowledge (an exception, running out of heap). */
    @TempDir
    Path logs;

    /** One "ACK n" line and when this process read it. */
    private record Ack(long count, long nanos) {}

    private static String classpath() throws Exception {
        StringBuilder cp = new StringBuilder();
        for (Class<?> c : List.of(CrashWriterMain.class, FlowStore.class, com.github.luben.zstd.Zstd.class,
                org.slf4j.Logger.class, org.slf4j.simple.SimpleLogger.class)) {
            if (cp.length() > 0) {
                cp.append(File.pathSeparator);
            }
            cp.append(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        return cp.toString();
    }

    private Process startWriter(List<Ack> acks, Path errors) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // an open store holds about 80 MB (its chunks at full size, their encoder), and a restart recovers and seals
        // the killed run's journal beside it: 256 MB left so little room that a restart ran out of heap
        Process p = new ProcessBuilder(java, "-Xmx384m", "-cp", classpath(), CrashWriterMain.class.getName(),
                dir.toString(), "50000", "2000").redirectError(errors.toFile()).start();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("ACK ")) {
                        acks.add(new Ack(Long.parseLong(line.substring(4).trim()), System.nanoTime()));
                    }
                }
            } catch (java.io.IOException e) {
                // the process died; that is the point
            }
        });
        t.setDaemon(true);
        t.start();
        return p;
    }

    @Test
    void flowsAcknowledgedTwoSecondsBeforeAKillAreReadBackAndWritingGoesOn() throws Exception {
        long mustHaveLast = 0;
        long lastAckLast = 0;
        for (int round = 0; round < 2; round++) {
            List<Ack> acks = new CopyOnWriteArrayList<>();
            Path errors = logs.resolve("writer-" + round + ".err");
            Process p = startWriter(acks, errors);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acks.size() < 5 + round && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(acks).as(() -> "the writer acknowledged flushes; its standard error:\n" + tail(errors))
                    .hasSizeGreaterThanOrEqualTo(5 + round);
            Thread.sleep(137 + round * 400); // land the kill somewhere inside a flush interval
            // a window's journal is created with its first chunk, so just after a 2 s rotation there may be none;
            // wait for one, so that the kill always leaves a journal for the next start to recover
            long journalDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (StoreTesting.journals(dir).isEmpty() && System.nanoTime() < journalDeadline) {
                Thread.sleep(5);
            }
            long killNanos = System.nanoTime();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long mustHave = acks.stream().filter(a -> a.nanos() <= killNanos - TWO_SECONDS)
                    .mapToLong(Ack::count).max().orElse(0);
            long lastAck = acks.get(acks.size() - 1).count();
            assertThat(mustHave).isPositive();

            // what another process reads right after the crash, before any recovery
            assertIntactPrefix(readSequences(), mustHave, lastAck);
            mustHaveLast = mustHave;
            lastAckLast = lastAck;
        }
        // the next start recovers, and writing goes on
        // (a kill can land between sealing a journal and deleting it: that journal is then superseded by its
        // sealed segment rather than recovered, so what counts is the data, checked again after recovery)
        try (FlowStore store = FlowStore.open(dir, StoreConfig.DEFAULTS, Clock.SYSTEM)) {
            FlowBatch b = new RealisticFlows(99, System.currentTimeMillis(), 1000).batch(100);
            for (int i = 0; i < 100; i++) {
                b.set(Field.BYTES, i, -1 - i);
            }
            store.accept(b);
        }
        long[] seqs = readSequences();
        assertIntactPrefix(seqs, mustHaveLast, lastAckLast);
        assertThat(java.util.Arrays.stream(seqs).filter(s -> s < 0).count()).isEqualTo(100);
        assertThat(StoreTesting.journals(dir)).isEmpty();
    }

    /**
     * Rows read are: every flow of each writer run numbered below what it acknowledged two seconds before the
     * kill, each once and intact, and (from a run's torn tail) nothing beyond whole chunks.
     */
    private static void assertIntactPrefix(long[] seqs, long mustHave, long lastAck) {
        // each run numbers from 0, so a sequence appears once per run that reached it
        java.util.Map<Long, Integer> seen = new java.util.HashMap<>();
        for (long s : seqs) {
            seen.merge(s, 1, Integer::sum);
        }
        for (long k = 0; k < mustHave; k++) {
            assertThat(seen).as("flow %d acknowledged 2 s before the kill", k).containsKey(k);
        }
        assertThat(seen.keySet().stream().mapToLong(Long::longValue).max().orElse(-1))
                .as("nothing beyond what the writer could have accepted").isLessThan(lastAck + 200_000);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private long[] readSequences() throws Exception {
        FlowBatch all = StoreTesting.readAll(StoreReader.open(dir, (f, why) -> {
            throw new AssertionError("corrupt file " + f + ": " + why);
        }));
        long[] out = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            long k = all.get(Field.BYTES, i);
            out[i] = k;
            if (k >= 0) {
                assertThat(all.get(Field.SRC_AS, i)).as("check value of flow %d", k).isEqualTo(CrashWriterMain.check(k));
                assertThat(all.get(Field.DST_AS, i)).isEqualTo(CrashWriterMain.check(k) ^ 0x5555);
            }
        }
        return out;
    }
}
