package org.flowsec.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.flowsec.flow.FlowBatch;
import org.flowsec.store.format.BlockDecoder;
import org.flowsec.store.format.BlockMeta;
import org.flowsec.store.format.CorruptDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a closed journal into a sealed segment: reads the journal's valid prefix, re-blocks and sorts the
 * rows, writes {@code .fsg.tmp}, renames it, and only then deletes the journal. A crash at any point leaves
 * either the journal (sealing is redone) or the sealed file (the journal is dropped) — never a partial file
 * under a final name.
 */
final class Sealer {
    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);

    /** What sealing one journal did; {@code info} is null when the journal held no rows. */
    record Outcome(SegmentInfo info, long tornBytes, boolean corrupt) {}

    private Sealer() {}

    static Outcome seal(SegmentFile journal, StoreConfig config, long nowMillis, CorruptionListener listener)
            throws IOException {
        SegmentFile target = journal.sealedTwin();
        if (Files.exists(target.path())) {
            // a crash hit between the rename and the journal delete: the sealed file is complete
            deleteJournal(journal);
            return new Outcome(null, 0, false);
        }
        JournalReader.Result r;
        SegmentInfo info = null;
        try (SegmentWriter w = SegmentWriter.create(target, config, nowMillis);
             BlockDecoder decoder = new BlockDecoder()) {
            JournalReader.RawChunks copy = new JournalReader.RawChunks() {
                @Override
                public boolean wantsRaw(int records, boolean hasBloom) {
                    // a chunk of half a block or more is a good block as it is; smaller ones are merged
                    return records * 2L >= config.blockRecords() && records <= config.blockRecords()
                            && (hasBloom || !config.addressBloom());
                }

                @Override
                public void raw(BlockMeta stats, long[] bloom, byte[] buf, int off, int len) throws IOException {
                    // rows merged from earlier small chunks become a shorter block of their own, in order. Waiting
                    // for them to fill a block instead meant that once one small chunk (the first one, a
                    // flush-interval one) left rows pending, every later chunk of the window was decoded and
                    // encoded again: sealing cost as much CPU as writing the journal had
                    w.flushPending();
                    w.addEncoded(stats, bloom, buf, off, len);
                }
            };
            r = JournalReader.read(journal, decoder, new FlowBatch(1024), b -> {
                w.add(b);
                return true;
            }, copy);
            if (r.records() > 0) {
                info = w.finish();
            }
        } catch (CorruptDataException e) {
            Path aside = journal.path().resolveSibling(journal.path().getFileName() + ".corrupt");
            listener.corrupt(journal.path(), e.getMessage() + "; moved aside to " + aside.getFileName());
            Files.move(journal.path(), aside, StandardCopyOption.REPLACE_EXISTING);
            return new Outcome(null, 0, true);
        }
        if (r.tornBytes() > 0) {
            LOG.warn("journal {}: kept {} records, dropped a torn tail of {} bytes ({})", journal.path(),
                    r.records(), r.tornBytes(), r.tornReason());
        }
        deleteJournal(journal);
        return new Outcome(info, r.tornBytes(), false);
    }

    private static void deleteJournal(SegmentFile journal) throws IOException {
        Files.deleteIfExists(journal.path());
        StoreDirectory.syncDirectory(journal.path().getParent());
    }
}
