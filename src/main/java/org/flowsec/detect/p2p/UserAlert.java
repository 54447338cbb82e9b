package org.flowsec.detect.p2p;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowsec.detect.Alert;
import org.flowsec.detect.Severity;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Protocols;

/** The alert for one P2P user: summary, counts and the evidence filter that shows the flows that counted. */
final class UserAlert {
    private UserAlert() {}

    static Alert of(HostProfile h, Profile p, int minPeers, long retirementSeconds, List<String> addresses,
                    String servicePortList) {
        String host = Addresses.format(h.hi, h.lo);
        String peers = (h.peersCapped() ? "at least " : "") + h.peerCount + (h.peerCount == 1 ? " peer" : " peers");
        String volume = h.flows + (h.flows == 1 ? " flow, " : " flows, ") + h.bytes + " bytes"
                + (h.bulkFlows > 0 ? ", " + h.bulkFlows + " of them bulk transfers" : "");
        String server = h.rendezvousContacts > 0 ? Addresses.format(h.rendezvousHi, h.rendezvousLo) : null;
        String summary;
        if (server != null) {
            summary = host + " is using " + p.display + ": it contacted the rendezvous point " + server + " on "
                    + Protocols.name(h.rendezvousProto).toLowerCase(Locale.ROOT) + "/" + h.rendezvousPort
                    + " and has " + peers + "; " + volume + ".";
        } else if (p.isMesh()) {
            summary = host + " talks to " + peers + " with high ports at both ends, as P2P clients do ("
                    + p.display + "); " + volume + ".";
        } else {
            summary = host + " is using " + p.display + ": " + peers + " on its peer ports " + ports(p.peerPorts)
                    + "; " + volume + ".";
        }
        List<String> parts = new ArrayList<>();
        List<Integer> portList = new ArrayList<>(p.peerPorts);
        portList.addAll(p.rendezvousPorts);
        if (!portList.isEmpty() && (h.portFlows || h.rendezvousContacts > 0)) {
            parts.add("port in [" + ports(portList) + "]");
        }
        if (!addresses.isEmpty() && h.rendezvousContacts > 0) {
            parts.add("ip in [" + String.join(" ", addresses) + "]");
        }
        if (h.meshFlows) {
            parts.add("(src port > 1023 and dst port > 1023 and not port in [" + servicePortList + "])");
        }
        String evidence = "host " + host + (parts.isEmpty() ? "" : " and (" + String.join(" or ", parts) + ")");
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("peers", (long) h.peerCount);
        counts.put("flows", h.flows);
        counts.put("packets", h.packets);
        counts.put("bytes", h.bytes);
        counts.put("bulk_flows", h.bulkFlows);
        counts.put("rendezvous_contacts", h.rendezvousContacts);
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("min_peers", (double) minPeers);
        thresholds.put("retirement_seconds", (double) retirementSeconds);
        return Alert.raised("p2p", "p2p/" + p.name + "/" + host, Severity.LOW, h.first, h.last, summary, host,
                server, null, List.copyOf(portList), counts, thresholds, evidence);
    }

    private static String ports(List<Integer> ports) {
        StringBuilder s = new StringBuilder();
        for (Integer p : ports) {
            s.append(s.length() == 0 ? "" : " ").append(p);
        }
        return s.toString();
    }
}
