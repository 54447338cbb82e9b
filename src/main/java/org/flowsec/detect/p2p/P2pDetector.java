package org.flowsec.detect.p2p;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowsec.detect.AlertEmitter;
import org.flowsec.detect.Detector;
import org.flowsec.detect.HomeNetworks;
import org.flowsec.detect.PrefixList;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;

/**
 * Stateful P2P detection, FlowScan's NapServer/NapUser logic generalised (docs/detectors.md (section p2p)).
 *
 * <p>Only flows between a local host and an outside host are looked at. The local host's own contact with a
 * profile's rendezvous point (a tracker or index server, by port or by address) makes it a user of that
 * profile at once; after that, its sessions with outside peers where both ports are above 1023 and neither is
 * a service port are counted as that profile's transfers. Without a rendezvous, a local host becomes a user
 * when it talks to {@code min_peers} distinct peers on a profile's peer ports, or to {@code mesh_min_peers}
 * peers in established high-port sessions (the "mesh" profile: P2P whose ports are unknown). A remote host
 * counts as a peer only once the local host sent it something of its own (not a bare SYN-ACK or a refusal),
 * or UDP went both ways: a flood's victim or a reflection's target only receives, and is no P2P user.
 * Users retire {@code retirement_seconds} after their last P2P flow. Alerts are keyed by (profile, local host) and updated when peers or flows double.
 *
 * <p>A flow costs two port-table reads and, when a port matches or both ports are high, two home lookups;
 * state is only touched for P2P flows, and lookups reuse one probe key, so nothing is allocated per flow.
 */
public final class P2pDetector implements Detector {
    private static final int RST = 0x04;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    /** IPv4 + UDP headers: a datagram of this size carries no payload. */
    private static final long UDP_HEADER_BYTES = 28;

    private final P2pParams params;
    private final HomeNetworks home;
    private final PrefixList allow;
    private final AlertEmitter out;
    private final List<Profile> profiles = new ArrayList<>();
    private final Map<String, List<String>> addressTexts = new HashMap<>();
    private final int meshIndex;
    private final int[] rendezvousMask = new int[65536];
    private final int[] peerMask = new int[65536];
    private final boolean[] service = new boolean[65536];
    private final boolean addressRules;
    private final String servicePortList;
    private final long retirementMs;
    private final Map<HostKey, HostProfile> hosts = new HashMap<>();
    private final HostKey probe = new HostKey();
    private long watermark = Long.MIN_VALUE;

    private long p2pFlows;
    private long lateFlows;
    private long alertsRaised;
    private long hostsRetired;
    private long hostsDropped;

    public P2pDetector(P2pParams params, HomeNetworks home, AlertEmitter out) {
        this.params = params;
        this.home = home;
        this.allow = PrefixList.parse("p2p allow", params.allow);
        this.out = out;
        if (params.builtinProfiles) {
            profiles.addAll(Profile.builtins());
        }
        boolean anyAddress = false;
        for (P2pParams.Rendezvous r : params.rendezvous) {
            if (r == null || r.profile == null || r.profile.isBlank()) {
                throw new IllegalArgumentException("p2p rendezvous: every entry needs a profile name");
            }
            Profile p = profile(r.profile.toLowerCase(Locale.ROOT));
            List<String> addresses = r.addresses == null ? List.of() : r.addresses;
            List<Integer> ports = r.ports == null ? List.of() : r.ports;
            ports.forEach(x -> checkPort(x, "rendezvous ports"));
            if (addresses.isEmpty()) {
                if (ports.isEmpty()) {
                    throw new IllegalArgumentException("p2p rendezvous for " + r.profile + ": give addresses, ports or both");
                }
                p.rendezvousPorts.addAll(ports);
            } else {
                p.addAddresses(PrefixList.parse("p2p rendezvous addresses", addresses), ports);
                addressTexts.computeIfAbsent(p.name, k -> new ArrayList<>()).addAll(addresses);
                anyAddress = true;
            }
        }
        this.addressRules = anyAddress;
        if (params.detectMesh) {
            profiles.add(Profile.mesh());
        }
        if (profiles.size() > 31) {
            throw new IllegalArgumentException("p2p: at most 31 profiles");
        }
        this.meshIndex = params.detectMesh ? profiles.size() - 1 : -1;
        for (int i = 0; i < profiles.size(); i++) {
            for (int port : profiles.get(i).rendezvousPorts) {
                rendezvousMask[port] |= 1 << i;
            }
            for (int port : profiles.get(i).peerPorts) {
                peerMask[port] |= 1 << i;
            }
        }
        for (int p = 0; p < 1024; p++) {
            service[p] = true;
        }
        StringBuilder list = new StringBuilder();
        for (Integer p : params.servicePorts) {
            checkPort(p, "service_ports");
            service[p] = true;
            list.append(list.length() == 0 ? "" : " ").append(p);
        }
        this.servicePortList = list.toString();
        if (params.retirementSeconds <= 0 || params.minPeers < 1 || params.meshMinPeers < 1 || params.maxHosts < 1) {
            throw new IllegalArgumentException("p2p: retirement_seconds, min_peers, mesh_min_peers and max_hosts must be positive");
        }
        this.retirementMs = params.retirementSeconds * 1000;
    }

    private static void checkPort(Integer p, String what) {
        if (p == null || p < 0 || p > 65535) {
            throw new IllegalArgumentException("p2p " + what + ": " + p + " is not a port 0..65535");
        }
    }

    private Profile profile(String name) {
        for (Profile p : profiles) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        if (name.equals(Profile.MESH)) {
            throw new IllegalArgumentException("p2p: 'mesh' is the built-in catch-all, not a rendezvous profile");
        }
        Profile p = new Profile(name, name);
        profiles.add(p);
        return p;
    }

    @Override
    public String name() { return "p2p"; }

    @Override
    public void accept(FlowBatch b, int row) {
        long proto = b.get(Field.PROTO, row);
        if (proto != Protocols.TCP && proto != Protocols.UDP) {
            return;
        }
        int sp = (int) b.get(Field.SRC_PORT, row);
        int dp = (int) b.get(Field.DST_PORT, row);
        if (((sp | dp) & ~0xFFFF) != 0) {
            return; // not a port: a corrupt record must not index past the port tables
        }
        boolean portHit = (rendezvousMask[sp] | rendezvousMask[dp] | peerMask[sp] | peerMask[dp]) != 0;
        boolean highPair = sp > 1023 && dp > 1023 && !service[sp] && !service[dp];
        if (!portHit && !highPair && !addressRules) {
            return;
        }
        long sHi = b.hi(Field.SRC_ADDR, row);
        long sLo = b.lo(Field.SRC_ADDR, row);
        long dHi = b.hi(Field.DST_ADDR, row);
        long dLo = b.lo(Field.DST_ADDR, row);
        boolean srcHome = home.isHome(sHi, sLo);
        if (srcHome == home.isHome(dHi, dLo)) {
            return; // P2P peers are outside; LAN traffic (RPC on dynamic ports) would only mislead
        }
        int flags = proto == Protocols.TCP ? (int) b.get(Field.TCP_FLAGS, row) : 0;
        boolean bareRst = (flags & RST) != 0 && (flags & (SYN | PSH)) == 0;
        if (bareRst) {
            return; // a refusal, whichever way it goes, is nobody's P2P session
        }
        boolean established = proto == Protocols.UDP || (flags & ACK) != 0;
        boolean tcp = proto == Protocols.TCP;
        // What the flow shows of the local host's part. A P2P peer sends to its peers; a flood's victim or a
        // reflection's target only receives, so an inbound flow never makes a peer on its own. Nor does a
        // handshake answer without data (SYN-ACK: what a SYN flood's victim sends back).
        int what;
        if (tcp) {
            boolean synAckOnly = (flags & (SYN | ACK)) == (SYN | ACK) && (flags & PSH) == 0;
            what = srcHome && !synAckOnly ? HostProfile.SENT : 0;
        } else {
            what = srcHome ? HostProfile.UDP_OUT : HostProfile.UDP_IN;
        }
        // A rendezvous contact is the local host's own request: TCP past the handshake (a SYN probe of the
        // tracker port by a port scan is no contact), UDP with payload.
        boolean contact = srcHome && (tcp ? (flags & ACK) != 0
                : b.get(Field.BYTES, row) > UDP_HEADER_BYTES * b.get(Field.PACKETS, row));
        if (srcHome) {
            side(b, row, sHi, sLo, dHi, dLo, sp, dp, established, highPair, (int) proto, what, contact);
        } else {
            side(b, row, dHi, dLo, sHi, sLo, dp, sp, established, highPair, (int) proto, what, contact);
        }
    }

    private void side(FlowBatch b, int row, long lHi, long lLo, long rHi, long rLo, int localPort, int remotePort,
                      boolean established, boolean highPair, int proto, int what, boolean contact) {
        boolean outbound = what == HostProfile.SENT || what == HostProfile.UDP_OUT;
        if (!outbound && !established || allow.contains(lHi, lLo)) {
            return;
        }
        int rendezvous = localPort > 1023 ? rendezvousMask[remotePort] : 0;
        if (addressRules) {
            for (int i = 0; i < profiles.size(); i++) {
                if (profiles.get(i).rendezvousAddress(rHi, rLo, remotePort)) {
                    rendezvous |= 1 << i;
                }
            }
        }
        if (rendezvous != 0) {
            for (int i = 0; i < profiles.size(); i++) {
                if ((rendezvous & 1 << i) != 0) {
                    // the server's replies only add to a user already known
                    HostProfile h = contact ? state(i, lHi, lLo) : hosts.get(probe.set(lHi, lLo, i));
                    if (h != null && (contact || h.rendezvousContacts > 0)) {
                        if (contact && h.rendezvousContacts++ == 0) {
                            h.rendezvousHi = rHi;
                            h.rendezvousLo = rLo;
                            h.rendezvousPort = remotePort;
                            h.rendezvousProto = proto;
                        }
                        count(h, b, row);
                    }
                }
            }
            return;
        }
        if (service[remotePort]) {
            return; // a client of a service, not a peer
        }
        if (localPort < 1024 || service[localPort]) {
            return; // the local host serves (web, mail, ...): a remote client's ephemeral port may fall in a peer range
        }
        int peers = peerMask[remotePort] | peerMask[localPort];
        if (peers != 0) {
            // on a profile's own ports, whatever the local host sends (its SYN attempts too) shows it is a peer
            int shown = what == HostProfile.UDP_OUT ? HostProfile.SENT : what;
            boolean localOnly = peerMask[remotePort] == 0;
            for (int i = 0; i < profiles.size(); i++) {
                if ((peers & 1 << i) != 0 && (!localOnly || listening(i, lHi, lLo, localPort, shown))) {
                    peerFlow(i, b, row, lHi, lLo, rHi, rLo, shown, true);
                }
            }
            return;
        }
        // a mesh peer must have been talked with: TCP past the handshake, or UDP both ways (one-way UDP to
        // random hosts is a scan, from many hosts a flood or a reflection, not P2P)
        if (!highPair || !established) {
            return;
        }
        boolean classified = false;
        for (int i = 0; i < profiles.size(); i++) {
            if (i == meshIndex) {
                continue;
            }
            HostProfile h = hosts.get(probe.set(lHi, lLo, i));
            if (h != null && h.rendezvousContacts > 0) {
                peerFlow(i, b, row, lHi, lLo, rHi, rLo, what, false);
                classified = true;
            }
        }
        if (!classified && meshIndex >= 0) {
            peerFlow(meshIndex, b, row, lHi, lLo, rHi, rLo, what, false);
        }
    }

    /**
     * Counts a peer flow in a profile. A flow that shows nothing of the local host (inbound TCP) only adds to
     * a host already tracked, so a one-way flood never even creates state.
     */
    private void peerFlow(int profile, FlowBatch b, int row, long lHi, long lLo, long rHi, long rLo, int what,
                          boolean portFlow) {
        HostProfile h = what != 0 ? state(profile, lHi, lLo) : hosts.get(probe.set(lHi, lLo, profile));
        if (h == null) {
            return;
        }
        if (portFlow) {
            h.portFlows = true;
        } else {
            h.meshFlows = true;
        }
        if (what != 0) {
            h.addPeer(rHi, rLo, what);
        }
        count(h, b, row);
    }

    /**
     * A flow that matches a profile only by the local host's port counts when that port is the host's one
     * listening port for the profile (the first such port seen): peers keep coming to the same port, while an
     * ephemeral client port that collides with the range is a different port each time.
     */
    private boolean listening(int profile, long hi, long lo, int localPort, int what) {
        HostProfile h = what != 0 ? state(profile, hi, lo) : hosts.get(probe.set(hi, lo, profile));
        if (h == null) {
            return false;
        }
        if (h.listenPort < 0) {
            h.listenPort = localPort;
        }
        return h.listenPort == localPort;
    }

    private HostProfile state(int profile, long hi, long lo) {
        HostProfile h = hosts.get(probe.set(hi, lo, profile));
        if (h == null) {
            if (hosts.size() >= params.maxHosts) {
                hostsDropped++;
                return null;
            }
            h = new HostProfile(profile, hi, lo);
            hosts.put(probe.copy(), h);
        }
        return h;
    }

    private void count(HostProfile h, FlowBatch b, int row) {
        p2pFlows++;
        if (b.get(Field.LAST, row) < watermark) {
            lateFlows++;
        }
        h.seen(b.get(Field.FIRST, row), b.get(Field.LAST, row), b.get(Field.PACKETS, row), b.get(Field.BYTES, row));
        if (h.worthRaising(minPeers(h))) {
            raise(h);
        }
    }

    private int minPeers(HostProfile h) {
        return h.profile == meshIndex ? params.meshMinPeers : params.minPeers;
    }

    @Override
    public void advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return;
        }
        watermark = newWatermark;
        long expiry = newWatermark == Long.MAX_VALUE ? Long.MAX_VALUE : newWatermark - retirementMs;
        for (Iterator<HostProfile> it = hosts.values().iterator(); it.hasNext(); ) {
            HostProfile h = it.next();
            if (h.last < expiry) {
                if (h.changedSinceRaise(minPeers(h))) {
                    raise(h);
                }
                it.remove();
                hostsRetired++;
            }
        }
    }

    @Override
    public void finish() {
        for (HostProfile h : hosts.values()) {
            if (h.changedSinceRaise(minPeers(h))) {
                raise(h);
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("p2p_flows", p2pFlows);
        c.put("late_flows", lateFlows);
        c.put("alerts_raised", alertsRaised);
        c.put("hosts", (long) hosts.size());
        c.put("hosts_retired", hostsRetired);
        c.put("hosts_dropped", hostsDropped);
        return c;
    }

    private void raise(HostProfile h) {
        h.raisedPeers = h.peerCount;
        h.raisedFlows = h.flows;
        alertsRaised++;
        Profile p = profiles.get(h.profile);
        out.raise(UserAlert.of(h, p, minPeers(h), params.retirementSeconds,
                addressTexts.getOrDefault(p.name, List.of()), servicePortList));
    }
}
