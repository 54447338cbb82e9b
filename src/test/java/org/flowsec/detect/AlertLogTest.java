package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertLogTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_764_115_200_000L; // 2025-11-26T00:00:00Z

    @TempDir
    Path store;

    private static Alert alert(String id, String detector, long first, long last, long detectedAt, long hosts) {
        return new Alert(id, detector, Severity.MEDIUM, first, last, detectedAt, "probe " + hosts, "203.0.113.9",
                null, 6, List.of(22), Map.of("hosts", hosts), Map.of("hosts", 25.0), "src ip 203.0.113.9", id);
    }

    @Test
    void keepsOneFilePerDayOfTheAlertsFirstTime() throws Exception {
        try (AlertLog log = AlertLog.in(store)) {
            log.accept(alert("scan-1", "scan", T0 + 3600_000, T0 + 3700_000, T0, 30), false);
            log.accept(alert("flood-2", "flood", T0 + DAY + 10, T0 + DAY + 20, T0, 1), false);
        }
        assertThat(AlertLog.in(store).files()).extracting(p -> p.getFileName().toString())
                .containsExactly("alerts-2025-11-26.jsonl", "alerts-2025-11-27.jsonl");
        assertThat(store.resolve("alerts")).isDirectory();
    }

    @Test
    void readingReturnsTheLatestVersionOfEachAlert() throws Exception {
        try (AlertLog log = AlertLog.in(store)) {
            log.accept(alert("scan-1", "scan", T0, T0 + 10, 100, 30), false);
            log.accept(alert("scan-1", "scan", T0, T0 + 90, 200, 140), true);
            log.accept(alert("scan-2", "scan", T0 + 5, T0 + 50, 150, 26), false);
        }
        AlertLog.Result r = AlertLog.in(store).read(Long.MIN_VALUE, Long.MAX_VALUE, a -> true);
        assertThat(r.alerts()).extracting(Alert::id).containsExactly("scan-1", "scan-2");
        assertThat(r.alerts().get(0).counts()).containsEntry("hosts", 140L);
        assertThat(r.corruptLines()).isZero();
    }

    @Test
    void aTimeRangeSelectsAlertsWhoseSpanOverlapsIt() throws Exception {
        try (AlertLog log = AlertLog.in(store)) {
            log.accept(alert("a", "scan", T0, T0 + 2 * DAY, 1, 1), false); // spans three days
            log.accept(alert("b", "scan", T0 + DAY, T0 + DAY + 10, 1, 1), false);
            log.accept(alert("c", "flood", T0 + 3 * DAY, T0 + 3 * DAY + 10, 1, 1), false);
        }
        AlertLog log = AlertLog.in(store);
        assertThat(log.read(T0 + DAY + 100, T0 + 3 * DAY, a -> true).alerts()).extracting(Alert::id)
                .containsExactly("a");
        assertThat(log.read(T0 + DAY, T0 + DAY + 1, a -> true).alerts()).extracting(Alert::id)
                .containsExactly("a", "b");
        assertThat(log.read(Long.MIN_VALUE, Long.MAX_VALUE, a -> a.detector().equals("flood")).alerts())
                .extracting(Alert::id).containsExactly("c");
    }

    @Test
    void corruptLinesAreCountedAndSkippedAndAHalfWrittenLastLineIsIgnored() throws Exception {
        try (AlertLog log = AlertLog.in(store)) {
            log.accept(alert("scan-1", "scan", T0, T0 + 10, 100, 30), false);
        }
        Path f = AlertLog.in(store).files().get(0);
        Files.writeString(f, "not json\n{\"id\":\"x\"}\n\n" + "{".repeat(AlertLog.MAX_LINE_CHARS + 1) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, StandardOpenOption.APPEND);
        try (AlertLog log = AlertLog.in(store)) {
            log.accept(alert("scan-2", "scan", T0, T0 + 10, 100, 30), false);
        }
        String half = AlertJson.toJson(alert("scan-3", "scan", T0, T0 + 10, 100, 30));
        Files.writeString(f, half.substring(0, 40), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        AlertLog.Result r = AlertLog.in(store).read(Long.MIN_VALUE, Long.MAX_VALUE, a -> true);
        assertThat(r.alerts()).extracting(Alert::id).containsExactly("scan-1", "scan-2");
        assertThat(r.corruptLines()).isEqualTo(4);
    }

    @Test
    void aStoreWithoutAlertsReadsEmpty() throws Exception {
        assertThat(AlertLog.in(store).read(Long.MIN_VALUE, Long.MAX_VALUE, a -> true).alerts()).isEmpty();
    }
}
