package org.flowsec.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowsec.flow.FlowBatch;
import org.junit.jupiter.api.Test;

class FilterTest {
    @Test
    void aFilterFileNarrowedByACommandLineFilterSelectsWhatBothSelect() {
        Filter f = Filter.parse("# web\nport in [80 443]").and(Filter.parse("src net 10.0.0.0/8"));
        assertThat(f.text()).isEqualTo("port in [80 443] and src net 10.0.0.0/8");
        FlowBatch b = Flows.batch(List.of("src_addr=10.0.0.1 dst_port=80", "src_addr=11.0.0.1 dst_port=80",
                "src_addr=10.0.0.1 dst_port=22"));
        int[] rows = new int[3];
        assertThat(f.predicate().select(b, rows)).isEqualTo(1);
        assertThat(rows[0]).isZero();
        assertThat(f.requiredAddresses()).hasValueSatisfying(l -> assertThat(l).hasSize(1));
    }

    @Test
    void noFilterMatchesEveryFlowAndHintsNothing() {
        Filter all = Filter.all();
        FlowBatch b = Flows.batch(List.of("", "src_addr=2001:db8::1"));
        assertThat(all.predicate().select(b, new int[2])).isEqualTo(2);
        assertThat(all.requiredAddresses()).isEmpty();
        assertThat(all.timeBounds()).isEqualTo(TimeBounds.UNBOUNDED);
    }

    @Test
    void anAccessListBecomesAFilter() {
        Filter f = Filter.acl("ip access-list extended ssh permit tcp any any eq 22", "ssh");
        assertThat(f.text()).isEqualTo("proto 6 and dst port 22");
    }
}
