package org.flowsec.render;

import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;

/**
 * The machine-readable text of a field value, shared by CSV and JSON: times ISO-8601 UTC with
 * milliseconds, addresses as text, everything else (protocol, flags, counters) as a plain integer.
 */
final class FieldText {
    private final TimeText time = new TimeText();

    /** Appends the value; returns true when it is text (quoted in JSON), false for a number. */
    boolean append(StringBuilder sb, Field f, FlowBatch b, int row) {
        switch (f.kind()) {
            case TIME -> {
                time.appendIso(sb, b.get(f, row));
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
}
