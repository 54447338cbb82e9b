package org.flowsec.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.flowsec.flow.Protocols;
import org.flowsec.render.TcpFlags;

/**
 * One text line per flow with everything nfdump and flowsec both keep — start and end to the millisecond,
 * addresses, ports (ICMP type.code for ICMP), protocol, TCP flags, ToS, interfaces, packets, bytes — so
 * the two collections can be compared as multisets.
 */
final class FlowKeys {
    private FlowKeys() {}

    /** How to read nfdump 1.7.1's JSON for one exporter's quirks. */
    record NfdumpQuirks(boolean swappedTimes, java.util.Set<Integer> icmpTypeHiddenFor) {
        static final NfdumpQuirks NONE = new NfdumpQuirks(false, java.util.Set.of());

        boolean hides(int proto) {
            return icmpTypeHiddenFor.contains(proto);
        }
    }

    /** nfdump leaves out what an exporter did not send (v5 interfaces, ToS...): those read as 0. */
    static String nfdump(JsonNode n, NfdumpQuirks quirks) {
        int proto = n.get("proto").asInt();
        String src = n.has("src4_addr") ? n.get("src4_addr").asText() : n.get("src6_addr").asText();
        String dst = n.has("dst4_addr") ? n.get("dst4_addr").asText() : n.get("dst6_addr").asText();
        String ports = quirks.hides(proto) ? "icmp type hidden"
                : Protocols.isIcmp(proto) ? "icmp " + n.path("icmp_type").asInt(0) + "." + n.path("icmp_code").asInt(0)
                : n.path("src_port").asInt(0) + ">" + n.path("dst_port").asInt(0);
        String flags = n.path("tcp_flags").asText("........");
        String first = n.get(quirks.swappedTimes() ? "last" : "first").asText();
        String last = n.get(quirks.swappedTimes() ? "first" : "last").asText();
        return String.join(" ", millis(first), millis(last), src, dst, ports,
                Integer.toString(proto), proto == Protocols.TCP ? flags : "-", Long.toString(n.path("src_tos").asLong(0)),
                Long.toString(n.path("input_snmp").asLong(0)), Long.toString(n.path("output_snmp").asLong(0)),
                Long.toString(n.path("in_packets").asLong(0)), Long.toString(n.path("in_bytes").asLong(0)));
    }

    static String flowsec(FlowBatch b, int r, NfdumpQuirks quirks) {
        int proto = (int) b.get(Field.PROTO, r);
        String ports = quirks.hides(proto) ? "icmp type hidden"
                : Protocols.isIcmp(proto) ? "icmp " + b.get(Field.ICMP_TYPE, r) + "." + b.get(Field.ICMP_CODE, r)
                : b.get(Field.SRC_PORT, r) + ">" + b.get(Field.DST_PORT, r);
        return String.join(" ", Long.toString(b.get(Field.FIRST, r)), Long.toString(b.get(Field.LAST, r)),
                b.formatAddress(Field.SRC_ADDR, r), b.formatAddress(Field.DST_ADDR, r), ports, Integer.toString(proto),
                proto == Protocols.TCP ? TcpFlags.text((int) b.get(Field.TCP_FLAGS, r)) : "-",
                Long.toString(b.get(Field.TOS, r)), Long.toString(b.get(Field.IN_IF, r)),
                Long.toString(b.get(Field.OUT_IF, r)), Long.toString(b.get(Field.PACKETS, r)),
                Long.toString(b.get(Field.BYTES, r)));
    }

    /** nfdump prints local time without a zone; its process runs with TZ=UTC (see Nfdump). */
    private static String millis(String nfdumpTime) {
        return Long.toString(LocalDateTime.parse(nfdumpTime).toInstant(ZoneOffset.UTC).toEpochMilli());
    }
}
