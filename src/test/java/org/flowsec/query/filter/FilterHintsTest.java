package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilterHintsTest {
    private static final long T = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    private static final long U = Instant.parse("2026-11-26T11:00:00Z").toEpochMilli();

    @Test
    void aHostOrAnyOfSeveralHostsIsRequired() {
        assertThat(required("host 10.0.0.1")).hasValue(List.of("10.0.0.1"));
        assertThat(required("src ip 10.0.0.1 or dst ip 2001:db8::1")).hasValue(List.of("10.0.0.1", "2001:db8::1"));
        assertThat(required("ip in [10.0.0.1 10.0.0.2] or host 10.0.0.1")).hasValue(List.of("10.0.0.1", "10.0.0.2"));
        assertThat(required("net 10.0.0.0/8 and port 80")).hasValue(List.of("10.0.0.0/8"));
    }

    @Test
    void aConjunctionNeedsOnlyOneSideToPinAnAddress() {
        assertThat(required("host 10.0.0.1 and port 80")).hasValue(List.of("10.0.0.1"));
        assertThat(required("proto tcp and (host 10.0.0.1 or host 10.0.0.2)")).hasValue(List.of("10.0.0.1", "10.0.0.2"));
        assertThat(required("ip in [10.0.0.1 10.0.0.2 10.0.0.3] and dst ip 10.0.0.9")).hasValue(List.of("10.0.0.9"));
    }

    @Test
    void nothingIsRequiredWhenSomeMatchingFlowNeedNotCarryTheAddress() {
        assertThat(required("host 10.0.0.1 or port 80")).isEmpty();
        assertThat(required("not host 10.0.0.1")).isEmpty();
        assertThat(required("next ip 10.0.0.1")).isEmpty();
        assertThat(required("exporter ip 10.0.0.1")).isEmpty();
        assertThat(required("proto tcp")).isEmpty();
    }

    @Test
    void firstAndLastComparisonsBoundTheTimeRange() {
        TimeBounds b = FilterHints.timeBounds(FilterParser.parse(
                "first >= 2026-11-26T10:00:00Z and last < 2026-11-26T11:00:00Z and proto tcp"));
        assertThat(b).isEqualTo(new TimeBounds(T, U - 1, T, U - 1));
        assertThat(b.mayMatchFirst(U, U + 5)).isFalse();
        assertThat(b.mayMatchFirst(T - 5, T)).isTrue();
        assertThat(b.mayMatch(T, T + 10, U, U + 10)).as("every flow of the block ends too late").isFalse();
        assertThat(b.mayMatch(T, T + 10, T + 20, U)).isTrue();
        assertThat(b.mayMatch(T - 20, T - 10, T, U)).as("every flow of the block starts too early").isFalse();
        assertThat(FilterHints.timeBounds(FilterParser.parse("first > 2026-11-26T10:00:00Z")))
                .isEqualTo(new TimeBounds(T + 1, Long.MAX_VALUE, T + 1, Long.MAX_VALUE));
    }

    @Test
    void disjunctionsWidenAndNegationsDropTheBounds() {
        TimeBounds or = FilterHints.timeBounds(FilterParser.parse(
                "first = 2026-11-26T10:00:00Z or first = 2026-11-26T11:00:00Z"));
        assertThat(or.firstMin()).isEqualTo(T);
        assertThat(or.firstMax()).isEqualTo(U);
        assertThat(FilterHints.timeBounds(FilterParser.parse("not first > 2026-11-26T10:00:00Z")))
                .isEqualTo(TimeBounds.UNBOUNDED);
        assertThat(FilterHints.timeBounds(FilterParser.parse("first > 2026-11-26T10:00:00Z or port 80")))
                .isEqualTo(TimeBounds.UNBOUNDED);
    }

    @Test
    void contradictoryBoundsAreEmpty() {
        assertThat(FilterHints.timeBounds(FilterParser.parse(
                "first > 2026-11-26T11:00:00Z and last < 2026-11-26T10:00:00Z")).isEmpty()).isTrue();
    }

    private static Optional<List<String>> required(String filter) {
        return FilterHints.requiredAddresses(FilterParser.parse(filter))
                .map(l -> l.stream().map(Prefix::toString).toList());
    }
}
