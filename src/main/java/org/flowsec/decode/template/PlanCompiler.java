package org.flowsec.decode.template;

import static org.flowsec.decode.template.DecodePlan.*;

import org.flowsec.flow.Field;

/**
 * Maps IANA information elements (https://www.iana.org/assignments/ipfix; NetFlow v9 shares ids 1-127)
 * to catalog fields and compiles a template into a {@link DecodePlan}. Decisions that depend only on the
 * template are taken here, once: which of several counters or next hops to use, which time unit, whether
 * v4 and v6 variants compete for one slot.
 */
final class PlanCompiler {
    /** Marks an enterprise-specific field: never mapped, skipped by its length. */
    static final int ENTERPRISE = -1;

    // fallbacks in priority order: the first present in the template wins, the others are skipped
    private static final int[] BYTES = {1, 85, 23};
    private static final int[] PACKETS = {2, 86, 24};
    private static final int[] START = {152, 150, 154, 156, 22, 158};
    private static final int[] END = {153, 151, 155, 157, 21, 159};
    private static final int[] NEXT_HOP = {15, 62};
    private static final int[] BGP_NEXT_HOP = {18, 63};

    private PlanCompiler() {}

    /**
     * @param ies     information element ids, {@link #ENTERPRISE} for enterprise fields
     * @param lengths field lengths, {@link DecodePlan#VARIABLE} for variable-length
     * @param skipFirst leading fields to skip whatever their id (v9 options scope fields use another id space)
     */
    static DecodePlan compile(int version, int templateId, boolean options, int[] ies, int[] lengths, int skipFirst) {
        int n = ies.length;
        int[] ops = new int[n];
        int bytes = firstPresent(ies, BYTES, skipFirst);
        int packets = firstPresent(ies, PACKETS, skipFirst);
        int start = firstPresent(ies, START, skipFirst);
        int end = firstPresent(ies, END, skipFirst);
        int nextHop = firstPresent(ies, NEXT_HOP, skipFirst) >= 0 ? -1 : firstPresent(ies, BGP_NEXT_HOP, skipFirst);
        int[] targets = new int[Field.SLOTS];
        boolean hasIcmp = false;
        for (int i = skipFirst; i < n; i++) {
            int ie = ies[i];
            int len = lengths[i];
            int op = options ? optionsOp(ie, len) : flowOp(ie, len, bytes, packets, start, end, nextHop);
            int code = op & 0xFF;
            if (code == OP_UNSIGNED || code == OP_V4 || code == OP_V6) {
                targets[op >>> 8]++;
            }
            if (code == OP_ICMP_TYPE_CODE || ie == 176 || ie == 177 || ie == 178 || ie == 179) {
                hasIcmp = true;
            }
            ops[i] = op;
        }
        // several fields feeding one slot (v4 and v6 source, two masks, duplicates): the non-zero one wins
        for (int i = skipFirst; i < n; i++) {
            int code = ops[i] & 0xFF;
            if ((code == OP_UNSIGNED || code == OP_V4 || code == OP_V6) && targets[ops[i] >>> 8] > 1) {
                int nz = code == OP_UNSIGNED ? OP_UNSIGNED_NONZERO : code == OP_V4 ? OP_V4_NONZERO : OP_V6_NONZERO;
                ops[i] = (ops[i] & ~0xFF) | nz;
            }
        }
        return new DecodePlan(version, templateId, options, lengths.clone(), ops, hasIcmp, ies.clone(), skipFirst);
    }

    private static int firstPresent(int[] ies, int[] candidates, int from) {
        for (int c : candidates) {
            for (int i = from; i < ies.length; i++) {
                if (ies[i] == c) {
                    return c;
                }
            }
        }
        return -1;
    }

    private static int optionsOp(int ie, int len) {
        if (len == VARIABLE || len < 1 || len > 8) {
            return OP_SKIP;
        }
        return switch (ie) {
            case 48, 302 -> OP_SAMPLER_ID;              // samplerId / FLOW_SAMPLER_ID, selectorId
            case 34, 50, 305 -> OP_SAMPLING_INTERVAL;   // samplingInterval, samplerRandomInterval, samplingPacketInterval
            case 306 -> OP_SAMPLING_SPACE;              // samplingPacketSpace
            case 160 -> OP_SYS_INIT;                    // systemInitTimeMilliseconds
            default -> OP_SKIP;
        };
    }

    private static int flowOp(int ie, int len, int bytes, int packets, int start, int end, int nextHop) {
        if (ie == ENTERPRISE || len == 0 || len == VARIABLE) {
            return OP_SKIP;
        }
        if (len == 4 && (ie == 8 || ie == 12 || ie == 15 && nextHop < 0 || ie == 18 && nextHop == 18)) {
            Field f = ie == 8 ? Field.SRC_ADDR : ie == 12 ? Field.DST_ADDR : Field.NEXT_HOP;
            return OP_V4 | f.slot() << 8;
        }
        if (len == 16 && (ie == 27 || ie == 28 || ie == 62 && nextHop < 0 || ie == 63 && nextHop == 63)) {
            Field f = ie == 27 ? Field.SRC_ADDR : ie == 28 ? Field.DST_ADDR : Field.NEXT_HOP;
            return OP_V6 | f.slot() << 8;
        }
        if (len > 8) {
            return OP_SKIP;
        }
        if (ie == start || ie == end) {
            int unit = switch (ie) {
                case 150, 151 -> UNIT_SECONDS;
                case 152, 153 -> UNIT_MILLIS;
                case 154, 155, 156, 157 -> UNIT_NTP;
                case 158, 159 -> UNIT_DELTA_MICROS;
                default -> UNIT_UPTIME;
            };
            return (ie == start ? OP_START : OP_END) | unit << 8;
        }
        Field f = switch (ie) {
            case 1, 85, 23 -> ie == bytes ? Field.BYTES : null;
            case 2, 86, 24 -> ie == packets ? Field.PACKETS : null;
            case 4 -> Field.PROTO;
            case 5 -> Field.TOS;
            case 6 -> Field.TCP_FLAGS;
            case 7 -> Field.SRC_PORT;
            case 11 -> Field.DST_PORT;
            case 10 -> Field.IN_IF;
            case 14 -> Field.OUT_IF;
            case 16 -> Field.SRC_AS;
            case 17 -> Field.DST_AS;
            case 9, 29 -> Field.SRC_MASK;
            case 13, 30 -> Field.DST_MASK;
            case 61 -> Field.DIRECTION;
            case 136 -> Field.END_REASON;
            case 176, 178 -> Field.ICMP_TYPE;
            case 177, 179 -> Field.ICMP_CODE;
            default -> null;
        };
        if (f != null) {
            return OP_UNSIGNED | f.slot() << 8;
        }
        return switch (ie) {
            case 32, 139 -> len == 2 ? OP_ICMP_TYPE_CODE : OP_SKIP;
            case 160 -> OP_SYS_INIT;
            case 48, 302 -> OP_SAMPLER_ID;
            case 34, 50, 305 -> OP_SAMPLING_INTERVAL;
            case 306 -> OP_SAMPLING_SPACE;
            default -> OP_SKIP;
        };
    }
}
