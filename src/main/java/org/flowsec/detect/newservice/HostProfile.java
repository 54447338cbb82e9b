package org.flowsec.detect.newservice;

import java.util.List;

/**
 * What one local host is known to do: the services it offers (answers as a server) and uses (as a client),
 * as {@code flowsec profile} prints it and the profile file stores it (flow-tools' flow-host-profile).
 *
 * @param host   the address, as text
 * @param first  first flow it sent, UTC ms
 * @param last   last flow it sent, UTC ms
 * @param offers services it answers on, by protocol and port
 * @param uses   services it uses as a client, by protocol and port
 */
public record HostProfile(String host, long first, long last, List<Service> offers, List<Service> uses) {
    public HostProfile {
        offers = List.copyOf(offers);
        uses = List.copyOf(uses);
    }

    /**
     * One service of a host: protocol number and port, flows and bytes in both directions, first and last seen.
     */
    public record Service(int proto, int port, long flows, long bytes, long first, long last) {
        /** {@code tcp/80}, {@code udp/53}, {@code 132/2905}. */
        public String text() {
            return org.flowsec.flow.Protocols.name(proto).toLowerCase(java.util.Locale.ROOT) + "/" + port;
        }
    }
}
