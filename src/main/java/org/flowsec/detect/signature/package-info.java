/**
 * Backdoor ports and worm signatures: rules in the filter language, read from the built-in rule file and user
 * rule files, matched per flow through a port index, with roles (attempt, answer, client, source) decided by
 * which side of a flow holds the rule's port (docs/detectors.md (section signature)).
 */
package org.flowsec.detect.signature;
