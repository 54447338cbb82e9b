package org.flowsec.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flowsec.flow.FlowBatch;

/** Helpers shared by the store tests: read everything back, delete temp trees. */
final class StoreTesting {
    private StoreTesting() {}

    static FlowBatch readAll(StoreReader reader) throws IOException {
        return read(reader, Long.MIN_VALUE, Long.MAX_VALUE, ScanHints.NONE);
    }

    static FlowBatch read(StoreReader reader, long from, long to, ScanHints hints) throws IOException {
        FlowBatch all = new FlowBatch(16);
        reader.scan(from, to, hints, b -> {
            all.appendAll(b);
            return true;
        });
        return all;
    }

    static List<Path> sealedFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(SegmentFile.SEALED_SUFFIX)).sorted().toList();
        }
    }

    static List<Path> journals(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(SegmentFile.JOURNAL_SUFFIX)).sorted().toList();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
