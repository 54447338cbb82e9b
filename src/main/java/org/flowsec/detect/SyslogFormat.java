package org.flowsec.detect;

import java.util.Locale;
import java.util.Map;

/**
 * An alert as an RFC 5424 syslog message:
 * <pre>
 * &lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [flowsec@32473 id="..." severity="..." ...] MSG
 * &lt;163&gt;1 2026-11-26T10:01:10.007Z sensor1 flowsec 4711 scan [flowsec@32473 id="scan-0123456789ab" detector="scan" severity="high" update="false" src="203.0.113.9"] {"id":"scan-0123456789ab",...}
 * </pre>
 * PRI is facility * 8 + severity (critical 2, high → error 3, medium → warning 4, low → notice 5); TIMESTAMP
 * is the detection time; MSGID the detector; the structured data carries the fields a syslog server can
 * index without parsing JSON (32473 is the enterprise number RFC 5612 reserves for examples); MSG is the
 * alert's JSON line.
 */
public final class SyslogFormat {
    static final String SD_ID = "flowsec@32473";
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("syslog", 5), Map.entry("lpr", 6), Map.entry("news", 7),
            Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10), Map.entry("ftp", 11),
            Map.entry("ntp", 12), Map.entry("security", 13), Map.entry("console", 14), Map.entry("local0", 16),
            Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20),
            Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    private SyslogFormat() {}

    /** {@code local0}..{@code local7}, {@code daemon}, {@code auth}, ... or a number 0-23. */
    public static int facility(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Integer f = FACILITIES.get(t);
        if (f == null && t.matches("\\d{1,2}") && Integer.parseInt(t) <= 23) {
            f = Integer.parseInt(t);
        }
        if (f == null) {
            throw new IllegalArgumentException("unknown syslog facility '" + text + "': use local0..local7, daemon, "
                    + "auth, user or a number 0-23");
        }
        return f;
    }

    static int severity(Severity s) {
        return switch (s) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
        };
    }

    public static String format(Alert a, boolean update, int facility, String hostname, String appName, long procId) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append('<').append(facility * 8 + severity(a.severity())).append(">1 ")
                .append(AlertJson.time(a.detectedAt())).append(' ')
                .append(header(hostname, 255)).append(' ')
                .append(header(appName, 48)).append(' ')
                .append(procId).append(' ')
                .append(header(a.detector(), 32)).append(' ');
        sb.append('[').append(SD_ID);
        param(sb, "id", a.id());
        param(sb, "detector", a.detector());
        param(sb, "severity", a.severity().text());
        param(sb, "update", Boolean.toString(update));
        if (a.srcAddr() != null) {
            param(sb, "src", a.srcAddr());
        }
        if (a.dstAddr() != null) {
            param(sb, "dst", a.dstAddr());
        }
        sb.append("] ").append(AlertJson.toJson(a));
        return sb.toString();
    }

    /** Header fields are printable US-ASCII without spaces, or "-" when empty. */
    private static String header(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c > 32 && c < 127 ? c : '_');
        }
        return b.toString();
    }

    /** PARAM-VALUE escapes '"', '\' and ']' (RFC 5424 section 6.3.3). */
    private static void param(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
