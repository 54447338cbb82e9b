package org.flowsec.detect.signature;

/**
 * Which part a local host plays in a flow a rule matched. Backdoor rules name a service port, so the side of
 * the flow that holds it decides the role; worm rules describe the attack flow itself (source = attacker).
 */
public enum Role {
    /** A remote host reached the rule's port on the local host (backdoor rule), or sent it the worm (worm rule). */
    ATTEMPT("attempt"),
    /** The local host answered from the rule's port: something listens there, a likely compromise. */
    ANSWER("answer"),
    /** The local host connected out to the rule's port: a trojan or bot calling home. */
    CLIENT("client"),
    /** The local host sent the worm's flow: a likely infection spreading. */
    SOURCE("source");

    private final String word;

    Role(String word) { this.word = word; }

    /** The word used in rule files and alert keys. */
    public String word() { return word; }

    static Role byWord(String w) {
        for (Role r : values()) {
            if (r.word.equals(w)) {
                return r;
            }
        }
        return null;
    }
}
