package org.flowsec.render;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The CSV and JSON lines as the text printers built them before {@link FlowLines} (a StringBuilder per row,
 * java.time for dates, {@link Addresses#format} for addresses), kept verbatim as the reference the byte
 * formatter must equal byte for byte.
 */
final class ReferenceFlowLines {
    private final boolean json;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedIso = "";

    ReferenceFlowLines(boolean json) {
        this.json = json;
    }

    String header() {
        return json ? "" : String.join(",", Field.all().stream().map(Field::catalogName).toList()) + "\n";
    }

    String line(FlowBatch batch, int row) {
        StringBuilder sb = new StringBuilder(768);
        StringBuilder value = new StringBuilder(64);
        if (json) {
            sb.append('{');
        }
        for (Field f : Field.all()) {
            if (f.ordinal() > 0) {
                sb.append(',');
            }
            if (!json) {
                append(sb, f, batch, row);
                continue;
            }
            sb.append('"').append(f.catalogName()).append("\":");
            value.setLength(0);
            if (append(value, f, batch, row)) {
                sb.append('"').append(value).append('"');
            } else {
                sb.append(value);
            }
        }
        return sb.append(json ? "}\n" : "\n").toString();
    }

    /** The old FieldText: appends the value; returns true when it is text (quoted in JSON), false for a number. */
    private boolean append(StringBuilder sb, Field f, FlowBatch b, int row) {
        switch (f.kind()) {
            case TIME -> {
                appendIso(sb, b.get(f, row));
                return true;
            }
            case ADDRESS -> {
                sb.append(Addresses.format(b.hi(f, row), b.lo(f, row)));
                return true;
            }
            default -> {
                sb.append(b.get(f, row));
                return false;
            }
        }
    }

    /** The old TimeText.appendIso, with its one-second cache. */
    private void appendIso(StringBuilder sb, long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            StringBuilder p = new StringBuilder(20);
            pad(p, t.getYear(), 4).append('-');
            pad(p, t.getMonthValue(), 2).append('-');
            pad(p, t.getDayOfMonth(), 2).append('T');
            pad(p, t.getHour(), 2).append(':');
            pad(p, t.getMinute(), 2).append(':');
            pad(p, t.getSecond(), 2).append('.');
            cachedIso = p.toString();
            cachedSecond = second;
        }
        sb.append(cachedIso);
        pad(sb, (int) Math.floorMod(millis, 1000), 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
