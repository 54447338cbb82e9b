package org.flowsec.generate.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the JSON line of a {@link Label}. The generate package may not use Jackson (it depends
 * on flow and base only), and a label is one flat object of strings, numbers and a list of strings, so a
 * small exact writer and a strict reader for that shape are all it needs.
 */
final class LabelJson {
    private LabelJson() {}

    static String write(Label l) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('{');
        str(sb, "scenario", l.scenario()).append(',');
        str(sb, "detector", l.detector()).append(',');
        str(sb, "description", l.description()).append(',');
        quote(sb, "attackers").append(":[");
        for (int i = 0; i < l.attackers().size(); i++) {
            quote(sb.append(i == 0 ? "" : ","), l.attackers().get(i));
        }
        sb.append("],");
        quote(sb, "attacker_count").append(':').append(l.attackerCount()).append(',');
        str(sb, "victim", l.victim()).append(',');
        quote(sb, "first").append(':').append(l.first()).append(',');
        quote(sb, "last").append(':').append(l.last()).append(',');
        quote(sb, "flows").append(':').append(l.flows()).append(',');
        str(sb, "evidence", l.evidence());
        return sb.append('}').toString();
    }

    private static StringBuilder str(StringBuilder sb, String key, String value) {
        return quote(quote(sb, key).append(':'), value);
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    static Label read(String line) {
        Reader r = new Reader(line);
        Map<String, Object> m = r.object();
        r.end();
        @SuppressWarnings("unchecked")
        List<String> attackers = (List<String>) get(m, "attackers", List.class);
        return new Label(get(m, "scenario", String.class), get(m, "detector", String.class),
                get(m, "description", String.class), attackers, (int) (long) get(m, "attacker_count", Long.class),
                get(m, "victim", String.class), get(m, "first", Long.class), get(m, "last", Long.class),
                get(m, "flows", Long.class), get(m, "evidence", String.class));
    }

    private static <T> T get(Map<String, Object> m, String key, Class<T> type) {
        Object v = m.get(key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("label JSON: '" + key + "' missing or not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** A strict reader for one flat object whose values are strings, integers or lists of strings. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new HashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
                return m;
            }
            do {
                String key = string();
                expect(':');
                char c = peek();
                Object v = c == '"' ? string() : c == '[' ? list() : number();
                if (m.put(key, v) != null) {
                    throw error("duplicate key '" + key + "'");
                }
            } while (comma('}'));
            return m;
        }

        private List<String> list() {
            List<String> out = new ArrayList<>();
            expect('[');
            if (peek() == ']') {
                i++;
                return out;
            }
            do {
                out.add(string());
            } while (comma(']'));
            return out;
        }

        /** After a value: true on a comma, false on {@code close} (consumed). */
        private boolean comma(char close) {
            char c = peek();
            i++;
            if (c == ',') {
                return true;
            }
            if (c == close) {
                return false;
            }
            throw error("expected ',' or '" + close + "'");
        }

        private Long number() {
            skipSpace();
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            try {
                return Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw error("expected an integer");
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private char peek() {
            skipSpace();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(i);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        void end() {
            skipSpace();
            if (i != s.length()) {
                throw error("text after the object");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("label JSON: " + what + " at offset " + i);
        }
    }
}
