package org.flowsec.store;

import java.nio.file.Path;
import java.time.Duration;
import org.flowsec.base.Clock;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The writer process of {@link StoreCrashIT}: appends numbered flows at a steady rate, calls flush() once a
 * second and prints {@code ACK <count>} after each flush, until it is killed. Flow k carries k in "bytes" and
 * a check value derived from k in the AS fields, so the test can tell lost, duplicated and garbled rows apart.
 *
 * <p>Usage: {@code CrashWriterMain <store dir> <flows per second> <rotation millis>}
 */
public final class CrashWriterMain {
    private CrashWriterMain() {}

    static long check(long seq) {
        long h = seq * 0x9E3779B97F4A7C15L;
        return (h ^ (h >>> 29)) & 0xFFFF_FFFFL;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rate = Integer.parseInt(args[1]);
        StoreConfig cfg = StoreConfig.DEFAULTS.withRotation(Duration.ofMillis(Long.parseLong(args[2])));
        RealisticFlows gen = new RealisticFlows(17, System.currentTimeMillis(), rate);
        int perTick = Math.max(1, rate / 50);
        long seq = 0;
        try (FlowStore store = FlowStore.open(dir, cfg, Clock.SYSTEM)) {
            System.out.println("OPEN recovered=" + store.stats().journalsRecovered());
            System.out.flush();
            long nextFlush = System.currentTimeMillis() + 1000;
            FlowBatch b = new FlowBatch(perTick);
            while (true) {
                b.clear();
                gen.fill(b, perTick);
                for (int i = 0; i < b.size(); i++) {
                    long k = seq++;
                    b.set(Field.BYTES, i, k);
                    b.set(Field.SRC_AS, i, check(k));
                    b.set(Field.DST_AS, i, check(k) ^ 0x5555);
                }
                store.accept(b);
                long now = System.currentTimeMillis();
                if (now >= nextFlush) {
                    store.flush();
                    System.out.println("ACK " + seq);
                    System.out.flush();
                    nextFlush = now + 1000;
                }
                Thread.sleep(20);
            }
        }
    }
}
