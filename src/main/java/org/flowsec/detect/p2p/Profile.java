package org.flowsec.detect.p2p;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowsec.detect.PrefixList;

/**
 * One P2P protocol: where its users meet (rendezvous ports, and server addresses with optional ports) and
 * which ports its peers talk on. Built once from the built-ins and the config; read-only afterwards.
 */
final class Profile {
    static final String MESH = "mesh";

    final String name;
    final String display;
    final List<Integer> rendezvousPorts = new ArrayList<>();
    final List<Integer> peerPorts = new ArrayList<>();
    /** Server addresses, each with the ports (sorted; empty = any) on which contact counts. */
    final List<PrefixList> addresses = new ArrayList<>();
    final List<int[]> addressPorts = new ArrayList<>();

    Profile(String name, String display) {
        this.name = name;
        this.display = display;
    }

    private Profile rendezvous(Integer... ports) {
        rendezvousPorts.addAll(List.of(ports));
        return this;
    }

    private Profile peers(Integer... ports) {
        peerPorts.addAll(List.of(ports));
        return this;
    }

    static List<Profile> builtins() {
        return List.of(
                // trackers (HTTP and UDP announce) on 6969; peers 6881-6889 (the original client), 51413 (Transmission)
                new Profile("bittorrent", "BitTorrent").rendezvous(6969)
                        .peers(6881, 6882, 6883, 6884, 6885, 6886, 6887, 6888, 6889, 51413),
                // servents on 6346/6347; Gnutella's rendezvous are HTTP web caches, so none by port
                new Profile("gnutella", "Gnutella").peers(6346, 6347),
                // servers on 4661/tcp and 4665/udp; clients on 4662/tcp and 4672/udp
                new Profile("edonkey", "eDonkey").rendezvous(4661, 4665).peers(4662, 4672));
    }

    /** The catch-all for high-port meshes with no known ports or rendezvous. */
    static Profile mesh() { return new Profile(MESH, "an unidentified P2P protocol"); }

    boolean isMesh() { return name.equals(MESH); }

    void addAddresses(PrefixList list, List<Integer> ports) {
        int[] p = ports.stream().mapToInt(Integer::intValue).sorted().toArray();
        addresses.add(list);
        addressPorts.add(p);
    }

    /** True when a flow to {@code hi/lo} on {@code port} reaches one of the configured server addresses. */
    boolean rendezvousAddress(long hi, long lo, int port) {
        for (int i = 0; i < addresses.size(); i++) {
            int[] ports = addressPorts.get(i);
            if (addresses.get(i).contains(hi, lo) && (ports.length == 0 || Arrays.binarySearch(ports, port) >= 0)) {
                return true;
            }
        }
        return false;
    }
}
