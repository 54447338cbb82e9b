package org.flowsec.detect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.flowsec.base.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to a syslog server as RFC 5424 messages ({@link SyslogFormat}): over UDP one message per
 * datagram (RFC 5426; a message longer than a datagram can carry is cut and counted), over TCP with octet
 * counting framing, {@code LENGTH SP MESSAGE} (RFC 6587 section 3.4.1). A TCP connection that fails is
 * dropped and opened again for the next alert. Calls block on the network, so the pipeline runs this sink
 * behind an {@link AsyncSink}.
 */
public final class SyslogSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogSink.class);
    static final int MAX_DATAGRAM = 65_507;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    public enum Protocol { UDP, TCP }

    private final InetSocketAddress target;
    private final Protocol protocol;
    private final int facility;
    private final String appName;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();
    private final RateLimitedLog errorLog;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;
    private long failures;
    private long truncated;

    public SyslogSink(InetSocketAddress target, Protocol protocol, int facility, String appName, String hostname,
                      Clock clock) {
        this.target = target;
        this.protocol = protocol;
        this.facility = facility;
        this.appName = appName;
        this.hostname = hostname;
        this.errorLog = new RateLimitedLog(LOG, clock);
    }

    @Override
    public synchronized void accept(Alert alert, boolean update) {
        byte[] msg = SyslogFormat.format(alert, update, facility, hostname, appName, pid).getBytes(StandardCharsets.UTF_8);
        try {
            if (protocol == Protocol.UDP) {
                if (udp == null) {
                    udp = new DatagramSocket();
                }
                int len = msg.length;
                if (len > MAX_DATAGRAM) {
                    len = MAX_DATAGRAM;
                    truncated++;
                }
                udp.send(new DatagramPacket(msg, len, target));
            } else {
                if (tcp == null) {
                    tcp = new Socket();
                    tcp.connect(target, CONNECT_TIMEOUT_MILLIS);
                    tcpOut = tcp.getOutputStream();
                }
                tcpOut.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                tcpOut.write(msg);
                tcpOut.flush();
            }
        } catch (IOException e) {
            failures++;
            errorLog.error("cannot send alert {} to syslog {} over {} ({} failures so far): {}", alert.id(), target,
                    protocol, failures, e.toString());
            closeSockets();
        }
    }

    public synchronized long truncated() { return truncated; }

    @Override
    public synchronized long failures() { return failures; }

    @Override
    public synchronized void close() { closeSockets(); }

    private void closeSockets() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to save
            }
            tcp = null;
            tcpOut = null;
        }
    }

    @Override
    public String toString() { return "syslog " + protocol.name().toLowerCase(java.util.Locale.ROOT) + " " + target; }
}
