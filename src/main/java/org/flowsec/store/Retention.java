package org.flowsec.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes sealed segments, oldest window first: first those whose window ended more than {@code retain} ago
 * (zero means no age limit), then more while the store's files (journals included) exceed {@code maxBytes}
 * (zero means no size limit). Journals are never deleted here: they hold data not yet sealed.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** What one run deleted. */
    record Outcome(int segments, long bytes) {}

    private Retention() {}

    static Outcome run(Path root, StoreConfig config, long nowMillis) throws IOException {
        List<SegmentFile> files = StoreDirectory.list(root);
        List<SegmentFile> sealed = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        long total = 0;
        for (SegmentFile f : files) {
            long size;
            try {
                size = Files.size(f.path());
            } catch (NoSuchFileException e) {
                continue;
            }
            total += size;
            if (f.sealed()) {
                sealed.add(f);
                sizes.add(size);
            }
        }
        long rotation = config.rotation().toMillis();
        long retain = config.retain().toMillis();
        int deleted = 0;
        long freed = 0;
        for (int i = 0; i < sealed.size(); i++) {
            SegmentFile f = sealed.get(i);
            boolean tooOld = retain > 0 && f.windowStartMillis() + rotation <= nowMillis - retain;
            boolean tooBig = config.maxBytes() > 0 && total > config.maxBytes();
            if (!tooOld && !tooBig) {
                break; // oldest first: once one survives both limits, all newer ones do
            }
            if (Files.deleteIfExists(f.path())) {
                deleted++;
                freed += sizes.get(i);
                LOG.info("retention deleted {} ({} bytes, {})", f.path(), sizes.get(i), tooOld ? "age" : "size");
                StoreDirectory.pruneEmptyParents(root, f.path());
            }
            total -= sizes.get(i);
        }
        return new Outcome(deleted, freed);
    }
}
