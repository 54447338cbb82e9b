package org.flowsec.detect.signature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules in force, indexed by port: {@code byPort[p]} lists the rules that name port {@code p}, so a flow
 * costs two array reads when neither of its ports is in any rule (the common case).
 */
public final class RuleSet {
    /** The built-in rule file on the class path. */
    public static final String BUILTIN = "/org/flowsec/detect/signature/builtin.rules";

    private final List<Rule> rules;
    private final int[][] byPort = new int[65536][];

    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < this.rules.size(); i++) {
            Rule r = this.rules.get(i);
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("signature rule " + r.name() + " is defined twice");
            }
            for (int p : r.ports()) {
                int[] old = byPort[p];
                int[] now = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
                now[now.length - 1] = i;
                byPort[p] = now;
            }
        }
    }

    /** Built-in rules (if wanted), then each rule file, minus the disabled names (unknown names are errors). */
    public static RuleSet load(SignatureParams params) {
        List<Rule> all = new ArrayList<>();
        if (params.builtinRules) {
            all.addAll(RuleFile.parse(builtinText(), "built-in rules"));
        }
        for (String f : params.ruleFiles) {
            try {
                all.addAll(RuleFile.parse(Files.readString(Path.of(f), StandardCharsets.UTF_8), f));
            } catch (IOException e) {
                throw new IllegalArgumentException("signature rule file " + f + " cannot be read: " + e.getMessage());
            }
        }
        Set<String> disabled = new HashSet<>(params.disabledRules);
        Set<String> known = new HashSet<>();
        all.forEach(r -> known.add(r.name()));
        for (String d : disabled) {
            if (!known.contains(d)) {
                throw new IllegalArgumentException("signature disabled_rules: no rule named " + d);
            }
        }
        all.removeIf(r -> disabled.contains(r.name()));
        return new RuleSet(all);
    }

    public static String builtinText() {
        try (InputStream in = RuleSet.class.getResourceAsStream(BUILTIN)) {
            if (in == null) {
                throw new IllegalStateException("built-in signature rules missing from the class path: " + BUILTIN);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Rule> rules() { return rules; }

    public Rule rule(int index) { return rules.get(index); }

    /** Indexes of the rules naming {@code port}, or null. */
    int[] rulesFor(int port) { return port >= 0 && port < 65536 ? byPort[port] : null; }
}
