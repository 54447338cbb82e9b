package org.flowsec.query;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowsec.flow.BatchSource;
import org.flowsec.flow.FlowBatch;

/**
 * A source of flows that may work on several threads: each thread gets its own worker function (from
 * {@code workers}) and turns the batches handed to it into results; the results reach {@code consumer} on
 * the calling thread, in the source's order. A batch belongs to the source again once the worker returns,
 * so results must not keep it. A null result is not consumed; a consumer returning false stops the source.
 * The store's parallel scan is one; {@link #of(BatchSource)} makes any BatchSource one, on one thread.
 */
public interface ParallelSource {
    <R> void run(Supplier<? extends Function<FlowBatch, R>> workers, Predicate<? super R> consumer) throws IOException;

    /** How many worker functions may run at once (1: one at a time, on the calling thread). */
    default int parallelism() {
        return 1;
    }

    /** {@code source} on the calling thread: one worker, each result consumed as soon as it is made. */
    static ParallelSource of(BatchSource source) {
        return new ParallelSource() {
            @Override
            public <R> void run(Supplier<? extends Function<FlowBatch, R>> workers, Predicate<? super R> consumer)
                    throws IOException {
                Function<FlowBatch, R> worker = workers.get();
                source.forEachBatch(b -> {
                    R r = worker.apply(b);
                    return r == null || consumer.test(r);
                });
            }
        };
    }
}
