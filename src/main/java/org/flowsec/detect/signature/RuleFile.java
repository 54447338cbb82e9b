package org.flowsec.detect.signature;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flowsec.detect.Severity;
import org.flowsec.query.filter.Filter;

/**
 * Reads a signature rule file (format in docs/detectors.md (section signature)):
 * <pre>
 * # comment
 * rule back-orifice
 *     kind        backdoor            # or worm; default backdoor
 *     ports       31337
 *     filter      proto udp and port 31337
 *     severity    high                # or role=severity pairs: answer=high attempt=medium client=medium
 *     min_flows   1
 *     min_peers   1
 *     description Back Orifice remote administration trojan
 * </pre>
 * A rule starts at {@code rule NAME} in the first column; its settings are indented. An indented line that
 * does not start with a setting name continues the previous setting (long filters). {@code #} starts a comment.
 * Every error names the source and the line, so a user can fix the file.
 */
public final class RuleFile {
    private static final Set<String> KEYS = Set.of("kind", "ports", "filter", "severity", "min_flows", "min_peers",
            "description");

    private RuleFile() {}

    /** Parses {@code text}; {@code source} names it in error messages (a path or "built-in rules"). */
    public static List<Rule> parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        String name = null;
        int ruleLine = 0;
        Map<String, StringBuilder> settings = new LinkedHashMap<>();
        String lastKey = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).stripTrailing();
            if (line.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(line.charAt(0));
            String body = line.strip();
            if (!indented) {
                String[] words = body.split("\\s+");
                if (!words[0].equals("rule") || words.length != 2) {
                    throw error(source, i + 1, "expected 'rule NAME' at the start of a line, found '" + body + "'");
                }
                if (name != null) {
                    rules.add(build(name, settings, source, ruleLine));
                }
                name = words[1];
                if (!name.matches("[A-Za-z0-9._-]+")) {
                    throw error(source, i + 1, "rule name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
                }
                ruleLine = i + 1;
                settings = new LinkedHashMap<>();
                lastKey = null;
                continue;
            }
            if (name == null) {
                throw error(source, i + 1, "setting outside a rule; start a rule with 'rule NAME'");
            }
            String[] kv = body.split("\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            if (KEYS.contains(key)) {
                if (settings.containsKey(key)) {
                    throw error(source, i + 1, "rule " + name + " sets " + key + " twice");
                }
                settings.put(key, new StringBuilder(kv.length > 1 ? kv[1] : ""));
                lastKey = key;
            } else if (lastKey != null) {
                settings.get(lastKey).append(' ').append(body);
            } else {
                throw error(source, i + 1, "unknown setting '" + kv[0] + "'; expected one of " + KEYS);
            }
        }
        if (name != null) {
            rules.add(build(name, settings, source, ruleLine));
        }
        return rules;
    }

    private static Rule build(String name, Map<String, StringBuilder> s, String source, int line) {
        String where = "rule " + name;
        Rule.Kind kind = Rule.Kind.BACKDOOR;
        if (s.containsKey("kind")) {
            String k = s.get("kind").toString().strip().toLowerCase(Locale.ROOT);
            kind = switch (k) {
                case "backdoor" -> Rule.Kind.BACKDOOR;
                case "worm" -> Rule.Kind.WORM;
                default -> throw error(source, line, where + ": kind must be backdoor or worm, not '" + k + "'");
            };
        }
        if (!s.containsKey("ports") || s.get("ports").toString().isBlank()) {
            throw error(source, line, where + ": 'ports' is required (the service or victim ports)");
        }
        String[] portWords = s.get("ports").toString().strip().split("[\\s,]+");
        int[] ports = new int[portWords.length];
        for (int p = 0; p < portWords.length; p++) {
            ports[p] = number(portWords[p], 0, 65535, source, line, where + ": port");
        }
        if (!s.containsKey("filter") || s.get("filter").toString().isBlank()) {
            throw error(source, line, where + ": 'filter' is required");
        }
        String filterText = s.get("filter").toString().strip();
        Filter filter;
        try {
            filter = Filter.parse(filterText);
        } catch (IllegalArgumentException e) { // FilterSyntaxException included
            throw error(source, line, where + ": bad filter: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<Role, Severity> sev = severities(kind, s.containsKey("severity") ? s.get("severity").toString() : "high",
                source, line, where);
        int minFlows = s.containsKey("min_flows") ? number(s.get("min_flows").toString().strip(), 1, 1_000_000_000,
                source, line, where + ": min_flows") : 1;
        int minPeers = s.containsKey("min_peers") ? number(s.get("min_peers").toString().strip(), 1, 64,
                source, line, where + ": min_peers") : 1;
        String description = s.containsKey("description") ? s.get("description").toString().strip() : name;
        return new Rule(name, kind, ports, filter, filterText, sev, minFlows, minPeers, description);
    }

    /**
     * One word gives the strongest role that severity and an inbound attempt one step less; role=severity pairs
     * list exactly the roles the rule alerts on.
     */
    private static Map<Role, Severity> severities(Rule.Kind kind, String text, String source, int line, String where) {
        Map<Role, Severity> out = new EnumMap<>(Role.class);
        String[] words = text.strip().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 1 && !words[0].contains("=")) {
            Severity s = severity(words[0], source, line, where);
            Severity lower = Severity.values()[Math.max(0, s.ordinal() - 1)];
            out.put(Role.ATTEMPT, lower);
            if (kind == Rule.Kind.BACKDOOR) {
                out.put(Role.ANSWER, s);
                out.put(Role.CLIENT, s);
            } else {
                out.put(Role.SOURCE, s);
            }
            return out;
        }
        for (String w : words) {
            String[] kv = w.split("=", 2);
            Role role = kv.length == 2 ? Role.byWord(kv[0]) : null;
            if (role == null) {
                throw error(source, line, where + ": severity '" + w + "' is not ROLE=SEVERITY (roles attempt, answer, client, source)");
            }
            boolean fits = kind == Rule.Kind.BACKDOOR ? role != Role.SOURCE : role == Role.ATTEMPT || role == Role.SOURCE;
            if (!fits) {
                throw error(source, line, where + ": a " + kind.name().toLowerCase(Locale.ROOT) + " rule has no role " + kv[0]);
            }
            out.put(role, severity(kv[1], source, line, where));
        }
        return out;
    }

    private static Severity severity(String w, String source, int line, String where) {
        for (Severity s : Severity.values()) {
            if (s.text().equals(w)) {
                return s;
            }
        }
        throw error(source, line, where + ": severity '" + w + "' is not low, medium, high or critical");
    }

    private static int number(String w, int min, int max, String source, int line, String what) {
        try {
            int v = Integer.parseInt(w);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(source, line, what + " '" + w + "' is not a number " + min + ".." + max);
    }

    private static IllegalArgumentException error(String source, int line, String message) {
        return new IllegalArgumentException(source + ":" + line + ": " + message);
    }
}
