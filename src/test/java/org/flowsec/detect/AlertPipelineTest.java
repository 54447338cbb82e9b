package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertPipelineTest {
    private static final long T0 = 1_764_000_000_000L;
    private static final long S = 1000;

    private final AtomicLong wall = new AtomicLong(1_800_000_000_000L);
    private final RecordingSink sink = new RecordingSink();

    private AlertPipeline pipeline(long suppression, long updateInterval, int maxOpen) {
        return new AlertPipeline(new AlertPipeline.Settings(suppression, updateInterval, maxOpen), wall::get, List.of(sink));
    }

    private static Alert scan(String src, long first, long last, long hosts) {
        return Alert.raised("scan", "src " + src, hosts > 100 ? Severity.HIGH : Severity.MEDIUM, first, last,
                src + " probed " + hosts + " hosts.", src, null, 6, List.of(22), Map.of("hosts", hosts),
                Map.of("hosts", 25.0), "src ip " + src);
    }

    @Test
    void idsAreDerivedFromDetectorKeyAndFirstTime() {
        String id = AlertPipeline.id("scan", "src 203.0.113.9", T0);
        assertThat(id).matches("scan-[0-9a-f]{12}");
        assertThat(AlertPipeline.id("scan", "src 203.0.113.9", T0)).isEqualTo(id);
        assertThat(AlertPipeline.id("scan", "src 203.0.113.9", T0 + 1)).isNotEqualTo(id);
        assertThat(AlertPipeline.id("scan", "src 203.0.113.8", T0)).isNotEqualTo(id);
        assertThat(AlertPipeline.id("flood", "src 203.0.113.9", T0)).startsWith("flood-");
    }

    @Test
    void aRepeatWithinTheSuppressionWindowIsAnUpdateOfTheSameAlert() {
        AlertPipeline p = pipeline(600 * S, 60 * S, 100);
        p.raise(scan("203.0.113.9", T0, T0 + 10 * S, 25));
        wall.addAndGet(5000);
        p.raise(scan("203.0.113.9", T0 + 5 * S, T0 + 80 * S, 140));
        assertThat(sink.deliveries).hasSize(2);
        Alert first = sink.deliveries.get(0).alert();
        Alert update = sink.deliveries.get(1).alert();
        assertThat(sink.deliveries.get(0).update()).isFalse();
        assertThat(sink.deliveries.get(1).update()).isTrue();
        assertThat(update.id()).isEqualTo(first.id()).isEqualTo(AlertPipeline.id("scan", "src 203.0.113.9", T0));
        assertThat(update.first()).isEqualTo(T0);
        assertThat(update.last()).isEqualTo(T0 + 80 * S);
        assertThat(update.counts()).containsEntry("hosts", 140L);
        assertThat(update.severity()).isEqualTo(Severity.HIGH);
        assertThat(update.detectedAt()).isEqualTo(first.detectedAt() + 5000);
    }

    @Test
    void updatesArePacedToOnePerIntervalAndTheLastOneGoesOutAtClose() {
        AlertPipeline p = pipeline(600 * S, 60 * S, 100);
        for (int i = 0; i < 50; i++) { // one raise per second of event time
            p.raise(scan("203.0.113.9", T0, T0 + i * S, 25 + i));
        }
        // first at once, then one update at 60 s of event time is not yet reached (last = 49 s)
        assertThat(sink.deliveries).hasSize(1);
        p.raise(scan("203.0.113.9", T0, T0 + 61 * S, 90));
        assertThat(sink.deliveries).hasSize(2);
        p.raise(scan("203.0.113.9", T0, T0 + 62 * S, 91));
        p.close();
        assertThat(sink.deliveries).hasSize(3);
        assertThat(sink.deliveries.get(2).alert().counts()).containsEntry("hosts", 91L);
        assertThat(sink.closed).isTrue();
        assertThat(p.counters()).containsEntry("raised", 52L).containsEntry("alerts", 1L)
                .containsEntry("updates_delivered", 2L);
    }

    @Test
    void aHeldUpdateGoesOutWhenTheWatermarkHasMovedAnInterval() {
        AlertPipeline p = pipeline(600 * S, 60 * S, 100);
        p.raise(scan("203.0.113.9", T0, T0, 25));
        p.raise(scan("203.0.113.9", T0, T0 + 2 * S, 30));
        p.advance(T0 + 30 * S);
        assertThat(sink.deliveries).hasSize(1);
        p.advance(T0 + 61 * S);
        assertThat(sink.deliveries).hasSize(2);
        assertThat(sink.deliveries.get(1).alert().counts()).containsEntry("hosts", 30L);
        p.close();
        assertThat(sink.deliveries).as("nothing changed since").hasSize(2);
    }

    @Test
    void aRaiseAfterTheSuppressionWindowIsANewAlert() {
        AlertPipeline p = pipeline(600 * S, 60 * S, 100);
        p.raise(scan("203.0.113.9", T0, T0 + 10 * S, 25));
        p.raise(scan("203.0.113.9", T0 + 700 * S, T0 + 711 * S, 25));
        assertThat(sink.deliveries).extracting(RecordingSink.Delivery::update).containsExactly(false, false);
        assertThat(sink.alerts().get(1).id()).isNotEqualTo(sink.alerts().get(0).id());
    }

    @Test
    void theWatermarkClosesAlertsPastTheirSuppressionWindow() {
        AlertPipeline p = pipeline(600 * S, 60 * S, 100);
        p.raise(scan("203.0.113.9", T0, T0, 25));
        p.raise(scan("203.0.113.9", T0, T0 + S, 26)); // held
        p.advance(T0 + 602 * S);
        assertThat(p.counters()).containsEntry("open", 0L);
        assertThat(sink.deliveries).hasSize(2);
        p.raise(scan("203.0.113.9", T0 + 100 * S, T0 + 200 * S, 30)); // within 10 min of the last, but closed
        assertThat(sink.deliveries.get(2).update()).isFalse();
    }

    @Test
    void openAlertsAreCappedByClosingTheLeastRecentlyRaised() {
        AlertPipeline p = pipeline(600 * S, 60 * S, 2);
        p.raise(scan("203.0.113.1", T0, T0, 25));
        p.raise(scan("203.0.113.2", T0, T0, 25));
        p.raise(scan("203.0.113.1", T0, T0 + S, 26)); // .1 is now the most recent
        p.raise(scan("203.0.113.3", T0, T0, 25));
        assertThat(p.counters()).containsEntry("open", 2L).containsEntry("open_evicted", 1L);
        p.raise(scan("203.0.113.2", T0, T0 + 2 * S, 27)); // .2 was evicted: a new alert
        assertThat(sink.deliveries).filteredOn(d -> "203.0.113.2".equals(d.alert().srcAddr()))
                .extracting(RecordingSink.Delivery::update).containsExactly(false, false);
    }

    @Test
    void aFailingSinkDoesNotStopTheOthers() {
        AlertSink broken = (alert, update) -> { throw new IllegalStateException("disk full"); };
        AlertPipeline p = new AlertPipeline(AlertPipeline.Settings.DEFAULTS, wall::get, List.of(broken, sink));
        p.raise(scan("203.0.113.9", T0, T0, 25));
        assertThat(sink.deliveries).hasSize(1);
        assertThat(p.counters()).containsEntry("sink_failures", 1L);
    }
}
