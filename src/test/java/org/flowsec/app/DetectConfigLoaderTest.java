package org.flowsec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowsec.detect.DetectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectConfigLoaderTest {
    @TempDir
    Path dir;

    private DetectConfig load(String yaml) throws Exception {
        Path f = dir.resolve("flowsec.yaml");
        Files.writeString(f, yaml);
        return DetectConfigLoader.load(f);
    }

    private String error(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(DetectConfigLoader.ConfigException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
        return t.getMessage();
    }

    @Test
    void aConfigWithOnlyHomeGetsEveryDefault() throws Exception {
        DetectConfig c = load("home: [10.0.0.0/8, 2001:db8::/32]\n");
        assertThat(c.home).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(c.latenessMillis()).isEqualTo(120_000);
        assertThat(c.idleExporterMillis()).isEqualTo(300_000);
        assertThat(c.suppressionMillis()).isEqualTo(600_000);
        assertThat(c.updateIntervalMillis()).isEqualTo(60_000);
        assertThat(c.scan.enabled).isTrue();
        assertThat(c.alerts.file).isNull();
        assertThat(c.alerts.syslog).isNull();
    }

    @Test
    void anEmptyFileAndEmptySectionsMeanDefaults() throws Exception {
        assertThat(load("").home).isEmpty();
        DetectConfig c = load("scan:\nflood: {}\nalerts:\n");
        assertThat(c.scan).isNotNull();
        assertThat(c.flood.enabled).isTrue();
        assertThat(c.alerts).isNotNull();
    }

    @Test
    void bindsSnakeCaseKeysOfTimeSettingsAndEverySink() throws Exception {
        DetectConfig c = load("""
                lateness: 90s
                idle_exporter: 10m
                suppression: 1h
                update_interval: 30
                max_open_alerts: 500
                scan:
                  enabled: false
                  allow: [192.0.2.7, 198.51.100.0/24]
                alerts:
                  file: /var/log/flowsec/alerts.jsonl
                  file_max_size: 10M
                  file_keep: 3
                  stdout: true
                  syslog: {host: 127.0.0.1, port: 6514, protocol: tcp, facility: local3, app_name: ids}
                  webhook: {url: "https://hooks.example.org/flowsec", timeout: 2s}
                """);
        assertThat(c.latenessMillis()).isEqualTo(90_000);
        assertThat(c.idleExporterMillis()).isEqualTo(600_000);
        assertThat(c.suppressionMillis()).isEqualTo(3_600_000);
        assertThat(c.updateIntervalMillis()).isEqualTo(30_000);
        assertThat(c.maxOpenAlerts).isEqualTo(500);
        assertThat(c.scan.enabled).isFalse();
        assertThat(c.scan.allow).containsExactly("192.0.2.7", "198.51.100.0/24");
        assertThat(c.alerts.fileKeep).isEqualTo(3);
        assertThat(c.alerts.stdout).isTrue();
        assertThat(c.alerts.syslog.port).isEqualTo(6514);
        assertThat(c.alerts.syslog.appName).isEqualTo("ids");
        assertThat(c.alerts.webhook.url).isEqualTo("https://hooks.example.org/flowsec");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndSection() {
        String msg = error("home: [10.0.0.0/8]\nscan:\n  enabled: true\n  tresholds: 3\n");
        assertThat(msg).contains("flowsec.yaml line 4", "unknown key 'tresholds' in scan", "known: allow, distinct_max, enabled");
        assertThat(error("lateness: 2m\nsupression: 5m\n")).contains("line 2", "unknown key 'supression'")
                .contains("suppression");
        assertThat(error("alerts:\n  syslog:\n    hots: x\n")).contains("line 3", "in alerts.syslog");
    }

    @Test
    void badPrefixesInHomeAndAllowListsAreRejected() {
        assertThat(error("home: [10.0.0.0/8, 10.1.2.300/24]\n")).contains("home", "10.1.2.300/24");
        assertThat(error("bruteforce:\n  allow: [not-an-address]\n")).contains("bruteforce.allow", "not-an-address");
    }

    @Test
    void badValuesAreNamed() {
        assertThat(error("lateness: soon\n")).contains("lateness", "soon");
        assertThat(error("max_open_alerts: many\n")).contains("line 1", "max_open_alerts");
        assertThat(error("alerts:\n  syslog: {host: 127.0.0.1, protocol: quic}\n")).contains("alerts.syslog.protocol");
        assertThat(error("alerts:\n  syslog: {port: 514}\n")).contains("alerts.syslog.host is required");
        assertThat(error("alerts:\n  syslog: {host: h, facility: local9}\n")).contains("facility", "local9");
        assertThat(error("alerts:\n  webhook: {url: 'ftp://x/y'}\n")).contains("alerts.webhook.url");
        assertThat(error("home: [10.0.0.0/8\nscan: {}\n")).contains("not valid YAML");
        assertThat(error("- just\n- a list\n")).contains("flowsec.yaml");
    }

    @Test
    void aMissingFileIsOneLine() {
        assertThatThrownBy(() -> DetectConfigLoader.load(dir.resolve("nope.yaml")))
                .hasMessageStartingWith("no config file");
    }

    @Test
    void theCommentedExampleInTheRepositoryLoadsAndSetsEverySink() {
        DetectConfig c = DetectConfigLoader.load(Path.of("flowsec.example.yaml"));
        assertThat(c.home).contains("10.0.0.0/8");
        assertThat(c.latenessMillis()).isEqualTo(120_000);
        assertThat(c.alerts.file).isEqualTo("/var/log/flowsec/alerts.jsonl");
        assertThat(c.alerts.syslog.protocol).isEqualTo("udp");
        assertThat(c.alerts.webhook.timeout).isEqualTo("5s");
        assertThat(c.detectorSections().values()).allSatisfy(p -> assertThat(p.enabled).isTrue());
    }
}
