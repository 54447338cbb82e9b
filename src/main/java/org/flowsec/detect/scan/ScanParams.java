package org.flowsec.detect.scan;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.DetectorParams;

/**
 * The {@code scan:} section of the detection config (docs/detectors.md (section scan)). Plain data: the initial value of
 * each field is its default; YAML keys are the snake_case field names ({@code horizontal_hosts: 25}).
 */
public final class ScanParams extends DetectorParams {
    /**
     * Horizontal scan: distinct hosts that one source failed to reach on one (protocol, port) before it is named,
     * when failures are at least as many as answered contacts on that port. Default 25, Zeek's
     * {@code Scan::addr_scan_threshold} and bro-simple-scan's remote threshold.
     */
    public int horizontalHosts = 25;

    /**
     * Vertical scan: distinct ports (or IP protocols) of one host that one source failed to reach, when failures
     * are at least as many as answered ports. Default 15, Zeek's {@code Scan::port_scan_threshold}.
     */
    public int verticalPorts = 15;

    /**
     * ICMP echo sweep: distinct hosts of one /24 (IPv6: /64) that one source sent echo requests to, answered or
     * not, provided at least a quarter of them did not answer. Default 16: host discovery of a LAN (nmap -sn)
     * touches every address, used or not; ordinary clients ping a few hosts, and monitors that ping a server farm
     * reach only live hosts (monitors that ping dead ones belong in {@code allow}).
     */
    public int icmpSweepHosts = 16;

    /**
     * OS fingerprinting / crafted probes: distinct (port, probe shape) pairs of crafted probes one source sent to
     * one host (SYN+FIN, NULL, FIN/Xmas, SYN then RST, handshake then RST without data, ICMP timestamp, address
     * mask and information requests, echo requests with a non-zero code). Default 3: real stacks never send
     * these shapes; nmap -O and xprobe2 send a dozen.
     */
    public int fingerprintProbes = 3;

    /** TRW: probability that a benign source's first contact with a new host succeeds. Default 0.8 (rwscan, Jung et al.). */
    public double trwTheta0 = 0.8;
    /** TRW: probability that a scanner's first contact succeeds. Default 0.2 (rwscan). */
    public double trwTheta1 = 0.2;
    /** TRW: target false-positive probability. Default 0.01 (rwscan {@code TRW_ALPHA}). */
    public double trwAlpha = 0.01;
    /** TRW: target detection probability. Default 0.99 (rwscan {@code TRW_BETA}). */
    public double trwBeta = 0.99;
    /**
     * A source named by TRW raises a horizontal alert for a (protocol, port) once it failed on this many distinct
     * hosts there. Default 4: with the defaults above TRW needs four failed first contacts in a row.
     */
    public int trwMinHosts = 4;

    /**
     * How long after a probe's end (event time, ms) its reply may still start; the probe's outcome is decided
     * when the watermark passes {@code last + pair_wait_ms}. Default 30 s (rwmatch-style pairing delta).
     */
    public long pairWaitMs = 30_000;

    /**
     * Scan state (per source, per (source, port), per (source, host)) is dropped after this much event time
     * without a new probe, with a final alert update. Default 15 min (bro-simple-scan's {@code &read_expire}),
     * long enough for a slow scan of one probe every 30 s to reach the thresholds.
     */
    public long expiryMs = 15 * 60_000;

    /** Most sources with TRW state; the least recently active is evicted beyond it. Default 1,000,000. */
    public int maxSources = 1_000_000;
    /** Most (source, protocol, port) horizontal keys; least recently active evicted. Default 1,000,000. */
    public int maxHorizontalKeys = 1_000_000;
    /** Most (source, host) vertical keys; least recently active evicted. Default 1,000,000. */
    public int maxVerticalKeys = 1_000_000;
    /**
     * Most probes and replies waiting for their pair; when full the oldest is decided early with what is known.
     * Default 262,144 (about 30 MB).
     */
    public int maxPending = 262_144;
    /**
     * Distinct hosts or ports counted per key; past it the count stops (shown as "at least") so one huge scan
     * cannot flush the shared distinct-set. Default 10,000 (Zeek caps its sets at threshold + 2; we keep counting
     * further so the alert reports the scan's size).
     */
    public int distinctMax = 10_000;

    /**
     * UDP ports that clients legitimately send single datagrams to on many hosts (DNS, NTP). An unanswered probe
     * to them counts only once the source's replies are known to be visible (some of its probes were answered),
     * so a resolver seen one way is not a scanner. Default [53, 123].
     */
    public List<Integer> fanOutUdpPorts = new ArrayList<>(List.of(53, 123));

    /**
     * UDP destination ports ignored entirely: classic traceroute probes one port per hop to one host. Default
     * 33434-33534 given as [first, last].
     */
    public List<Integer> tracerouteUdpPorts = new ArrayList<>(List.of(33434, 33534));

    /**
     * Most alert keys one source raises; further horizontal/vertical findings of the same source are counted
     * ({@code alerts_folded}) but not raised, so a block scan of 1000 ports on 256 hosts is a handful of alerts,
     * not 1256. Default 8.
     */
    public int maxAlertsPerSource = 8;
}
