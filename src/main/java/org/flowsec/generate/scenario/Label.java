package org.flowsec.generate.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ground truth for one scenario instance: what a detector should report and which flows prove it.
 *
 * @param scenario      the scenario name ({@link ScenarioKind#cliName()})
 * @param detector      the detector expected to report it ({@link ScenarioKind#detector()})
 * @param description   one sentence saying what happens
 * @param attackers     the attacking (or misbehaving) addresses; at most {@link #MAX_LISTED} of them, the
 *                      first ones seen, when there are more (spoofed floods, reflectors)
 * @param attackerCount how many distinct attacking addresses there are in all
 * @param victim        the attacked address or network (for p2p the tracker, for a big talker the
 *                      destination it sends to)
 * @param first         earliest start of an attack flow, UTC ms
 * @param last          latest end of an attack flow, UTC ms
 * @param flows         attack flow records exported (both directions, after active-timeout splits)
 * @param evidence      a filter in nfdump syntax that selects exactly these flow records in the run
 */
public record Label(String scenario, String detector, String description, List<String> attackers,
                    int attackerCount, String victim, long first, long last, long flows, String evidence) {
    /** Longest attacker list a label carries. */
    public static final int MAX_LISTED = 50;

    public Label {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(victim, "victim");
        Objects.requireNonNull(evidence, "evidence");
        attackers = List.copyOf(attackers);
    }

    /** This label as one line of JSON (no line breaks inside), keys in snake_case. */
    public String toJson() {
        return LabelJson.write(this);
    }

    /** Reads a line written by {@link #toJson()}; throws IllegalArgumentException on anything else. */
    public static Label fromJson(String line) {
        return LabelJson.read(line);
    }

    /** Writes one JSON line per label, replacing {@code file}. */
    public static void writeLines(Path file, List<Label> labels) throws IOException {
        List<String> lines = new ArrayList<>(labels.size());
        for (Label l : labels) {
            lines.add(l.toJson());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads a file written by {@link #writeLines}; blank lines are skipped. */
    public static List<Label> readLines(Path file) throws IOException {
        List<Label> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(fromJson(line));
            }
        }
        return out;
    }
}
