package org.flowsec.detect;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowsec.base.Clock;

/** Builds the sinks an {@link AlertsConfig} asks for; network sinks come wrapped in a started {@link AsyncSink}. */
public final class AlertSinks {
    private AlertSinks() {}

    /** @param stdout where {@code stdout: true} prints */
    public static List<AlertSink> create(AlertsConfig c, PrintWriter stdout, Clock clock) {
        c.check();
        List<AlertSink> sinks = new ArrayList<>();
        if (c.file != null) {
            sinks.add(new JsonFileSink(Path.of(c.file), DetectConfig.size("alerts.file_max_size", c.fileMaxSize),
                    c.fileKeep, clock));
        }
        if (c.stdout) {
            sinks.add(new StreamSink(stdout));
        }
        if (c.syslog != null) {
            // resolved once, at start: a name that stops resolving later must not stall detection
            InetSocketAddress target = new InetSocketAddress(c.syslog.host, c.syslog.port);
            if (target.isUnresolved()) {
                throw new IllegalArgumentException("alerts.syslog.host: cannot resolve '" + c.syslog.host + "'");
            }
            String hostname = c.syslog.hostname != null ? c.syslog.hostname : localHostName();
            sinks.add(new AsyncSink(new SyslogSink(target, c.syslogProtocol(), SyslogFormat.facility(c.syslog.facility),
                    c.syslog.appName, hostname, clock), c.queue, clock).start());
        }
        if (c.webhook != null) {
            Duration timeout = Duration.ofMillis(DetectConfig.millis("alerts.webhook.timeout", c.webhook.timeout));
            sinks.add(new AsyncSink(new WebhookSink(c.webhookUrl(), timeout, clock), c.queue, clock).start());
        }
        return sinks;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
