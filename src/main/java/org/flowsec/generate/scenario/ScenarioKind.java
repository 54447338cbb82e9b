package org.flowsec.generate.scenario;

import java.util.Locale;

/**
 * The attack scenarios {@code flowsec generate --scenario NAME} injects, each with the detector that is
 * expected to report it. Names are what users type; {@link #detector} is the detector name of the
 * detection contract ({@code scan}, {@code flood}, {@code signature}, {@code p2p}, {@code bruteforce},
 * {@code bigtalker}).
 */
public enum ScenarioKind {
    VERTICAL_SCAN("vertical-scan", "scan"),
    HORIZONTAL_SCAN("horizontal-scan", "scan"),
    SLOW_SCAN("slow-scan", "scan"),
    SYN_FLOOD("syn-flood", "flood"),
    UDP_AMPLIFICATION("udp-amplification", "flood"),
    BACKDOOR("backdoor", "signature"),
    CODERED("codered", "signature"),
    P2P("p2p", "p2p"),
    BRUTEFORCE("bruteforce", "bruteforce"),
    BIGTALKER("bigtalker", "bigtalker");

    private final String cliName;
    private final String detector;

    ScenarioKind(String cliName, String detector) {
        this.cliName = cliName;
        this.detector = detector;
    }

    /** The name on the command line and in labels, e.g. {@code syn-flood}. */
    public String cliName() { return cliName; }

    /** The detector expected to report this scenario. */
    public String detector() { return detector; }

    /** The scenario called {@code name} (as in {@link #cliName()}, case ignored); a one-line error otherwise. */
    public static ScenarioKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ScenarioKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "': use one of " + names());
    }

    /** All names, comma separated, for help and errors. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (ScenarioKind k : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.cliName);
        }
        return sb.toString();
    }
}
