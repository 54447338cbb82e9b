package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every example of docs/filter-language.md parses, and a few select exactly the flows the page implies. */
class FilterLanguageDocTest {
    private static final Path DOC = Path.of("docs/filter-language.md");
    private static List<String> lines;

    @BeforeAll
    static void readDoc() throws IOException {
        lines = Files.readAllLines(DOC);
    }

    /** The bodies of the fenced blocks of one kind, e.g. {@code filter}. */
    private static List<List<String>> blocks(String kind) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            if (current == null && line.equals("```" + kind)) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                out.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    private static List<String> filterExamples() {
        return blocks("filter").stream().flatMap(List::stream).filter(l -> !l.isBlank()).toList();
    }

    @Test
    void everyFilterExampleParsesAndPrintsBackToAnEquivalentFilter() {
        List<String> examples = filterExamples();
        assertThat(examples).hasSizeGreaterThan(60);
        for (String example : examples) {
            Expr e = FilterParser.parse(example);
            assertThat(FilterParser.parse(FilterPrinter.print(e))).as(example).isEqualTo(e);
        }
    }

    @Test
    void theFilterFileExampleParsesAsOneFilterWithItsComments() {
        List<List<String>> files = blocks("filterfile");
        assertThat(files).hasSize(1);
        Expr e = FilterParser.parse(String.join("\n", files.get(0)));
        assertThat(e).isEqualTo(FilterParser.parse(
                "dst net 192.0.2.0/24 and dst port in [80 443] and not src net 10.0.0.0/8"));
        assertSelects(String.join("\n", files.get(0)),
                List.of("src_addr=203.0.113.9 dst_addr=192.0.2.10 dst_port=443"),
                List.of("src_addr=10.0.0.9 dst_addr=192.0.2.10 dst_port=443",
                        "src_addr=203.0.113.9 dst_addr=192.0.2.10 dst_port=22",
                        "src_addr=203.0.113.9 dst_addr=192.0.3.10 dst_port=80"));
    }

    @Test
    void theAccessListExampleDefinesItsListsAndTheyFilter() {
        List<List<String>> acls = blocks("acl");
        assertThat(acls).hasSize(1);
        String text = String.join("\n", acls.get(0));
        for (String name : List.of("webhost", "lan", "web", "block")) {
            assertThat(AclParser.parse(text, name)).as(name).isNotNull();
        }
        FlowPredicate lan = FilterCompiler.compile(AclParser.parse(text, "lan"));
        FlowBatch b = Flows.batch(List.of("src_addr=10.0.0.66", "src_addr=10.0.0.7", "src_addr=10.0.1.7"));
        assertThat(IntStream.range(0, 3).filter(r -> lan.test(b, r)).toArray()).containsExactly(1);
    }

    @Test
    void everyErrorExampleIsTheMessageFlowsecPrints() {
        List<List<String>> errors = blocks("error");
        assertThat(errors).hasSizeGreaterThanOrEqualTo(3);
        for (List<String> block : errors) {
            String filter = block.get(0);
            String message = String.join("\n", block.subList(1, block.size()));
            assertThatThrownBy(() -> FilterParser.parse(filter)).as(filter)
                    .isInstanceOf(FilterSyntaxException.class).hasMessage(message);
        }
    }

    @Test
    void documentedExamplesSelectTheFlowsTheirDescriptionPromises() {
        docExample("proto tcp and dst port 80", List.of("proto=6 dst_port=80"), List.of("proto=17 dst_port=80"));
        docExample("net 10.0.0.0 255.0.0.0", List.of("dst_addr=10.200.0.1"), List.of("dst_addr=11.0.0.1"));
        docExample("ip in [10.0.0.1 10.0.0.2 192.168.0.0/16 2001:db8::/48]",
                List.of("src_addr=192.168.7.7", "dst_addr=2001:db8::77"), List.of("dst_addr=2001:db8:1::77"));
        docExample("port != 80", List.of("src_port=80 dst_port=81"), List.of("src_port=80 dst_port=80"));
        docExample("flags S and not flags AFRPU", List.of("tcp_flags=2"), List.of("tcp_flags=18"));
        docExample("packets > 1k", List.of("packets=1001"), List.of("packets=1000"));
        docExample("bps > 10M", List.of("bytes=12500002"), List.of("bytes=12500000"));
        docExample("first >= 2026/11/26.09:00:00 and last < 2026/11/26.11:00:00",
                List.of("first=2026-11-26T09:00:00Z last=2026-11-26T10:59:59Z"),
                List.of("first=2026-11-26T08:59:59Z", "first=2026-11-26T10:00:00Z last=2026-11-26T11:00:00Z"));
        docExample("end_reason = 2", List.of("end_reason=2"), List.of("end_reason=3"));
    }

    private void docExample(String filter, List<String> match, List<String> noMatch) {
        assertThat(filterExamples()).as("the page shows " + filter).contains(filter);
        assertSelects(filter, match, noMatch);
    }

    private static void assertSelects(String filter, List<String> match, List<String> noMatch) {
        List<String> all = new ArrayList<>(noMatch);
        all.addAll(match);
        FlowBatch b = Flows.batch(all);
        int[] rows = new int[b.size()];
        int n = FilterCompiler.compile(filter).select(b, rows);
        assertThat(Arrays.copyOf(rows, n)).as(filter)
                .containsExactly(IntStream.range(noMatch.size(), all.size()).toArray());
    }
}
