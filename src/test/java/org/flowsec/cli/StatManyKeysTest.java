package org.flowsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stat --by A --by B ...} prints, from one scan, the tables that {@code stat --by A}, {@code stat --by B}
 * ... print one by one: 20,000 realistic flows in blocks of 1,000 over two segments.
 */
class StatManyKeysTest extends RealisticStoreCliTest {
    private static List<String> args(String... more) {
        List<String> a = command("stat", "--format", "csv");
        a.addAll(List.of(more));
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void oneScanGivesEachTableItsOwnRunGives(String threads) {
        List<String> keys = List.of("src_addr", "dst_port", "srcip4/24,proto", "ip");
        for (List<String> shape : List.of(
                List.of("--order", "bytes", "--top", "5"),
                List.of("--order", "flows", "--bottom", "3", "--filter", "proto tcp"),
                List.of("--order", "packets", "--top", "4", "--distinct", "dst_addr", "--filter", "not port 53"))) {
            List<String> many = args("--threads", threads);
            many.addAll(shape);
            StringBuilder expected = new StringBuilder();
            for (String key : keys) {
                many.add("--by");
                many.add(key);
                List<String> one = args("--threads", threads, "--by", key);
                one.addAll(shape);
                CliRun alone = CliRun.of(one);
                assertThat(alone.code()).as(alone.err()).isZero();
                assertThat(alone.lines()).as(key + " " + shape).hasSizeGreaterThan(1);
                expected.append(expected.length() == 0 ? "" : "\n").append(alone.out());
            }
            CliRun together = CliRun.of(many);
            assertThat(together.code()).as(together.err()).isZero();
            assertThat(together.out()).as(shape.toString()).isEqualTo(expected.toString());
        }
    }
}
