package org.flowsec.detect.signature;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.flowsec.detect.Severity;
import org.flowsec.query.filter.Filter;

/**
 * One compiled signature rule. {@code filter} is compiled once when the rule file is read; {@code ports} are
 * the service (backdoor) or victim (worm) ports the rule is about, which both index the rule for O(1) lookup
 * and decide the role of each side of a matching flow.
 *
 * @param name        unique rule name (letters, digits, '-', '_', '.')
 * @param kind        backdoor (ports name a service, either direction) or worm (the filter is the attack flow)
 * @param ports       the rule's ports, sorted, 0..65535
 * @param filter      flows the rule looks at, in the filter language
 * @param filterText  the filter as written, for evidence expressions
 * @param severities  the roles this rule alerts on, with their severity
 * @param minFlows    matching flows of one (local host, role) before the alert is raised
 * @param minPeers    distinct remote peers of one (local host, role) before the alert is raised
 * @param description what the rule finds, for the alert summary
 */
public record Rule(String name, Kind kind, int[] ports, Filter filter, String filterText,
                   Map<Role, Severity> severities, int minFlows, int minPeers, String description) {

    /** How the sides of a matching flow map to roles; see {@link Role}. */
    public enum Kind { BACKDOOR, WORM }

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(filter, "filter");
        ports = ports.clone();
        Arrays.sort(ports);
        severities = new EnumMap<>(severities);
        if (ports.length == 0) {
            throw new IllegalArgumentException("rule " + name + ": no ports");
        }
        if (severities.isEmpty()) {
            throw new IllegalArgumentException("rule " + name + ": no role to alert on");
        }
    }

    public boolean hasPort(int port) { return Arrays.binarySearch(ports, port) >= 0; }

    /** The severity of an alert in {@code role}, or null when the rule does not alert in that role. */
    public Severity severity(Role role) { return severities.get(role); }
}
