package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ranking by address with no filter reads the sealed segments' stored address totals instead of their rows;
 * it must print exactly what the scan of every row prints. The filter {@code bytes >= 0} matches every flow but
 * is a filter, so it makes the same question scan: 20,000 realistic flows in two sealed segments.
 */
class StatStoredTotalsTest extends RealisticStoreCliTest {
    private static final String EVERY_ROW = "bytes >= 0";

    private static CliRun stat(String threads, List<String> shape, String... filter) {
        List<String> a = new ArrayList<>(List.of("stat", "--store", store, "--format", "csv", "--threads", threads));
        a.addAll(shape);
        a.addAll(List.of(filter));
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void rankingsFromTheTotalsEqualRankingsFromEveryRow(String threads) {
        for (String key : List.of("src_addr", "dst_addr", "ip", "srcip4/24", "dstip4/16", "dstip6/48")) {
            for (List<String> shape : List.of(
                    List.of("--order", "bytes", "--top", "7"),
                    List.of("--order", "flows", "--bottom", "4"),
                    List.of("--order", "pps", "--top", "5"),
                    List.of("--order", "packets", "--top", "3", "--threshold", "1000"))) {
                List<String> s = new ArrayList<>(List.of("--by", key));
                s.addAll(shape);
                CliRun fromTotals = stat(threads, s);
                CliRun fromRows = stat(threads, s, EVERY_ROW);
                assertThat(fromTotals.lines()).as(key + " " + shape).hasSizeGreaterThan(1);
                assertThat(fromTotals.out()).as(key + " " + shape).isEqualTo(fromRows.out());
                assertThat(fromTotals.err()).contains("2 segments from their address totals");
                assertThat(totals(fromTotals)).isEqualTo(totals(fromRows));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void aWindowCuttingASegmentScansThatSegmentAndStillEqualsEveryRow(String threads) {
        // up to just after the first segment's latest end: every flow of it overlaps, those of the second starting
        // later do not, so the first comes from its totals and the second is scanned
        CliRun info = CliRun.of(List.of("info", "--store", store, "--by", "segment", "--format", "csv", "--quiet"));
        assertThat(info.lines()).hasSize(3);
        String firstLast = info.lines().get(1).split(",")[7];
        List<String> window = List.of("--to", java.time.Instant.parse(firstLast).plusMillis(1).toString());
        List<String> s = new ArrayList<>(List.of("--by", "src_addr", "--order", "bytes", "--top", "6"));
        s.addAll(window);
        CliRun fromTotals = stat(threads, s);
        CliRun fromRows = stat(threads, s, EVERY_ROW);
        assertThat(fromTotals.out()).isEqualTo(fromRows.out());
        assertThat(totals(fromTotals)).isEqualTo(totals(fromRows));
        assertThat(fromTotals.err()).contains("1 segments from their address totals");
        assertThat(fromTotals.lines()).hasSizeGreaterThan(1);
    }

    /** The summary's flows, packets and bytes: the part before what was read. */
    private static String totals(CliRun r) {
        String summary = r.err().lines().filter(l -> l.startsWith("Summary:")).findFirst().orElseThrow();
        return summary.substring(0, summary.indexOf(';'));
    }
}
