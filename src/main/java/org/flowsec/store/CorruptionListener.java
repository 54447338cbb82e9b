package org.flowsec.store;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Told about every corrupt or truncated store file a reader or the writer's recovery skips. */
@FunctionalInterface
public interface CorruptionListener {
    void corrupt(Path file, String reason);

    /** Logs a warning; the store also counts these. */
    CorruptionListener LOG = new CorruptionListener() {
        private final Logger log = LoggerFactory.getLogger(CorruptionListener.class);

        @Override
        public void corrupt(Path file, String reason) {
            log.warn("skipping corrupt store file {}: {}", file, reason);
        }
    };
}
