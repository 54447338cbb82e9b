package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final long T0 = 1_764_000_000_000L;
    private static final long MIN = 60_000;

    private static long observeAll(Watermark w, FlowBatch b) {
        for (int r = 0; r < b.size(); r++) {
            w.observe(b, r);
        }
        return w.update();
    }

    @Test
    void staysUnsetUntilTheFirstFlow() {
        Watermark w = new Watermark(2 * MIN, 5 * MIN);
        assertThat(w.update()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void followsTheNewestFlowEndMinusTheLateness() {
        Watermark w = new Watermark(2 * MIN, 5 * MIN);
        long wm = observeAll(w, TestFlows.batch()
                .flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 10 * MIN)
                .flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 4 * MIN).build());
        assertThat(wm).isEqualTo(T0 + 8 * MIN);
    }

    @Test
    void aLongFlowWithAnOldStartDoesNotHoldTheWatermarkBackButIsNotLateEither() {
        Watermark w = new Watermark(2 * MIN, 5 * MIN);
        observeAll(w, TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0 + 29 * MIN, T0 + 30 * MIN).build());
        // cut by a 30-minute active timeout: starts at T0, ends now
        FlowBatch longFlow = TestFlows.batch().flow("10.0.0.3", "10.0.0.4", 443, T0, T0 + 30 * MIN).build();
        assertThat(w.observe(longFlow, 0)).isFalse();
        assertThat(w.update()).isEqualTo(T0 + 28 * MIN);
        assertThat(w.lateFlows()).isZero();
    }

    @Test
    void theSlowestActiveExporterHoldsTheWatermark() {
        Watermark w = new Watermark(2 * MIN, 5 * MIN);
        long wm = observeAll(w, TestFlows.batch()
                .from("192.0.2.1", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 10 * MIN)
                .from("192.0.2.2", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 7 * MIN).build());
        assertThat(wm).isEqualTo(T0 + 5 * MIN);
    }

    @Test
    void observationDomainsOfOneExporterAreSeparateSources() {
        Watermark w = new Watermark(0, 5 * MIN);
        long wm = observeAll(w, TestFlows.batch()
                .from("192.0.2.1", 1).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 10 * MIN)
                .from("192.0.2.1", 2).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 8 * MIN).build());
        assertThat(wm).isEqualTo(T0 + 8 * MIN);
        assertThat(w.exporters()).isEqualTo(2);
    }

    @Test
    void anIdleExporterStopsHoldingTheWatermarkBack() {
        Watermark w = new Watermark(2 * MIN, 5 * MIN);
        observeAll(w, TestFlows.batch()
                .from("192.0.2.1", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + MIN)
                .from("192.0.2.2", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 2 * MIN).build());
        // exporter 1 goes silent; exporter 2 moves on 6 minutes past it
        long wm = observeAll(w, TestFlows.batch()
                .from("192.0.2.2", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 7 * MIN).build());
        assertThat(wm).isEqualTo(T0 + 5 * MIN);
    }

    @Test
    void neverGoesBackwardsWhenASilentExporterReturns() {
        Watermark w = new Watermark(0, 5 * MIN);
        observeAll(w, TestFlows.batch()
                .from("192.0.2.1", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0)
                .from("192.0.2.2", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 20 * MIN).build());
        assertThat(w.current()).isEqualTo(T0 + 20 * MIN);
        long wm = observeAll(w, TestFlows.batch()
                .from("192.0.2.1", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 16 * MIN).build());
        assertThat(wm).isEqualTo(T0 + 20 * MIN);
    }

    @Test
    void flowsEndingBeforeTheWatermarkAreCountedLate() {
        Watermark w = new Watermark(MIN, 5 * MIN);
        observeAll(w, TestFlows.batch().flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 10 * MIN).build());
        FlowBatch b = TestFlows.batch()
                .flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 8 * MIN)
                .flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 9 * MIN + 30_000).build();
        assertThat(w.observe(b, 0)).isTrue();
        assertThat(w.observe(b, 1)).isFalse();
        assertThat(w.lateFlows()).isEqualTo(1);
    }

    @Test
    void exportersBeyondTheCapAreCountedNotTracked() {
        Watermark w = new Watermark(0, 5 * MIN);
        TestFlows t = TestFlows.batch();
        for (int i = 0; i <= Watermark.MAX_EXPORTERS; i++) {
            t.from("2001:db8::" + Integer.toHexString(i + 1), 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + MIN);
        }
        observeAll(w, t.build());
        assertThat(w.exporters()).isEqualTo(Watermark.MAX_EXPORTERS);
        assertThat(w.untrackedFlows()).isEqualTo(1);
        assertThat(w.current()).isEqualTo(T0 + MIN);
    }

    @Test
    void refusesANegativeLateness() {
        assertThatThrownBy(() -> new Watermark(-1, MIN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flowsEndingBeyondTheFutureLimitDoNotMoveTheWatermark() {
        Watermark w = new Watermark(0, 5 * MIN);
        w.limitFuture(T0 + 60 * MIN);
        long wm = observeAll(w, TestFlows.batch()
                .from("192.0.2.1", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 10 * MIN)
                .from("192.0.2.2", 0).flow("10.0.0.1", "10.0.0.2", 80, T0, T0 + 9 * MIN)
                .from("192.0.2.3", 0).flow("10.0.0.1", "10.0.0.2", 80, T0 + 1000 * MIN, T0 + 1000 * MIN).build());
        assertThat(wm).as("the others do not look idle").isEqualTo(T0 + 9 * MIN);
        assertThat(w.futureFlows()).isEqualTo(1);
    }
}
