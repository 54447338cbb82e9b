package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileSinkTest {
    private static final long DAY = 86_400_000L;
    private static final long NOV26 = 1_764_115_200_000L + 3_600_000; // 2025-11-26T01:00Z

    @TempDir
    Path dir;

    private final AtomicLong wall = new AtomicLong(NOV26);

    @Test
    void writesOneJsonLinePerAlertVersion() throws Exception {
        Path f = dir.resolve("log/alerts.jsonl");
        try (JsonFileSink sink = new JsonFileSink(f, 1 << 20, 3, wall::get)) {
            sink.accept(AlertJsonTest.sample(), false);
            sink.accept(AlertJsonTest.sample(), true);
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(2);
        assertThat(AlertJson.parse(lines.get(1)).id()).isEqualTo("scan-0123456789ab");
    }

    @Test
    void rotatesBySizeAndKeepsOnlyTheNewestFiles() throws Exception {
        Path f = dir.resolve("alerts.jsonl");
        int lineBytes = AlertJson.toJson(AlertJsonTest.sample()).length() + 1;
        try (JsonFileSink sink = new JsonFileSink(f, 2L * lineBytes, 2, wall::get)) {
            for (int i = 0; i < 9; i++) {
                sink.accept(AlertJsonTest.sample(), i > 0);
            }
            assertThat(sink.rotations()).isEqualTo(4);
            assertThat(sink.rotatedFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactly("alerts-2025-11-26-003.jsonl", "alerts-2025-11-26-004.jsonl");
        }
        assertThat(Files.readAllLines(f)).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("alerts-2025-11-26-004.jsonl"))).hasSize(2);
    }

    @Test
    void startsANewFileWhenTheDayChanges() throws Exception {
        Path f = dir.resolve("alerts.jsonl");
        try (JsonFileSink sink = new JsonFileSink(f, 1 << 20, 5, wall::get)) {
            sink.accept(AlertJsonTest.sample(), false);
            wall.addAndGet(DAY);
            sink.accept(AlertJsonTest.sample(), true);
            assertThat(sink.rotatedFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactly("alerts-2025-11-26-001.jsonl");
        }
        assertThat(Files.readAllLines(f)).hasSize(1);
    }

    @Test
    void aFileThatCannotBeWrittenIsCountedNotThrown() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        JsonFileSink sink = new JsonFileSink(blocker.resolve("alerts.jsonl"), 1 << 20, 1, wall::get);
        sink.accept(AlertJsonTest.sample(), false);
        assertThat(sink.failures()).isEqualTo(1);
        sink.close();
    }
}
