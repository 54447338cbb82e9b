package org.flowsec.query;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * A {@link ParallelSource} read in spans (the store's blocks) whose flow times are known before they are
 * read, that can read a chosen set of spans and decode only chosen fields. It delivers only rows that
 * overlap its time window, so a consumer need not read first and last to check them.
 *
 * <p>A statistic ranked by a sum uses it to leave first and last out of its scan, and then looks them up for
 * its top keys alone in the few spans whose times can still change them ({@link FirstLastSearch}).
 */
public interface BlockSource extends ParallelSource {
    /** Bounds of one span's flow times: its rows start within [minFirst, maxFirst] and end within [minLast, maxLast]. */
    record Span(long minFirst, long maxFirst, long minLast, long maxLast) {}

    /**
     * Stored totals per address that stand for a group of spans (a sealed segment) whose rows all overlap both
     * the source's window and the range asked for: {@code spans} are their indexes in the last {@link #spans()}
     * list; {@code source} and {@code destination} the totals per source and per destination address, either
     * null when not stored.
     */
    record StoredTotals(BitSet spans, org.flowsec.flow.AddressTotals source, org.flowsec.flow.AddressTotals destination) {}

    /**
     * Reads the stored totals of the groups of the last {@link #spans()} list whose rows all overlap
     * [fromMs, toMs), with the sides asked for (the others null), on the source's threads: each thread takes a
     * reader from {@code readers} and hands it the totals it reads, one group at a time; a reader returns
     * whether it used them. Reads none by default.
     */
    default void readStoredTotals(long fromMs, long toMs, boolean source, boolean destination,
                                  Supplier<? extends Predicate<StoredTotals>> readers) throws IOException {
    }

    /** The source's spans as of now, in its order. */
    List<Span> spans() throws IOException;

    /**
     * Runs like {@link ParallelSource#run} over the spans whose indexes (in the last {@link #spans()} list) are
     * set in {@code spans}, or over all when null, decoding {@code fields} (other fields hold unspecified values).
     */
    <R> void run(Set<Field> fields, BitSet spans, Supplier<? extends Function<FlowBatch, R>> workers,
                 Predicate<? super R> consumer) throws IOException;
}
