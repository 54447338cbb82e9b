package org.flowsec.detect.flood;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.DetectorParams;

/**
 * The {@code flood:} section of the detection config; see docs/detectors.md (section flood). Rates are per second of
 * event time, measured over buckets of {@link #bucketSeconds} keyed by flow start; packets and bytes are
 * already scaled by sampling. A flow longer than a bucket adds its average rate (packets × bucket / duration),
 * never its whole volume, so a long flow cut by the active timeout does not look like a burst.
 */
public final class FloodParams extends DetectorParams {
    /** Length of one rate bucket, seconds. Default 10 (research §10.2: buckets of 10 s - 1 min). */
    public int bucketSeconds = 10;

    /** Thresholds for home hosts outside every {@link #groups} entry (FastNetMon's global thresholds). */
    public Thresholds thresholds = new Thresholds();

    /** Host groups with their own thresholds, FastNetMon's {@code hostgroup}; the first matching group wins. */
    public List<Group> groups = new ArrayList<>();

    /**
     * Inbound UDP from many sources sharing one of these source ports is reported as amplification, named
     * after the service. Default: chargen 19, qotd 17, DNS 53, NTP 123, SNMP 161, CLDAP 389, IKE 500,
     * IKE NAT-T 4500, SSDP 1900, memcached 11211, WS-Discovery 3702, portmap 111 (US-CERT TA14-017A and later
     * advisories). NetBIOS 137 and mDNS 5353 are left out: LAN hosts broadcast from them all day.
     */
    public List<Integer> amplificationPorts = new ArrayList<>(AmplificationPorts.DEFAULT_PORTS);

    /**
     * Amplification: inbound flows from one well-known source port within the current and previous bucket
     * (20 s by default; a short burst often straddles a bucket boundary). Default 20.
     */
    public long amplificationMinFlows = 20;
    /** Amplification: distinct sources using that port in one bucket. Default 20 (a client has a few resolvers). */
    public int amplificationMinSources = 20;
    /**
     * Amplification: inbound answers per outbound question of the same port (a busy resolver asks as often
     * as it is answered; a victim never asked). Default 4.
     */
    public double amplificationUnsolicitedRatio = 4;

    /**
     * Packet, bit and flow floods (not SYN or reflection floods, whose victims may answer every packet) need
     * this many inbound flows per outbound flow of the victim in the bucket: busy servers and clients answer
     * or asked for what they receive, a flood's victim does not. SYN-ACK reflection needs this many SYN-ACK-only
     * flows per connection the host opened itself (TCP flow out with SYN, from a higher port to a lower one):
     * a busy client's half-finished connections come back as SYN-ACK-only flows too. Default 3. 0 turns the
     * check off (for exporters that only see one direction).
     */
    public double unansweredRatio = 3;

    /** Baseline: EWMA weight of a new bucket, 0..1. Default 0.05 (research §2.3: lambda 0.1-0.3 per point; buckets are short). */
    public double baselineAlpha = 0.05;
    /** Baseline: alert when a bucket exceeds mean + k·σ. Default 6 (research: z-score > 4; higher for short buckets). */
    public double baselineK = 6;
    /** Baseline: buckets seen before a host's baseline is trusted. Default 30 (5 min at 10 s buckets). */
    public int baselineWarmupBuckets = 30;
    /** Baseline: never alert below this many flows per second. Default 100 (twice ntopng's 50 SYN/s host check). */
    public double baselineMinFlowsPerSecond = 100;
    /** Baseline: never alert below this many packets per second. Default 2000. */
    public double baselineMinPacketsPerSecond = 2000;

    /** Discrepancy: interval over which inbound and outbound flows of a host are compared, seconds. Default 300 (FlowScan's 5 min). */
    public int discrepancyIntervalSeconds = 300;
    /** Discrepancy: one direction must carry this many flows in the interval; 0 turns the check off. Default 100. */
    public long discrepancyMinFlows = 100;
    /** Discrepancy: … and at least this many times the other direction's flows (+1). Default 10 (research §2.5). */
    public double discrepancyRatio = 10;
    /** Discrepancy: distinct remote hosts on the busy side, so one scanner or one sensor feed is not a flood. Default 10. */
    public int discrepancyMinSources = 10;

    /** Home-wide per-protocol packet change: interval, seconds. Default 60. */
    public int protocolIntervalSeconds = 60;
    /** Protocol change: alert when the interval exceeds mean + k·σ … Default 6. */
    public double protocolK = 6;
    /** … and this many times the mean … Default 4. */
    public double protocolRatio = 4;
    /** … and this many packets per second. Default 10000. 0 turns the check off. */
    public double protocolMinPacketsPerSecond = 10_000;
    /** Protocol change: intervals learned before alerting. Default 10. */
    public int protocolWarmupIntervals = 10;

    /** A flood ends after this many seconds of event time without a flow of it. Default 60. */
    public int endAfterSeconds = 60;
    /** Most home destinations tracked at once; the least recently seen is evicted (counted). Default 100000. */
    public int maxDestinations = 100_000;
    /** Most floods followed at once (each holds a distinct-source counter of 4 KiB); more are counted, not reported. Default 1024. */
    public int maxFloods = 1024;

    /** Rate thresholds of one host group. A flood needs one rate crossed and {@link #minSources} sources. */
    public static final class Thresholds {
        /** Flows per second to one host. Default 3500 (FastNetMon {@code threshold_flows}). */
        public double flowsPerSecond = 3500;
        /** Packets per second to one host. Default 20000 (FastNetMon {@code threshold_pps}). */
        public double packetsPerSecond = 20_000;
        /** Bits per second to one host. Default 1e9 (FastNetMon {@code threshold_mbps} 1000). */
        public double bitsPerSecond = 1e9;
        /**
         * SYN-only flows per second (SYN without ACK; SYN-ACK-only flows for reflection) to one host.
         * Default 100 (ntopng's SYN flood victim check alerts at 50 SYN/s; doubled for busy servers).
         */
        public double synPerSecond = 100;
        /** Distinct sources in the deciding bucket; one heavy source is a big talker, not a flood. Default 20. */
        public int minSources = 20;
    }

    /** A host group: name, prefixes, thresholds. */
    public static final class Group {
        /** Shown in alerts. */
        public String name = "";
        /** Addresses or prefixes of the group's hosts. */
        public List<String> prefixes = new ArrayList<>();
        /** The group's thresholds; unset keys take the built-in defaults, not the default group's. */
        public Thresholds thresholds = new Thresholds();
    }
}
