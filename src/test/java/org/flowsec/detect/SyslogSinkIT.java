package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowsec.base.Clock;
import org.junit.jupiter.api.Test;

/** Syslog to real loopback receivers that parse what arrives as RFC 5424 (UDP) and RFC 6587 octet counting (TCP). */
class SyslogSinkIT {
    /** PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG, RFC 5424 section 6. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\[flowsec@32473(?: [a-z]+=\"(?:[^\"\\\\\\]]|\\\\.)*\")*\\]) (.*)",
            Pattern.DOTALL);

    private static Matcher parse(String message) {
        Matcher m = RFC5424.matcher(message);
        assertThat(m.matches()).as(message).isTrue();
        return m;
    }

    @Test
    void udpDeliversOneRfc5424MessagePerAlert() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(10_000);
            SyslogSink sink = new SyslogSink(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort()),
                    SyslogSink.Protocol.UDP, SyslogFormat.facility("local4"), "flowsec", "sensor1", Clock.SYSTEM);
            sink.accept(AlertJsonTest.sample(), false);
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            receiver.receive(p);
            sink.close();
            Matcher m = parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(20 * 8 + 3); // local4, high -> error
            assertThat(m.group(2)).isEqualTo("2025-11-26T10:01:10.007Z");
            assertThat(m.group(3)).isEqualTo("sensor1");
            assertThat(m.group(4)).isEqualTo("flowsec");
            assertThat(m.group(5)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(m.group(6)).isEqualTo("scan");
            assertThat(m.group(7)).contains("id=\"scan-0123456789ab\"", "severity=\"high\"", "update=\"false\"",
                    "src=\"203.0.113.9\"");
            assertThat(new ObjectMapper().readTree(m.group(8)).get("evidence").asText())
                    .isEqualTo("src ip 203.0.113.9 and dst port 22");
            assertThat(sink.failures()).isZero();
        }
    }

    @Test
    void tcpFramesEachMessageWithItsOctetCount() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SyslogSink sink = new SyslogSink(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    SyslogSink.Protocol.TCP, SyslogFormat.facility("daemon"), "flowsec", "sensor1", Clock.SYSTEM);
            sink.accept(AlertJsonTest.sample(), false);
            sink.accept(AlertJsonTest.sample(), true);
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                Matcher first = parse(frame(in));
                Matcher second = parse(frame(in));
                assertThat(Integer.parseInt(first.group(1))).isEqualTo(3 * 8 + 3);
                assertThat(first.group(7)).contains("update=\"false\"");
                assertThat(second.group(7)).contains("update=\"true\"");
                sink.close();
                assertThat(in.read()).as("nothing after the two frames").isEqualTo(-1);
            }
            assertThat(sink.failures()).isZero();
        }
    }

    @Test
    void aRefusedTcpConnectionIsCountedAndTheNextAlertConnectsAgain() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SyslogSink sink = new SyslogSink(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                SyslogSink.Protocol.TCP, 16, "flowsec", "sensor1", Clock.SYSTEM);
        sink.accept(AlertJsonTest.sample(), false);
        assertThat(sink.failures()).isEqualTo(1);
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            sink.accept(AlertJsonTest.sample(), true);
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                assertThat(parse(frame(new DataInputStream(s.getInputStream()))).group(7)).contains("update=\"true\"");
            }
        } finally {
            sink.close();
        }
        assertThat(sink.failures()).isEqualTo(1);
    }

    /** Reads one octet-counted frame: digits, a space, that many bytes. */
    private static String frame(InputStream in) throws Exception {
        int len = 0;
        int c;
        while ((c = in.read()) != ' ') {
            assertThat(c).as("length digit").isBetween((int) '0', (int) '9');
            len = len * 10 + (c - '0');
        }
        byte[] msg = new byte[len];
        new DataInputStream(in).readFully(msg);
        return new String(msg, StandardCharsets.UTF_8);
    }

}
