/**
 * The flow store: appends batches, seals time-rotated segments, scans them by time, recovers after crashes, enforces retention.
 *
 * <p>Write path: {@link org.flowsec.store.FlowStore} (one writer thread) copies accepted rows into a pending
 * chunk and appends it to the journal of the current arrival-time window ({@code JournalWriter}); when the
 * window ends a background thread turns the journal into an immutable sealed segment ({@code Sealer},
 * {@code SegmentWriter}: temp file, fsync, atomic rename) and applies retention ({@code Retention}).
 * Read path: {@link org.flowsec.store.StoreReader} lists the tree ({@code StoreDirectory}), reads sealed
 * segments block by block ({@code SegmentReader}) and the active journal's valid prefix ({@code JournalReader}),
 * and delivers rows whose flow time overlaps the range. Byte layouts live in {@code store.format} and
 * docs/file-format.md.
 */
package org.flowsec.store;
