package org.flowsec.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowsec.base.Quantities;
import org.flowsec.detect.bigtalker.BigTalkerParams;
import org.flowsec.detect.bruteforce.BruteForceParams;
import org.flowsec.detect.flood.FloodParams;
import org.flowsec.detect.newservice.NewServiceParams;
import org.flowsec.detect.p2p.P2pParams;
import org.flowsec.detect.scan.ScanParams;
import org.flowsec.detect.signature.SignatureParams;

/**
 * The whole detection config ({@code flowsec.yaml}), bound from YAML with snake_case keys. Every field has a
 * working default; only {@code home} is worth setting on day one. Durations are text ({@code 90s}, {@code 2m},
 * {@code 1h}; a bare number is seconds), sizes too ({@code 100M}).
 */
public final class DetectConfig {
    /** Local networks; empty means the private ranges ({@link HomeNetworks#PRIVATE_RANGES}). */
    public List<String> home = new ArrayList<>();

    /**
     * How far the watermark stays behind the slowest active exporter's newest flow end (default {@code 2m}):
     * covers the exporters' inactive timeout (15-60 s) plus export delay; see docs/detectors.md, time model.
     */
    public String lateness = "2m";
    /** An exporter whose newest flow end lags the newest exporter's by more than this stops holding the watermark (default {@code 5m}). */
    public String idleExporter = "5m";
    /** A repeat of an alert within this much event time after its last flow updates it instead of raising a new one (default {@code 10m}). */
    public String suppression = "10m";
    /** Sinks get at most one update per alert per this much event time (default {@code 60s}). */
    public String updateInterval = "60s";
    /** Open (suppressible) alerts kept at most; the least recently raised is closed early (default 100000). */
    public int maxOpenAlerts = 100_000;
    /**
     * Threads that run the detectors side by side (default 0: as many as the machine has cores, at most 2 —
     * scan alone takes a third of detection's time, so more would wait on it).
     */
    public int threads = 0;
    /** Where alerts go besides the store's alert log. */
    public AlertsConfig alerts = new AlertsConfig();

    public ScanParams scan = new ScanParams();
    public FloodParams flood = new FloodParams();
    public SignatureParams signature = new SignatureParams();
    public P2pParams p2p = new P2pParams();
    public BruteForceParams bruteforce = new BruteForceParams();
    public BigTalkerParams bigtalker = new BigTalkerParams();
    public NewServiceParams newservice = new NewServiceParams();

    /** The detector sections by their config key (also the detector names), in documentation order. */
    public Map<String, DetectorParams> detectorSections() {
        Map<String, DetectorParams> m = new LinkedHashMap<>();
        m.put("scan", scan);
        m.put("flood", flood);
        m.put("signature", signature);
        m.put("p2p", p2p);
        m.put("bruteforce", bruteforce);
        m.put("bigtalker", bigtalker);
        m.put("newservice", newservice);
        return m;
    }

    public long latenessMillis() { return millis("lateness", lateness); }

    public long idleExporterMillis() { return millis("idle_exporter", idleExporter); }

    public long suppressionMillis() { return millis("suppression", suppression); }

    public long updateIntervalMillis() { return millis("update_interval", updateInterval); }

    /** Upper bound of the default {@code threads}. */
    static final int DEFAULT_MAX_THREADS = 2;

    /** {@code threads}, with 0 resolved against the machine's cores. */
    public int threads() {
        return threads > 0 ? threads : Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors());
    }

    public AlertPipeline.Settings pipelineSettings() {
        return new AlertPipeline.Settings(suppressionMillis(), updateIntervalMillis(), maxOpenAlerts);
    }

    /**
     * Checks what binding cannot: durations, sizes, prefixes in {@code home} and every {@code allow} list, the
     * alert sinks. Throws IllegalArgumentException with a one-line message naming the key.
     */
    public void check() {
        HomeNetworks.of(home);
        latenessMillis();
        if (idleExporterMillis() <= 0) {
            throw new IllegalArgumentException("idle_exporter must be positive");
        }
        suppressionMillis();
        updateIntervalMillis();
        if (maxOpenAlerts < 1) {
            throw new IllegalArgumentException("max_open_alerts must be at least 1");
        }
        if (threads < 0 || threads > 64) {
            throw new IllegalArgumentException("threads must be between 1 and 64, or 0 for one per core (at most "
                    + DEFAULT_MAX_THREADS + ")");
        }
        for (Map.Entry<String, DetectorParams> e : detectorSections().entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(e.getKey() + " must be a section, e.g. '" + e.getKey() + ": {}'");
            }
            PrefixList.parse(e.getKey() + ".allow", e.getValue().allow);
        }
        if (alerts == null) {
            alerts = new AlertsConfig();
        }
        alerts.check();
    }

    static long millis(String key, String text) {
        try {
            return Quantities.duration(text == null ? "" : text).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    static long size(String key, String text) {
        try {
            return Quantities.bytes(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
