package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowsec.flow.Addresses;
import org.flowsec.flow.Field;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nfdump 1.7 and flowsec select the same flows with the same filter text. nfpcapd turns real captures
 * (scans, SSH brute force, a mixed IPv4/IPv6 trace) into nfcapd files; nfdump prints every flow's fields,
 * which become FlowBatch rows; then each filter is counted by nfdump and by the compiled predicate.
 */
class FilterMatchesNfdumpIT {
    private static final String CAPTURES = "../shared/data/traffic-pcaps/";
    private static final List<String> PCAPS = List.of("scans/esnet_nmap_80_all.pcap",
            "benign/ipfixprobe_mixed.pcap", "bruteforce/slips_malicious-ssh-bruteforce.pcap",
            "scans/esnet_masscan_tcp_0_1000.pcap", "dos/ppa1_dosattack.pcap");
    // %td, not %ter: nfdump 1.7.1 prints %ter's milliseconds wrongly (e.g. .062 for .762)
    private static final String FORMAT = "fmt:%tsr|%td|%sa|%da|%sp|%dp|%pr|%flg|%ipkt|%ibyt|%tos|%in|%out|%sas|%das";

    @TempDir
    static Path dir;
    private static FlowBatch flows;

    @BeforeAll
    static void captureFlowsWithNfpcapd() throws Exception {
        int i = 0;
        for (String pcap : PCAPS) {
            Path out = Files.createDirectories(dir.resolve("capture" + i++));
            run(List.of("nfpcapd", "-r", CAPTURES + pcap, "-w", out.toString()));
        }
        flows = new FlowBatch(1024);
        for (String line : nfdump(FORMAT, "any")) {
            String[] f = line.split("\\|");
            for (int k = 0; k < f.length; k++) {
                f[k] = f[k].trim();
            }
            int r = flows.addRow();
            flows.set(Field.FIRST, r, millis(f[0]));
            flows.set(Field.LAST, r, millis(f[0]) + millis(f[1]));
            setAddress(r, Field.SRC_ADDR, f[2]);
            setAddress(r, Field.DST_ADDR, f[3]);
            flows.set(Field.SRC_PORT, r, Long.parseLong(f[4]));
            int proto = Integer.parseInt(f[6]);
            flows.set(Field.PROTO, r, proto);
            if (f[5].contains(".")) { // nfdump prints ICMP type.code where the port would be
                int type = Integer.parseInt(f[5].substring(0, f[5].indexOf('.')));
                int code = Integer.parseInt(f[5].substring(f[5].indexOf('.') + 1));
                flows.set(Field.DST_PORT, r, type * 256L + code);
                flows.set(Field.ICMP_TYPE, r, type);
                flows.set(Field.ICMP_CODE, r, code);
            } else {
                flows.set(Field.DST_PORT, r, Long.parseLong(f[5]));
            }
            flows.set(Field.TCP_FLAGS, r, flags(f[7]));
            flows.set(Field.PACKETS, r, Long.parseLong(f[8]));
            flows.set(Field.BYTES, r, Long.parseLong(f[9]));
            flows.set(Field.TOS, r, Long.parseLong(f[10]));
            flows.set(Field.IN_IF, r, Long.parseLong(f[11]));
            flows.set(Field.OUT_IF, r, Long.parseLong(f[12]));
            flows.set(Field.SRC_AS, r, Long.parseLong(f[13]));
            flows.set(Field.DST_AS, r, Long.parseLong(f[14]));
        }
    }

    @Test
    void everyFilterSelectsAsManyFlowsAsNfdumpDoes() throws Exception {
        assertThat(flows.size()).as("flows from the captures").isGreaterThan(500);
        String host = flows.formatAddress(Field.SRC_ADDR, 0);
        String host2 = flows.formatAddress(Field.DST_ADDR, flows.size() / 2);
        String v6 = null;
        for (int r = 0; r < flows.size() && v6 == null; r++) {
            // not "::": nfdump's filter takes IPv4 0.0.0.0 for it, flowsec keeps IPv4 apart (::ffff:0.0.0.0)
            if (!Addresses.isV4(flows.hi(Field.SRC_ADDR, r), flows.lo(Field.SRC_ADDR, r))
                    && flows.hi(Field.SRC_ADDR, r) != 0) {
                v6 = flows.formatAddress(Field.SRC_ADDR, r);
            }
        }
        assertThat(v6).as("an IPv6 flow in the captures").isNotNull();
        List<String> filters = List.of("any", "proto tcp", "proto udp", "proto icmp", "proto icmp6", "ipv4", "ipv6",
                "proto tcp and dst port 80", "port 80", "port 22", "src port > 1023", "dst port < 1024",
                "dst port >= 1000 and dst port <= 2000", "port in [22 80 443 53]", "not port 80",
                "flags S", "flags SA", "flags R", "flags S and not flags AFRPU", "not flags AR", "flags FSRPAU",
                "packets > 5", "packets 1", "bytes > 1k", "bytes < 100", "bpp > 100", "pps > 10", "bps > 10k",
                "duration > 1000", "duration 0",
                "tos 0x0", "proto 0x11", "net 10.0.0.0/8", "src net 192.168.0.0/16", "dst net 10.0.0.0 255.0.0.0", "net 192.168/16", "src net 10.0/8",
                "host " + host, "src ip " + host, "dst ip " + host2, "ip in [" + host + " " + host2 + "]",
                "ip " + v6, "net " + v6 + "/64", "src ip in [" + v6 + " 10.0.0.0/8]",
                "icmp-type 8", "icmp-type 3 and icmp-code 3", "tos 0", "tos > 0",
                "proto tcp and (port 22 or port 80) and not flags R", "proto udp or proto icmp and packets > 1",
                "!(proto tcp || proto udp)", "in if 0", "port > 1023",
                "proto tcp and port < 1024", "packets >= 2 and packets <= 3", "bpp 40",
                "ip in [" + host + " 10.0.0.0/16]", "src net " + host + "/24", "not (port 80 or port 443)",
                "proto icmp and icmp-type 0", "flags A and not flags S", "bytes > 1M", "packets > 1k",
                // "!=" is flowsec's: nfdump 1.7.1 rejects it, so it gets the equivalent in its own words
                "dst port != 80 | not dst port 80", "bytes != 68 | not bytes 68",
                "port != 80 | not (src port 80 and dst port 80)");
        List<String> mismatches = new ArrayList<>();
        for (String pair : filters) {
            String filter = pair.contains(" | ") ? pair.substring(0, pair.indexOf(" | ")) : pair;
            String theirFilter = pair.contains(" | ") ? pair.substring(pair.indexOf(" | ") + 3) : pair;
            long theirs = nfdump("fmt:%pr", theirFilter).size();
            int[] rows = new int[flows.size()];
            long ours = FilterCompiler.compile(filter).select(flows, rows);
            if (theirs != ours) {
                mismatches.add(filter + ": nfdump " + theirs + ", flowsec " + ours);
            }
        }
        assertThat(mismatches).as("filters where the counts differ").isEmpty();
    }

    private static long millis(String secondsDotMillis) {
        String[] p = secondsDotMillis.split("\\.");
        return Long.parseLong(p[0]) * 1000 + (p.length > 1 ? Long.parseLong(p[1]) : 0);
    }

    private static void setAddress(int r, Field f, String text) {
        var a = Addresses.parse(text);
        flows.setAddress(f, r, Addresses.hi(a), Addresses.lo(a));
    }

    /** nfdump prints "CEUAPRSF" with dots for unset flags. */
    private static long flags(String s) {
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '.') {
                v |= 1L << (s.length() - 1 - i);
            }
        }
        return v;
    }

    private static List<String> nfdump(String format, String filter) throws IOException, InterruptedException {
        // -R on the parent directory reads the files of every capture's subdirectory
        List<String> cmd = List.of("nfdump", "-q", "-N", "-6", "-o", format, "-R", dir.toString(), filter);
        String out = run(cmd);
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank() && !l.startsWith("No matching")) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return out;
    }
}
