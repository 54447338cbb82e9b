package org.flowsec.detect;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of a detector, as sinks and {@code flowsec alerts} show it.
 *
 * <p>{@code key} identifies "the same alert" for suppression: a detector raises the same key again when it
 * learns more about one scan, one flood, one brute-force run, and the pipeline turns the repeat into an
 * update of the first alert (same {@code id}, larger counts, later {@code last}) instead of a new alert.
 * Detectors leave {@code id} null and {@code detectedAt} 0; the pipeline fills both.
 *
 * @param id          stable identifier assigned by the pipeline (null until then)
 * @param detector    detector name: scan, flood, signature, p2p, bruteforce, bigtalker, newservice
 * @param severity    how urgent
 * @param first       event time (UTC ms) of the earliest flow behind the alert
 * @param last        event time (UTC ms) of the latest flow behind the alert
 * @param detectedAt  wall-clock time (UTC ms) the alert was raised or last updated (0 until the pipeline sets it)
 * @param summary     one sentence a person can read
 * @param srcAddr     the source concerned (text form), or null
 * @param dstAddr     the destination concerned (text form), or null
 * @param proto       IP protocol number, or null when several
 * @param ports       ports concerned (may be empty; capped by the detector)
 * @param counts      the counts that decided it, in a meaningful order
 * @param thresholds  the thresholds they were compared with
 * @param evidence    a filter expression that {@code flowsec query} runs as is to show the flows behind it
 * @param key         suppression key, unique per detector and finding (not shown to users)
 */
public record Alert(String id, String detector, Severity severity, long first, long last, long detectedAt,
                    String summary, String srcAddr, String dstAddr, Integer proto, List<Integer> ports,
                    Map<String, Long> counts, Map<String, Double> thresholds, String evidence, String key) {

    public Alert {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(key, "key");
        ports = ports == null ? List.of() : List.copyOf(ports);
        counts = counts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
        thresholds = thresholds == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(thresholds));
    }

    /** A detector's alert before the pipeline numbers it. */
    public static Alert raised(String detector, String key, Severity severity, long first, long last, String summary,
                               String srcAddr, String dstAddr, Integer proto, List<Integer> ports,
                               Map<String, Long> counts, Map<String, Double> thresholds, String evidence) {
        return new Alert(null, detector, severity, first, last, 0, summary, srcAddr, dstAddr, proto, ports,
                counts, thresholds, evidence, key);
    }

    public Alert withId(String newId, long newDetectedAt) {
        return new Alert(newId, detector, severity, first, last, newDetectedAt, summary, srcAddr, dstAddr, proto,
                ports, counts, thresholds, evidence, key);
    }
}
