package org.flowsec.detect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code alerts:} section of the detection config: where alerts go besides the store's alert log. Every
 * sink is off unless configured. Plain data bound from YAML (snake_case keys); {@link #check()} validates.
 */
public final class AlertsConfig {
    /** JSON-lines file for log shippers, e.g. {@code /var/log/flowsec/alerts.jsonl}; null (default) = none. */
    public String file;
    /** Rotate the file when it would grow past this size (default {@code 100M}). */
    public String fileMaxSize = "100M";
    /** Rotated files to keep (default 10); older ones are deleted. */
    public int fileKeep = 10;
    /** Print each alert as a JSON line on stdout (default false). */
    public boolean stdout;
    /** Syslog server; null (default) = none. */
    public Syslog syslog;
    /** Webhook; null (default) = none. */
    public Webhook webhook;
    /** Alerts waiting per network sink (syslog, webhook) before new ones are dropped and counted (default 1000). */
    public int queue = 1000;

    /** {@code alerts: {syslog: ...}}: RFC 5424 over UDP or TCP. */
    public static final class Syslog {
        /** Server name or address (required). */
        public String host;
        /** Server port (default 514). */
        public int port = 514;
        /** {@code udp} (default, RFC 5426) or {@code tcp} (RFC 6587 octet counting). */
        public String protocol = "udp";
        /** {@code local0} (default) .. {@code local7}, {@code daemon}, {@code auth}, ... or 0-23. */
        public String facility = "local0";
        /** APP-NAME of the messages (default {@code flowsec}). */
        public String appName = "flowsec";
        /** HOSTNAME of the messages; default: this machine's name. */
        public String hostname;
    }

    /** {@code alerts: {webhook: ...}}: an HTTP POST of each alert's JSON. */
    public static final class Webhook {
        /** {@code http://} or {@code https://} URL (required). */
        public String url;
        /** Connect and answer timeout (default {@code 5s}). */
        public String timeout = "5s";
    }

    /** Throws IllegalArgumentException naming the key when a value is unusable. */
    public void check() {
        if (file != null) {
            if (file.isBlank()) {
                throw new IllegalArgumentException("alerts.file is empty");
            }
            if (DetectConfig.size("alerts.file_max_size", fileMaxSize) < 1) {
                throw new IllegalArgumentException("alerts.file_max_size must be positive");
            }
            if (fileKeep < 0) {
                throw new IllegalArgumentException("alerts.file_keep must be 0 or more");
            }
        }
        if (queue < 1) {
            throw new IllegalArgumentException("alerts.queue must be at least 1");
        }
        if (syslog != null) {
            if (syslog.host == null || syslog.host.isBlank()) {
                throw new IllegalArgumentException("alerts.syslog.host is required");
            }
            if (syslog.port < 1 || syslog.port > 65535) {
                throw new IllegalArgumentException("alerts.syslog.port " + syslog.port + " is not a port (1-65535)");
            }
            syslogProtocol();
            try {
                SyslogFormat.facility(syslog.facility);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alerts.syslog.facility: " + e.getMessage());
            }
        }
        if (webhook != null) {
            webhookUrl();
            DetectConfig.millis("alerts.webhook.timeout", webhook.timeout);
        }
    }

    SyslogSink.Protocol syslogProtocol() {
        return switch (syslog.protocol == null ? "" : syslog.protocol.toLowerCase(Locale.ROOT)) {
            case "udp" -> SyslogSink.Protocol.UDP;
            case "tcp" -> SyslogSink.Protocol.TCP;
            default -> throw new IllegalArgumentException("alerts.syslog.protocol must be udp or tcp, not '"
                    + syslog.protocol + "'");
        };
    }

    URI webhookUrl() {
        if (webhook.url == null || webhook.url.isBlank()) {
            throw new IllegalArgumentException("alerts.webhook.url is required");
        }
        try {
            URI u = new URI(webhook.url);
            if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
                throw new URISyntaxException(webhook.url, "not an http:// or https:// URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("alerts.webhook.url: " + e.getMessage());
        }
    }

}
