package org.flowsec.decode.template;

/**
 * A template compiled into what a record decoder needs: per field, its length (or {@link #VARIABLE}) and
 * one operation word (operation in the low byte, target slot or time unit above). Immutable once built,
 * so one plan serves every record of its template with no per-record decisions or allocation.
 * Built by {@link PlanCompiler}.
 */
final class DecodePlan {
    /** Length marker of an RFC 7011 §7 variable-length field (a 1- or 3-byte length precedes the value). */
    static final int VARIABLE = 0xFFFF;

    static final int OP_SKIP = 0;
    /** Unsigned integer, reduced-size 1..8 bytes, into slot {@code op >>> 8}. */
    static final int OP_UNSIGNED = 1;
    /** Same, but only when non-zero: the template has several sources for the slot (v4/v6 masks...). */
    static final int OP_UNSIGNED_NONZERO = 2;
    static final int OP_V4 = 3;
    static final int OP_V6 = 4;
    static final int OP_V4_NONZERO = 5;
    static final int OP_V6_NONZERO = 6;
    /** Flow start/end; the time unit is in the bits above the op. */
    static final int OP_START = 7;
    static final int OP_END = 8;
    static final int OP_SYS_INIT = 9;
    static final int OP_SAMPLER_ID = 10;
    static final int OP_SAMPLING_INTERVAL = 11;
    static final int OP_SAMPLING_SPACE = 12;
    /** icmpTypeCodeIPv4/IPv6: type * 256 + code. */
    static final int OP_ICMP_TYPE_CODE = 13;

    static final int UNIT_UPTIME = 0;
    static final int UNIT_SECONDS = 1;
    static final int UNIT_MILLIS = 2;
    static final int UNIT_NTP = 3;
    static final int UNIT_DELTA_MICROS = 4;

    final int version;
    final int templateId;
    final boolean options;
    final int[] lengths;
    final int[] ops;
    /** Bytes of a record when no field is variable-length, else -1. */
    final int fixedLength;
    /** Smallest possible record: fixed fields plus one length byte per variable field; always &gt; 0. */
    final int minLength;
    /** Whether the template carries ICMP type/code, so the v5-style port fallback must not apply. */
    final boolean hasIcmp;
    /** Time units of the chosen start/end fields, -1 when the template has none. */
    final int startUnit;
    final int endUnit;
    /** The fast-path layout of a fixed-length flow template, null otherwise. */
    final FixedLayout fixed;
    /** What the plan was compiled from (IEs as PlanCompiler saw them, and the leading scope fields skipped). */
    private final int[] sourceIes;
    private final int skipFirst;

    DecodePlan(int version, int templateId, boolean options, int[] lengths, int[] ops, boolean hasIcmp,
               int[] sourceIes, int skipFirst) {
        this.sourceIes = sourceIes;
        this.skipFirst = skipFirst;
        this.version = version;
        this.templateId = templateId;
        this.options = options;
        this.lengths = lengths;
        this.ops = ops;
        this.hasIcmp = hasIcmp;
        int min = 0;
        boolean variable = false;
        for (int len : lengths) {
            if (len == VARIABLE) {
                variable = true;
                min += 1;
            } else {
                min += len;
            }
        }
        this.minLength = min;
        this.fixedLength = variable ? -1 : min;
        int su = -1;
        int eu = -1;
        for (int op : ops) {
            if ((op & 0xFF) == OP_START) {
                su = op >>> 8;
            } else if ((op & 0xFF) == OP_END) {
                eu = op >>> 8;
            }
        }
        this.startUnit = su;
        this.endUnit = eu;
        this.fixed = FixedLayout.of(options, lengths, ops);
    }

    int fieldCount() { return lengths.length; }

    /** Same layout (a refresh that changes nothing need not recompile or reset anything). */
    /**
     * Whether compiling {@code ies[0..n)} and {@code lengths[0..n)} (with {@code skipFirst} scope fields) for
     * this plan's version and id would give this plan: a refreshed template, which then needs no new plan.
     */
    boolean compiledFrom(boolean options, int[] ies, int[] lengths, int n, int skipFirst) {
        return options == this.options && skipFirst == this.skipFirst
                && java.util.Arrays.equals(sourceIes, 0, sourceIes.length, ies, 0, n)
                && java.util.Arrays.equals(this.lengths, 0, this.lengths.length, lengths, 0, n);
    }

    boolean sameAs(DecodePlan o) {
        return o.version == version && o.options == options && java.util.Arrays.equals(o.lengths, lengths)
                && java.util.Arrays.equals(o.ops, ops);
    }
}
