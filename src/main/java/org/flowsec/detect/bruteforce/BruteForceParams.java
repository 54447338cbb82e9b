package org.flowsec.detect.bruteforce;

import java.util.ArrayList;
import java.util.List;
import org.flowsec.detect.DetectorParams;

/**
 * The {@code bruteforce:} section of the detection config; see docs/detectors.md (section bruteforce). {@code allow}
 * lists sources that never alert (a monitoring system that logs in every few seconds, a vulnerability scanner).
 */
public final class BruteForceParams extends DetectorParams {
    /**
     * Authentication services watched with {@link #minSessions}: ftp 21, ssh 22, telnet 23, smtp submission 465/587,
     * pop3 110/995, netbios 139, imap 143/993, ldap 389/636, smb 445, rexec/rlogin/rsh 512-514, mssql 1433,
     * oracle 1521, mysql 3306, rdp 3389, postgres 5432, vnc 5900-5902, winrm 5985/5986, redis 6379,
     * mongodb 27017. Default from the list, without smtp's port 25: there mail servers deliver to each
     * other, and a big sender (a provider's relay, a mailing list) opens many short, similar sessions to one
     * mail server all day; password guessing on SMTP goes to the submission ports, where AUTH is offered.
     */
    public List<Integer> authPorts = new ArrayList<>(List.of(21, 22, 23, 110, 139, 143, 389, 445, 465, 512,
            513, 514, 587, 636, 993, 995, 1433, 1521, 3306, 3389, 5432, 5900, 5901, 5902, 5985, 5986, 6379, 27017));

    /**
     * Short, similar sessions from one source to one auth service within the window that make a brute force.
     * Default 30: a mail client polling every minute makes at most 10 in a window, nmap's ssh-brute 40+.
     */
    public int minSessions = 30;

    /**
     * Any other TCP port (not in {@link #anyPortExclude}) alerts from this many sessions, and only when the source
     * has at least {@link #baselineFactor} times the sessions of the service's average other client. Default 40.
     */
    public int anyPortMinSessions = 40;

    /** How far beyond the service's average other client a source must go on a non-auth port. Default 10. */
    public double baselineFactor = 10;

    /**
     * Ports never watched by the any-port path (clients legitimately repeat short requests there): smtp between
     * mail servers, DNS, web.
     */
    public List<Integer> anyPortExclude = new ArrayList<>(List.of(25, 53, 80, 443, 8000, 8080, 8443));

    /** Window (seconds of event time): sessions starting in the current or the previous window count. Default 300. */
    public long windowSeconds = 300;

    /** A session (one TCP flow from the client) counts only if it lasts at most this long. Default 30 seconds. */
    public long maxSessionSeconds = 30;

    /** ... and has at most this many packets. Default 100 (a login attempt is a few dozen at most). */
    public long maxSessionPackets = 100;

    /**
     * ... and at least this many packets: a guess needs a handshake and some dialogue. Default 3. Keeps out the
     * one-packet resets a port-scanned host sends back to the scanner's fixed source port, which would otherwise
     * look like many short sessions to that port.
     */
    public long minSessionPackets = 3;

    /**
     * "Similar": the coefficient of variation (standard deviation / mean) of packets per session must stay at or
     * below this. Default 0.45 (nmap ssh-brute on the real capture: 0.37; web and mail sessions: above 1; a busy mail relay of the background model repeats 30-55 sessions in a window and stays above it).
     */
    public double maxPacketVariation = 0.45;

    /** The same for bytes per session. Default 0.65 (nmap ssh-brute: 0.56; ftp crack: 0.10). */
    public double maxByteVariation = 0.65;

    /**
     * Of the pair's sessions in the window (short and long, counted once the pair is watched), at least this share
     * must be short. Default 0.8: a guesser's sessions are all short, while a user who opens many remote-desktop
     * or ssh sessions to one server has short and long ones mixed (the background model's heavy RDP users at
     * 20,000 flows/s had 30+ short sessions of similar size among several times as many long ones).
     */
    public double minShortShare = 0.8;

    /** (source, destination, port) pairs tracked at once; new pairs beyond this are counted and ignored. Default 200000. */
    public int maxTracked = 200_000;
}
