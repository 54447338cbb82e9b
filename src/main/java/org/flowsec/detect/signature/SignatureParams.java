package org.flowsec.detect.signature;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.DetectorParams;

/**
 * The {@code signature:} section of the detection config; see docs/detectors.md (section signature). {@code allow}
 * lists local hosts that never raise a signature alert (e.g. a honeypot, or the one host where Radmin is
 * deployed on purpose).
 */
public final class SignatureParams extends DetectorParams {
    /** Load the built-in rules (backdoor ports, Code Red, Slammer, Mirai telnet). Default true. */
    public boolean builtinRules = true;

    /** Extra rule files (paths), read in order after the built-in rules; a rule name must be unique. Default none. */
    public List<String> ruleFiles = new ArrayList<>();

    /** Names of rules (built-in or from files) to ignore. Default none. */
    public List<String> disabledRules = new ArrayList<>();

    /**
     * Count a lone one-packet SYN to a backdoor port as a probe attempt. Default false: a single unanswered SYN
     * is a port scanner's probe (the scan detector's job, and constant background noise on the Internet); a
     * worm's or intruder's connect() retries its SYN or completes the handshake.
     */
    public boolean countLoneSynProbes = false;

    /**
     * Distinct backdoor-rule ports of one local host that one outside source may probe (SYN attempts without a
     * session, single UDP datagrams) and still raise attempts; a source probing more is a vertical port scan,
     * the scan detector's job, and none of its probes raise a signature alert. Default 3: the bots in
     * malware/ppa1_evilprogram try Bagle, MyDoom and DameWare (2745, 3127, 6129) on each host, while nmap's
     * default scan touches about ten rule ports (31337, 4444, 12345, 6666-6669, 9898, 4899, 6129).
     */
    public int maxProbedPorts = 3;

    /**
     * How long (seconds of event time) an outside source's probes of one local host are held back before they
     * become attempts, so the rest of a vertical scan can still arrive; also how long a scanner stays skipped
     * after its last probe. Default 300 (nmap's scans of the 1000 top ports take seconds; this leaves room for
     * slower scans and for flows arriving out of order). Attempts proven by a session are raised at once.
     */
    public long probeWindowSeconds = 300;

    /**
     * Ports above 1023 that are well-known services, so a flow with one of them on the far side is a client
     * talking to that service, not a backdoor session (ports below 1024 always count as services). Default:
     * common database, proxy, remote-desktop, messaging and web-alternative ports.
     */
    public List<Integer> servicePorts = new ArrayList<>(List.of(1080, 1194, 1433, 1521, 1723, 1883, 1935, 2049,
            3128, 3306, 3389, 3478, 5060, 5061, 5222, 5223, 5228, 5432, 5900, 6379, 7000, 8000, 8008, 8080, 8081,
            8443, 8883, 8888, 9000, 9090, 9200, 9418, 11211, 27017));

    /**
     * How long (seconds of event time) a (rule, host, role) finding is kept after its last matching flow;
     * a match after that starts a new alert. Default 3600 (the research notes' one-hour dedupe per host and port).
     */
    public long stateTtlSeconds = 3600;

    /**
     * Findings tracked at once (about 1.2 KB each); beyond this new findings are dropped and counted
     * ({@code states_dropped}). Default 20000.
     */
    public int maxStates = 20_000;
}
