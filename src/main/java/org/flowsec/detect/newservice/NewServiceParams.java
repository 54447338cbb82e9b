package org.flowsec.detect.newservice;

import org.flowsec.detect.DetectorParams;

/**
 * The {@code newservice:} section of the detection config (docs/detectors.md (section newservice)). The detector
 * learns which services (protocol, port) each local host offers and uses, then alerts on what is new.
 */
public final class NewServiceParams extends DetectorParams {
    /**
     * How long the profile is learned before anything alerts, in event time from the first flow: default
     * {@code 24h} (a full daily cycle; detection.md section 6 suggests up to 7 days for quiet networks).
     */
    public String learningPeriod = "24h";

    /**
     * Where the profile is saved (JSON, written atomically) and loaded from at start, so a restart does not
     * learn again. Null (default) keeps it in memory only.
     */
    public String profileFile;

    /** How often (event time) a changed profile is saved, default {@code 1h}; it is also saved when learning ends and at shutdown. */
    public String saveInterval = "1h";

    /** Alert (high) when a known local host answers on a service it did not offer before. Default true. */
    public boolean alertNewServices = true;

    /** Alert (high) when a local host never seen before answers as a server. Default true. */
    public boolean alertNewServers = true;

    /**
     * Alert (medium) on every new local host that sends traffic. Default false: DHCP pools and rarely used
     * hosts keep appearing on client networks; turn it on for server networks where every host is known.
     */
    public boolean alertNewHosts = false;

    /**
     * Alert (low) when a known host uses a service as a client that it never used before. Default false:
     * clients try new services all the time; useful for servers that should only talk to a few.
     */
    public boolean alertNewClientServices = false;

    /**
     * The first port of the ephemeral range, default 32768 (Linux; Windows starts at 49152): a port at or
     * above it facing one below it is the client side; two ports at or above it decide nothing.
     */
    public int ephemeralMin = 32768;

    /** Most local hosts in the profile, default 65536; more are not profiled and are counted. */
    public int maxHosts = 65_536;

    /** Most services (offered plus used) per host, default 256; more are not profiled and are counted. */
    public int maxServicesPerHost = 256;

    /** Most services in the whole profile, default 1,000,000 (about 100 MB of heap at worst). */
    public int maxServices = 1_000_000;

    /** Hosts and services not seen for this long (event time) are forgotten, default {@code 30d}. */
    public String expireAfter = "30d";
}
