package org.flowsec.generate.scenario;

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
}
