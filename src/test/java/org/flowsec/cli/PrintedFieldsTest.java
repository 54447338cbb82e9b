package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code query --fields} prints the chosen columns, in the order given, with the same values as the full
 * output: also when the filter and the sort use columns that are not printed, which the scan then reads
 * without printing them. 20,000 realistic flows in blocks of 1,000 over two segments.
 */
class PrintedFieldsTest extends RealisticStoreCliTest {
    private static List<String> args(String... more) {
        return command("query", more);
    }

    /** The CSV lines of {@code csv} cut down to {@code names}, in that order. */
    private static List<String> cut(String csv, List<String> names) {
        List<String> lines = csv.lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int[] at = names.stream().mapToInt(header::indexOf).toArray();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",");
            out.add(String.join(",", Arrays.stream(at).mapToObj(i -> cells[i]).toList()));
        }
        return out;
    }

    @Test
    void chosenColumnsEqualTheFullOutputCutDown() {
        List<String> names = List.of("dst_addr", "src_port", "packets", "first");
        String fields = String.join(",", names);
        // filtered on proto and dst_port, sorted by bytes: none of them printed
        for (List<String> shape : List.of(
                List.of("--filter", "proto tcp and dst port 443"),
                List.of("--filter", "proto tcp and dst port 443", "--sort", "bytes:desc,src_addr", "--limit", "300"),
                List.of("--filter", "not proto udp", "--limit", "50"))) {
            List<String> full = new ArrayList<>(args("--format", "csv"));
            full.addAll(shape);
            List<String> chosen = new ArrayList<>(args("--format", "csv", "--fields", fields));
            chosen.addAll(shape);
            CliRun all = CliRun.of(full);
            CliRun some = CliRun.of(chosen);
            assertThat(all.code()).as(all.err()).isZero();
            assertThat(some.code()).as(some.err()).isZero();
            assertThat(all.out().lines().count()).as(shape.toString()).isGreaterThan(40);
            assertThat(some.out().lines().toList()).as(shape.toString()).isEqualTo(cut(all.out(), names));
        }
    }

    /** duration, pps, bps and bpp as nfdump derives them (integer arithmetic, 0 without a duration). */
    @Test
    void derivedValuesAreThoseOfTheFlowsFields() {
        CliRun csv = CliRun.of(args("--format", "csv", "--fields", "first,last,packets,bytes,duration,pps,bps,bpp"));
        assertThat(csv.code()).as(csv.err()).isZero();
        List<String> lines = csv.lines();
        assertThat(lines.get(0)).isEqualTo("first,last,packets,bytes,duration,pps,bps,bpp");
        assertThat(lines).hasSize(20_001);
        long withDuration = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            long ms = java.time.Instant.parse(c[1]).toEpochMilli() - java.time.Instant.parse(c[0]).toEpochMilli();
            long packets = Long.parseLong(c[2]);
            long bytes = Long.parseLong(c[3]);
            assertThat(Long.parseLong(c[4])).as(line).isEqualTo(ms);
            assertThat(Long.parseLong(c[5])).as(line).isEqualTo(ms <= 0 ? 0 : packets * 1000 / ms);
            assertThat(Long.parseLong(c[6])).as(line).isEqualTo(ms <= 0 ? 0 : bytes * 8000 / ms);
            assertThat(Long.parseLong(c[7])).as(line).isEqualTo(packets == 0 ? 0 : bytes / packets);
            withDuration += ms > 0 ? 1 : 0;
        }
        assertThat(withDuration).isGreaterThan(1000);
        // a table shows the duration in seconds, as its usual duration column
        CliRun table = CliRun.of(args("--fields", "duration,bpp", "--limit", "3"));
        assertThat(table.lines().get(0).split("\\s+")).containsExactly("duration", "bpp");
        assertThat(table.lines().get(1)).matches("\\s*\\d+\\.\\d{3}\\s+\\d+");
    }

    @Test
    void jsonLinesCarryTheChosenKeysInOrder() throws Exception {
        CliRun json = CliRun.of(args("--format", "json", "--fields", "bytes,src_addr,proto", "--limit", "5"));
        assertThat(json.code()).as(json.err()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(5);
        for (String line : lines) {
            assertThat(line).matches("\\{\"bytes\":\\d+,\"src_addr\":\"[0-9a-f.:]+\",\"proto\":\\d+}");
        }
    }

    @Test
    void aTableShowsTheChosenFieldsForPeople() {
        CliRun table = CliRun.of(args("--fields", "first,proto,tcp_flags,src_addr,bytes", "--limit", "200", "proto tcp"));
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("first", "proto", "tcp_flags", "src_addr", "bytes");
        assertThat(lines).hasSize(201);
        // times to the millisecond, protocol names, flags as letters, human-scaled byte counts
        assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+TCP\\s+[.A-Z]{8}\\s+\\S+\\s+[0-9.]+( [kMGT])?");
    }

    @Test
    void anUnknownOrEmptyFieldListIsAUsageError() {
        for (String fields : List.of("src_adr", ",", "first,,nope")) {
            CliRun r = CliRun.of(args("--fields", fields));
            assertThat(r.code()).as(fields).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
            assertThat(r.err()).startsWith("flowsec: ").contains("--fields");
        }
    }
}
