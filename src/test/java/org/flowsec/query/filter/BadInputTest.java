package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever text arrives, parsing ends in a tree or a FilterSyntaxException with a caret inside the text. */
class BadInputTest {
    private static final List<String> WORDS = List.of("src", "dst", "ip", "host", "net", "port", "proto", "tcp",
            "in", "[", "]", "(", ")", "and", "or", "not", "!", "&&", "||", "=", ">", "<=", "!=", "10.0.0.1",
            "10.0.0.0/8", "255.0.0.0", "2001:db8::/32", "80", "70000", "1k", "flags", "SA", "first", "last",
            "2026-11-26T10:00:00Z", "next", "exporter", "as", "if", "out", "mask", "bytes", "pps", "end_reason",
            "icmp-type", "#", "\n", ",", "any", "permit", "deny", "eq", "range", "0.0.0.255");

    @Property(tries = 3000)
    void tokenSoupParsesOrRaisesASyntaxError(@ForAll("soup") String text) {
        parseOrSyntaxError(text);
    }

    @Property(tries = 2000)
    void arbitraryTextParsesOrRaisesASyntaxError(@ForAll("text") String text) {
        parseOrSyntaxError(text);
    }

    @Property(tries = 2000)
    void accessListSoupParsesOrRaisesASyntaxError(@ForAll("soup") String text) {
        try {
            AclParser.parse("ip access-list extended x " + text, "x");
        } catch (FilterSyntaxException e) {
            assertThat(e.position()).isBetween(0, e.expression().length());
        }
    }

    private static void parseOrSyntaxError(String text) {
        try {
            Expr e = FilterParser.parse(text);
            assertThat(FilterParser.parse(FilterPrinter.print(e))).isEqualTo(e);
            FilterCompiler.compile(e);
        } catch (FilterSyntaxException e) {
            assertThat(e.position()).isBetween(0, text.length());
            assertThat(e.getMessage()).contains("^");
        }
    }

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(WORDS).list().ofMaxSize(12).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }
}
