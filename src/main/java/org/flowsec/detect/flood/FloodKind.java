package org.flowsec.detect.flood;

/** What crossed a threshold first, which decides which flows count as the flood's and its evidence filter. */
enum FloodKind {
    SYN("syn", "SYN-only flows", "SYN flood"),
    SYN_ACK("synack", "SYN-ACK-only flows", "TCP SYN-ACK reflection"),
    AMPLIFICATION("amp", "UDP flows", "amplification"),
    PACKETS("packets", "flows", "packet flood"),
    BITS("bits", "flows", "volume flood"),
    FLOWS("flows", "flows", "flow flood");

    final String keyPart;
    final String what;
    final String label;

    FloodKind(String keyPart, String what, String label) {
        this.keyPart = keyPart;
        this.what = what;
        this.label = label;
    }
}
