package org.flowsec.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one catalog of flow record fields. Storage columns, CSV headers, JSON keys, the filter language
 * and top-N keys all derive from this enum; adding a field is the checklist in docs/architecture.md.
 *
 * <p>Every field is held in {@link FlowBatch} as one or two {@code long} slots: addresses take two
 * (high and low 64 bits of an IPv6 address; IPv4 is stored IPv4-mapped, {@code ::ffff:a.b.c.d}), all
 * other fields one.
 */
public enum Field {
    FIRST("first", Kind.TIME, "flow start, UTC milliseconds"),
    LAST("last", Kind.TIME, "flow end, UTC milliseconds"),
    EXPORTER("exporter", Kind.ADDRESS, "address of the device that exported the flow"),
    DOMAIN("domain", Kind.UNSIGNED, "v9 source id, IPFIX observation domain, v5/v7 engine type<<8|engine id"),
    SRC_ADDR("src_addr", Kind.ADDRESS, "source address"),
    DST_ADDR("dst_addr", Kind.ADDRESS, "destination address"),
    SRC_PORT("src_port", Kind.UNSIGNED, "source transport port"),
    DST_PORT("dst_port", Kind.UNSIGNED, "destination transport port, as exported (v5 puts ICMP type*256+code here)"),
    PROTO("proto", Kind.PROTOCOL, "IP protocol number"),
    TCP_FLAGS("tcp_flags", Kind.TCP_FLAGS, "OR of the TCP flags of all packets"),
    TOS("tos", Kind.UNSIGNED, "IP type of service / DSCP byte"),
    PACKETS("packets", Kind.COUNTER, "packets, scaled by the sampling rate"),
    BYTES("bytes", Kind.COUNTER, "bytes, scaled by the sampling rate"),
    IN_IF("in_if", Kind.UNSIGNED, "input interface index"),
    OUT_IF("out_if", Kind.UNSIGNED, "output interface index"),
    NEXT_HOP("next_hop", Kind.ADDRESS, "IP address of the next hop router"),
    SRC_AS("src_as", Kind.UNSIGNED, "source autonomous system"),
    DST_AS("dst_as", Kind.UNSIGNED, "destination autonomous system"),
    SRC_MASK("src_mask", Kind.UNSIGNED, "source prefix length"),
    DST_MASK("dst_mask", Kind.UNSIGNED, "destination prefix length"),
    ICMP_TYPE("icmp_type", Kind.UNSIGNED, "ICMP/ICMPv6 type (decoded; 0 for other protocols)"),
    ICMP_CODE("icmp_code", Kind.UNSIGNED, "ICMP/ICMPv6 code (decoded; 0 for other protocols)"),
    DIRECTION("direction", Kind.DIRECTION, "0 ingress, 1 egress, 255 not exported"),
    END_REASON("end_reason", Kind.END_REASON, "IPFIX flowEndReason: 0 unknown, 1 idle, 2 active, 3 end of flow, 4 forced, 5 lack of resources"),
    SAMPLING("sampling", Kind.UNSIGNED, "sampling rate applied to packets and bytes (1 = unsampled)");

    /** How a field's value is interpreted and printed. */
    public enum Kind { TIME, ADDRESS, UNSIGNED, COUNTER, PROTOCOL, TCP_FLAGS, DIRECTION, END_REASON }

    /** Value of {@link #DIRECTION} when the exporter did not say. */
    public static final int DIRECTION_UNKNOWN = 255;

    private static final List<Field> ALL = List.of(values());
    private static final Map<String, Field> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Field::catalogName, Function.identity()));
    /** Number of long slots a FlowBatch row has. */
    public static final int SLOTS;

    static {
        int slot = 0;
        for (Field f : ALL) {
            f.slot = slot;
            slot += f.width();
        }
        SLOTS = slot;
    }

    private final String catalogName;
    private final Kind kind;
    private final String description;
    private int slot;

    Field(String catalogName, Kind kind, String description) {
        this.catalogName = catalogName;
        this.kind = kind;
        this.description = description;
    }

    public String catalogName() { return catalogName; }

    public Kind kind() { return kind; }

    public String description() { return description; }

    public boolean isAddress() { return kind == Kind.ADDRESS; }

    /** 2 for addresses (high, low), else 1. */
    public int width() { return kind == Kind.ADDRESS ? 2 : 1; }

    /** Index of this field's first slot in {@link FlowBatch}. */
    public int slot() { return slot; }

    public static List<Field> all() { return ALL; }

    /** The field with this catalog name (case-insensitive), or null. */
    public static Field byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public static String catalogNames() {
        return Arrays.stream(values()).map(Field::catalogName).collect(Collectors.joining(", "));
    }
}
