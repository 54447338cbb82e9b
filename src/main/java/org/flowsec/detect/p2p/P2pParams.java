package org.flowsec.detect.p2p;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.DetectorParams;

/**
 * The {@code p2p:} section of the detection config; see docs/detectors.md (section p2p). {@code allow} lists local hosts
 * that may use P2P (a Linux mirror seeding ISO images over BitTorrent).
 */
public final class P2pParams extends DetectorParams {
    /** Use the built-in profiles bittorrent, gnutella and edonkey (rendezvous and peer ports). Default true. */
    public boolean builtinProfiles = true;

    /**
     * Extra rendezvous points (trackers, index servers) by address and/or port. {@code profile} names a built-in
     * profile or a new one. Contact with one marks the local host as a user of the profile. Default none.
     */
    public List<Rendezvous> rendezvous = new ArrayList<>();

    /**
     * How long (seconds of event time) a local host stays a P2P user after its last P2P flow (FlowScan's
     * NapUser retirement). Default 1800 (30 minutes, as FlowScan).
     */
    public long retirementSeconds = 1800;

    /**
     * Distinct remote peers on a profile's peer ports (e.g. 6881-6889) that make a local host a user when no
     * rendezvous was seen. Default 5.
     */
    public int minPeers = 5;

    /**
     * Look for P2P without known ports: TCP/UDP sessions where both ports are above 1023 and neither is a known
     * service port, with many distinct peers. Default true.
     */
    public boolean detectMesh = true;

    /** Distinct remote peers in such high-port sessions that make a local host a P2P user. Default 10. */
    public int meshMinPeers = 10;

    /**
     * Ports above 1023 that are services (a flow to one is a client talking to a server, never a peer flow); ports
     * below 1024 always are. Default: common database, proxy, remote-desktop, messaging, streaming, web ports.
     */
    public List<Integer> servicePorts = new ArrayList<>(List.of(1080, 1194, 1433, 1521, 1723, 1883, 1935, 2049,
            3128, 3306, 3389, 3478, 3479, 5060, 5061, 5222, 5223, 5228, 5349, 5432, 5900, 6379, 7000, 8000, 8008,
            8080, 8081, 8443, 8883, 8888, 9000, 9090, 9200, 9418, 11211, 19302, 27017));

    /**
     * (local host, profile) pairs tracked at once (about 1.2 KB each); beyond this new ones are dropped and
     * counted ({@code hosts_dropped}). Default 20000.
     */
    public int maxHosts = 20_000;

    /** One configured rendezvous point. */
    public static final class Rendezvous {
        /** Profile name (bittorrent, gnutella, edonkey, or a new name). Required. */
        public String profile;
        /** Addresses or prefixes of the servers; empty = any address. */
        public List<String> addresses = new ArrayList<>();
        /** Server ports; empty = any port (then addresses must be given). */
        public List<Integer> ports = new ArrayList<>();
    }
}
