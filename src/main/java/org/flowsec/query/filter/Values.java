package org.flowsec.query.filter;

import java.util.Locale;
import org.flowsec.flow.Field;

/**
 * Numbers as nfdump reads them ({@code 1k} = 1000, {@code 2M}, {@code 3G}, hexadecimal {@code 0x10}) and the words
 * for their ranges.
 */
final class Values {
    private Values() {}

    /** The value, or -1 when the text is not a number that fits a long. */
    static long number(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        if (s.matches("0x[0-9a-f]{1,15}")) { // hexadecimal, as nfdump takes it: tos 0x10
            return Long.parseLong(s.substring(2), 16);
        }
        long scale = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            scale = last == 'k' ? 1_000L : last == 'm' ? 1_000_000L : 1_000_000_000L;
            s = s.substring(0, s.length() - 1);
        }
        if (!s.matches("\\d{1,19}")) {
            return -1;
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), scale);
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    /** What a value of this operand looks like, for error messages. */
    static String expected(Operand operand) {
        Field f = operand instanceof Operand.One one ? one.field()
                : operand instanceof Operand.Either either ? either.src() : null;
        if (f == null) {
            return "a number (k, M, G multiply by 1000, 10^6, 10^9)";
        }
        return switch (f) {
            case SRC_PORT, DST_PORT -> "a port number 0..65535";
            case PROTO -> "a protocol name (tcp, udp, icmp, icmp6, gre, esp, ...) or number 0..255";
            case SRC_AS, DST_AS -> "an AS number 0..4294967295";
            case IN_IF, OUT_IF -> "an interface index 0..4294967295";
            case SRC_MASK, DST_MASK -> "a prefix length 0..128";
            case PACKETS, BYTES -> "a number (k, M, G multiply by 1000, 10^6, 10^9)";
            default -> "a number 0.." + Limits.max(f);
        };
    }
}
