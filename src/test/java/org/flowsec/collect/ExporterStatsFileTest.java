package org.flowsec.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterStatsFileTest {
    private static CollectorStats sample(long flows, long started, long taken) {
        var exporter = new CollectorStats.ExporterStats("192.0.2.1", 258, 5, 10, flows, 14_640,
                Map.of("TRUNCATED", 2L), 0, started, taken, 1, 30, 30, 1, 0, 0);
        var v6 = new CollectorStats.ExporterStats("2001:db8::1", 7, 9, 4, 40, 6000, Map.of(), 3, started, taken,
                0, 0, 0, 0, 0, 1);
        var listener = new CollectorStats.ListenerStats("127.0.0.1:2055", 14, 20_640, 1, 2, 16 << 20, 4 << 20);
        return CollectorStats.of(started, taken, List.of(listener),
                List.of(new CollectorStats.ForwardStats("127.0.0.1:9995", 14, 0)), List.of(exporter, v6),
                List.of(new CollectorStats.RejectedSource("203.0.113.9", 5)), 0);
    }

    @Test
    void whatIsWrittenReadsBackEqual(@TempDir Path dir) throws IOException {
        ExporterStatsFile f = ExporterStatsFile.in(dir);
        CollectorStats s = sample(300, 1_000, 2_000);
        f.write(s);
        assertThat(f.path()).isEqualTo(dir.resolve("exporters.json"));
        assertThat(f.read()).contains(s);
        assertThat(Files.readString(f.path())).contains("\"estimatedLostFlows\" : 30").contains("\"192.0.2.1\"");
        assertThat(dir.resolve("exporters.json.tmp")).doesNotExist();
    }

    @Test
    void aMissingFileReadsAsNothingAndACorruptOneSaysWhatToDo(@TempDir Path dir) throws IOException {
        ExporterStatsFile f = ExporterStatsFile.in(dir);
        assertThat(f.read()).isEmpty();
        Files.writeString(f.path(), "{\"startedMillis\": 1, \"exporters\": [");
        assertThatThrownBy(f::read).isInstanceOf(IOException.class).hasMessageContaining("delete the file");
    }

    @Test
    void aRestartAddsThePreviousCountersToTheNewOnes() {
        CollectorStats before = sample(300, 1_000, 2_000);
        CollectorStats now = sample(100, 5_000, 6_000);
        CollectorStats sum = now.plus(before);
        assertThat(sum.startedMillis()).isEqualTo(1_000);
        assertThat(sum.takenMillis()).isEqualTo(6_000);
        var e = sum.exporters().get(0);
        assertThat(e.flows()).isEqualTo(400);
        assertThat(e.decodeErrors()).containsEntry("TRUNCATED", 4L);
        assertThat(e.firstSeenMillis()).isEqualTo(1_000);
        assertThat(e.lastSeenMillis()).isEqualTo(6_000);
        assertThat(sum.totals().flows()).isEqualTo(480);
        assertThat(sum.totals().queueDrops()).isEqualTo(2);
        assertThat(sum.totals().rejectedDatagrams()).isEqualTo(10);
        assertThat(sum.forwards().get(0).sent()).isEqualTo(28);
        assertThat(sum.listeners().get(0).rcvbufActual()).isEqualTo(4 << 20);
    }
}
